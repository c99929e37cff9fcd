/// Preconditioned conjugate gradient for a symmetric positive (semi-)definite system `A x = b`,
/// with a diagonal (Jacobi) preconditioner and preallocated work vectors.
public enum ConjugateGradient {
    /// Work vectors, sized once per solver.
    public struct Workspace: Sendable {
        var residual: [Double]
        var preconditioned: [Double]
        var direction: [Double]
        var product: [Double]
        public init(count: Int) {
            residual = [Double](repeating: 0, count: count)
            preconditioned = residual
            direction = residual
            product = residual
        }
    }

    public struct Result: Sendable, Equatable {
        /// Matrix-vector products used.
        public var iterations: Int
        /// `||b - A x|| / ||b||` at the end (0 for a zero right-hand side).
        public var relativeResidual: Double
    }

    /// Solves `A x = b` starting from `x` (pass zeros for a cold start). `apply(v, out)` writes
    /// `A v`; `inverseDiagonal` is the preconditioner (0 freezes a coordinate, e.g. a gauge or an
    /// inactive point: its residual is ignored and it stays at its starting value). Stops when the
    /// relative residual is below `tolerance` or after `maxIterations` products.
    public static func solve(
        apply: (UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Void,
        inverseDiagonal: [Double], rhs: [Double], solution x: inout [Double],
        tolerance: Double, maxIterations: Int, workspace w: inout Workspace
    ) -> Result {
        let n = rhs.count
        precondition(x.count == n && inverseDiagonal.count == n && w.residual.count == n)
        var rhsNorm = 0.0
        for k in 0..<n where inverseDiagonal[k] != 0 { rhsNorm += rhs[k] * rhs[k] }
        rhsNorm = rhsNorm.squareRoot()
        guard rhsNorm > 0 else { return Result(iterations: 0, relativeResidual: 0) }

        // r = b - A x on the free coordinates.
        x.withUnsafeBufferPointer { xs in w.product.withUnsafeMutableBufferPointer { apply(xs.baseAddress!, $0.baseAddress!) } }
        for k in 0..<n { w.residual[k] = inverseDiagonal[k] != 0 ? rhs[k] - w.product[k] : 0 }
        for k in 0..<n { w.preconditioned[k] = inverseDiagonal[k] * w.residual[k] }
        for k in 0..<n { w.direction[k] = w.preconditioned[k] }
        var rz = Kernels.dot(w.residual, w.preconditioned)
        var residualNorm = Kernels.dot(w.residual, w.residual).squareRoot()
        var iterations = 0
        while residualNorm > tolerance * rhsNorm && iterations < maxIterations {
            w.direction.withUnsafeBufferPointer { d in w.product.withUnsafeMutableBufferPointer { apply(d.baseAddress!, $0.baseAddress!) } }
            iterations += 1
            for k in 0..<n where inverseDiagonal[k] == 0 { w.product[k] = 0 }
            let curvature = Kernels.dot(w.direction, w.product)
            guard curvature > 0, curvature.isFinite else { break }
            let alpha = rz / curvature
            x.withUnsafeMutableBufferPointer { xs in
                w.direction.withUnsafeBufferPointer { Kernels.axpy(alpha, $0.baseAddress!, xs.baseAddress!, count: n) }
            }
            w.residual.withUnsafeMutableBufferPointer { r in
                w.product.withUnsafeBufferPointer { Kernels.axpy(-alpha, $0.baseAddress!, r.baseAddress!, count: n) }
            }
            for k in 0..<n { w.preconditioned[k] = inverseDiagonal[k] * w.residual[k] }
            let rzNext = Kernels.dot(w.residual, w.preconditioned)
            let beta = rzNext / rz
            rz = rzNext
            for k in 0..<n { w.direction[k] = w.preconditioned[k] + beta * w.direction[k] }
            residualNorm = Kernels.dot(w.residual, w.residual).squareRoot()
        }
        return Result(iterations: iterations, relativeResidual: residualNorm / rhsNorm)
    }
}
