/// Anderson acceleration (type II, Walker & Ni 2011) of a fixed-point iteration `x <- G(x)`, with
/// every buffer sized once.
///
/// From the last `depth` residual differences it finds the combination that best cancels the
/// current residual `G(x) - x` (a small least-squares problem, Tikhonov-regularized) and moves to
/// the matching combination of images. Coordinates marked inactive (e.g. potentials fixed at
/// -infinity) are left as `G(x)` gives them.
public struct AndersonAcceleration: Sendable {
    public let depth: Int
    public let count: Int
    private var previousResidual: [Double]
    private var previousImage: [Double]
    private var hasPrevious = false
    private var residualDifferences: [Double]
    private var imageDifferences: [Double]
    private var residual: [Double]
    private var stored = 0
    private var nextSlot = 0
    private var gram: [Double]
    private var coefficients: [Double]

    public init(depth: Int, count: Int) {
        precondition(depth >= 1)
        self.depth = depth
        self.count = count
        previousResidual = [Double](repeating: 0, count: count)
        previousImage = previousResidual
        residual = previousResidual
        residualDifferences = [Double](repeating: 0, count: depth * count)
        imageDifferences = residualDifferences
        gram = [Double](repeating: 0, count: depth * depth)
        coefficients = [Double](repeating: 0, count: depth)
    }

    /// Forgets the history (after a restart or a change of the map).
    public mutating func reset() {
        hasPrevious = false
        stored = 0
        nextSlot = 0
    }

    /// Given the current point `x` and its image `G(x)` in `image`, overwrites `image` with the
    /// extrapolated next point. Returns false (leaving `image` as `G(x)` and the history cleared)
    /// when the extrapolation is not finite.
    @discardableResult
    public mutating func extrapolate(point x: [Double], image: inout [Double], active: [Bool]) -> Bool {
        precondition(x.count == count && image.count == count && active.count == count)
        for k in 0..<count { residual[k] = active[k] ? image[k] - x[k] : 0 }
        if hasPrevious {
            let base = nextSlot * count
            for k in 0..<count {
                residualDifferences[base + k] = residual[k] - previousResidual[k]
                imageDifferences[base + k] = active[k] ? image[k] - previousImage[k] : 0
            }
            nextSlot = (nextSlot + 1) % depth
            stored = min(stored + 1, depth)
        }
        for k in 0..<count {
            previousResidual[k] = residual[k]
            previousImage[k] = image[k]
        }
        hasPrevious = true
        guard stored > 0 else { return true }

        // Normal equations (dR^T dR + lambda I) gamma = dR^T r.
        let m = stored
        var trace = 0.0
        residualDifferences.withUnsafeBufferPointer { d in
            residual.withUnsafeBufferPointer { r in
                for p in 0..<m {
                    let dp = d.baseAddress! + p * count
                    for q in 0...p {
                        let value = Kernels.dot(dp, d.baseAddress! + q * count, count: count)
                        gram[p * m + q] = value
                        gram[q * m + p] = value
                    }
                    trace += gram[p * m + p]
                    coefficients[p] = Kernels.dot(dp, r.baseAddress!, count: count)
                }
            }
        }
        let ridge = 1e-10 * trace / Double(m) + Double.leastNormalMagnitude
        for p in 0..<m { gram[p * m + p] += ridge }
        guard Cholesky.solve(&gram, &coefficients, order: m) else {
            reset()
            return false
        }
        for p in 0..<m {
            let gamma = coefficients[p]
            imageDifferences.withUnsafeBufferPointer { d in
                image.withUnsafeMutableBufferPointer { out in
                    Kernels.axpy(-gamma, d.baseAddress! + p * count, out.baseAddress!, count: count)
                }
            }
        }
        for k in 0..<count where active[k] && !image[k].isFinite {
            for j in 0..<count { image[j] = previousImage[j] }
            reset()
            return false
        }
        return true
    }
}
