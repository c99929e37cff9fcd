import OTCore

/// Sliced Wasserstein distance (Bonneel, Rabin, Peyré & Pfister 2015, "Sliced and Radon Wasserstein
/// barycenters of measures") and max-sliced Wasserstein (Deshpande et al. 2019), as POT's
/// `ot.sliced_wasserstein_distance` and `ot.sliced.max_sliced_wasserstein_distance`.
///
/// Both clouds are projected on unit directions theta; along each direction the 1-D problem is
/// solved exactly by sorting (`Wasserstein1D`). The sliced distance is
/// `(mean_theta W_p^p(theta#mu, theta#nu))^(1/p)`, the max-sliced one `(max_theta W_p^p)^(1/p)`.
/// Each step adds a batch of directions and reports the running estimate, so a live view shows the
/// Monte-Carlo estimate settle as directions accumulate. The directions are POT's: a d x N matrix of
/// NumPy legacy normals for `seed` (`LegacyNumPyRandom`) with unit columns, or a given matrix
/// (`--projections-file`). Weights are normalized (POT's convention), so masses may differ.
/// The cost matrix is never used: the solver takes problems of any size.
public final class SlicedWasserstein: TransportSolver {
    /// The mean over directions or the maximum.
    public enum Variant: Sendable {
        case mean
        case max
    }

    static let parameters: [ParameterDescriptor] = [
        ParameterDescriptor(
            name: "projections", label: "projections", kind: .integer(default: 50, range: 1...10_000_000),
            help: "Number of random directions (POT's n_projections); ignored when the directions come from a file."),
        ParameterDescriptor(
            name: "projections-per-step", label: "projections per step", kind: .integer(default: 1, range: 1...10_000_000),
            help: "Directions added by one step; each step reports the running estimate."),
        ParameterDescriptor(
            name: "seed", label: "seed", kind: .integer(default: 0, range: 0...4_294_967_295),
            help: "Seed of the directions: NumPy's legacy RandomState, so seed S draws POT's get_random_projections(d, N, seed=S)."),
        ParameterDescriptor(
            name: "p", label: "power p", kind: .real(default: 2, range: 1...100, logScale: false),
            help: "The ground cost |x - y|^p along each direction; the result is the p-th root of the mean (or max) of W_p^p."),
    ]

    /// `sliced`: the mean over random directions.
    public static let descriptor = makeDescriptor(variant: .mean, projections: nil)
    /// `max-sliced`: the largest 1-D distance over the directions.
    public static let maxDescriptor = makeDescriptor(variant: .max, projections: nil)

    /// A descriptor whose solvers use the given `d x N` direction matrix (POT's `projections`
    /// argument, columns are directions) instead of drawing them from the seed.
    public static func makeDescriptor(variant: Variant, projections: DenseMatrix?) -> SolverDescriptor {
        SolverDescriptor(
            name: variant == .mean ? "sliced" : "max-sliced",
            title: variant == .mean ? "Sliced Wasserstein" : "Max-sliced Wasserstein",
            summary: variant == .mean
                ? """
                    Sliced Wasserstein distance (mean over random directions of the exact 1-D W_p^p, then the \
                    p-th root), as POT's sliced_wasserstein_distance. Each step adds directions; cost is the \
                    running estimate and the marginal error is the Monte-Carlo standard error of the mean W_p^p.
                    """
                : """
                    Max-sliced Wasserstein distance (largest exact 1-D W_p^p over the directions, then the p-th \
                    root), as POT's max_sliced_wasserstein_distance. Each step adds directions; cost is the running \
                    maximum and the marginal error the Monte-Carlo standard error of the mean W_p^p.
                    """,
            parameters: parameters, requiresEqualMass: false, acceptsImplicitCost: true,
            make: { problem, values in try SlicedWasserstein(problem: problem, parameters: values, variant: variant, projections: projections) })
    }

    public private(set) var iteration = 0
    public private(set) var marginalError = Double.infinity

    private let variant: Variant
    private let xs: DenseMatrix
    private let xt: DenseMatrix
    private let a: [Double]
    private let b: [Double]
    private let p: Double
    /// Directions as rows (`N x d`): row k is the k-th column of POT's projection matrix.
    private let directions: DenseMatrix
    private let perStep: Int
    private var oneD = Wasserstein1D()
    private var projectedSource: [Double]
    private var projectedTarget: [Double]
    /// W_p^p along each direction used so far.
    public private(set) var projectedPowers: [Double] = []
    private var sum = 0.0
    private var sumOfSquares = 0.0
    private var largest = 0.0

    /// Builds the solver; throws `InputError` unless both measures are point clouds of one dimension.
    public init(problem: TransportProblem, parameters: ParameterValues, variant: Variant = .mean, projections: DenseMatrix? = nil) throws {
        let name = variant == .mean ? "sliced" : "max-sliced"
        guard let xs = problem.source.points, let xt = problem.target.points else {
            throw InputError("problem", nil, "\(name) projects point clouds, but a measure is a weight vector without coordinates")
        }
        guard xs.columns == xt.columns else {
            throw InputError("problem", nil, "\(name) needs clouds of one dimension; the source has \(xs.columns) coordinates and the target \(xt.columns)")
        }
        let d = xs.columns
        self.variant = variant
        self.xs = xs
        self.xt = xt
        a = problem.a
        b = problem.b
        p = parameters.real("p")
        perStep = parameters.integer("projections-per-step")
        if let projections {
            guard projections.rows == d, projections.columns > 0 else {
                throw InputError("--projections-file", nil, "holds a \(projections.rows) x \(projections.columns) matrix; expected \(d) x N (one column per direction, POT's layout)")
            }
            guard projections.isFinite else { throw InputError("--projections-file", nil, "holds a value that is not finite") }
            directions = projections.transposed
        } else {
            directions = Self.randomDirections(dimension: d, count: parameters.integer("projections"), seed: UInt32(parameters.integer("seed")))
        }
        projectedSource = [Double](repeating: 0, count: xs.rows)
        projectedTarget = [Double](repeating: 0, count: xt.rows)
        projectedPowers.reserveCapacity(directions.rows)
    }

    /// POT's `get_random_projections(d, count, seed)`, one direction per row: a `d x count` matrix of
    /// legacy NumPy normals (row-major draws) with each column scaled to unit length.
    public static func randomDirections(dimension d: Int, count: Int, seed: UInt32) -> DenseMatrix {
        var random = LegacyNumPyRandom(seed: seed)
        var draws = [Double](repeating: 0, count: d * count)
        for index in draws.indices { draws[index] = random.nextNormal() }
        var rows = DenseMatrix(rows: count, columns: d)
        for k in 0..<count {
            var norm = 0.0
            for i in 0..<d { norm += draws[i * count + k] * draws[i * count + k] }
            norm = norm.squareRoot()
            for i in 0..<d { rows[k, i] = draws[i * count + k] / norm }
        }
        return rows
    }

    /// Number of directions used so far.
    public var projectionsUsed: Int { projectedPowers.count }

    /// The current estimate: POT's value over the directions used so far (0 before the first step).
    public var estimate: Double {
        guard !projectedPowers.isEmpty else { return 0 }
        let power = variant == .mean ? sum / Double(projectedPowers.count) : largest
        return libmPow(power, 1 / p)
    }

    /// Projects both clouds on the next batch of directions; `.converged` once all are used.
    public func step() -> SolverStatus {
        guard projectedPowers.count < directions.rows else { return .converged }
        iteration += 1
        let end = min(directions.rows, projectedPowers.count + perStep)
        for k in projectedPowers.count..<end {
            project(xs, on: k, into: &projectedSource)
            project(xt, on: k, into: &projectedTarget)
            let value = oneD.power(u: projectedSource, a: a, v: projectedTarget, b: b, p: p)
            guard value.isFinite else {
                return .diverged(reason: "the 1-D distance along direction \(k) is not finite: the coordinates are too large for |x - y|^\(ParameterValue.format(p)); rescale the clouds or use a smaller p")
            }
            projectedPowers.append(value)
            sum += value
            sumOfSquares += value * value
            largest = max(largest, value)
        }
        let count = Double(projectedPowers.count)
        if projectedPowers.count >= 2 {
            let mean = sum / count
            let variance = max(0, (sumOfSquares - count * mean * mean) / (count - 1))
            marginalError = (variance / count).squareRoot()
        }
        return projectedPowers.count == directions.rows ? .converged : .running
    }

    private func project(_ points: DenseMatrix, on k: Int, into out: inout [Double]) {
        let d = points.columns
        for i in 0..<points.rows {
            var dot = 0.0
            for c in 0..<d { dot += points.storage[i * d + c] * directions.storage[k * d + c] }
            out[i] = dot
        }
    }

    public var extras: [SolverExtra] {
        [SolverExtra("projections", Double(projectedPowers.count)),
         SolverExtra("last_projected_wpp", projectedPowers.last ?? 0)]
    }

    /// The running estimate as cost and objective (the sliced distance has no plan and no dual).
    public func evaluate() -> SolverEvaluation {
        let value = estimate
        return SolverEvaluation(cost: value, objective: value, dualObjective: nil, mass: 1)
    }

    /// No plan is formed: an empty sparse plan of the problem's shape.
    public func plan() -> TransportPlan {
        .sparse(SparsePlan(rows: xs.rows, columns: xt.rows, entries: []))
    }
}
