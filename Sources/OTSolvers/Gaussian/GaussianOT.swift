import OTCore

/// Optimal transport between the Gaussians fitted to two weighted clouds, in closed form (POT's
/// `ot.gaussian.empirical_bures_wasserstein_distance` squared and
/// `empirical_bures_wasserstein_mapping`).
///
/// For `N(m_s, S_s)` and `N(m_t, S_t)`:
/// `W2^2 = |m_s - m_t|^2 + Tr(S_s + S_t - 2 (S_s^1/2 S_t S_s^1/2)^1/2)` (Peyré & Cuturi 2019,
/// "Computational Optimal Transport", remark 2.31), and the Monge map is affine,
/// `T(x) = x A + b` with `A = S_s^-1/2 (S_s^1/2 S_t S_s^1/2)^1/2 S_s^-1/2`, `b = m_t - m_s A`
/// (Knott & Smith 1984). Means and covariances are weighted (weights normalized) and `cov-reg`
/// is added to each covariance's diagonal, as POT's `reg`. One step; no plan is formed.
public final class GaussianOT: TransportSolver {
    /// The `gaussian` solver's description.
    public static let descriptor = SolverDescriptor(
        name: "gaussian",
        title: "Gaussian closed form (Bures-Wasserstein)",
        summary: """
            Squared W2 between the Gaussians fitted to the two weighted clouds (weighted means and \
            covariances), in closed form, as POT's empirical_bures_wasserstein_distance squared; also the \
            affine Monge map between them. One step; cost is the squared distance, the marginal error is 0.
            """,
        parameters: [
            ParameterDescriptor(
                name: "cov-reg", label: "covariance regularization", kind: .real(default: 1e-6, range: 0...1e6, logScale: true),
                help: "Added to the diagonal of both covariances (POT's reg of empirical_bures_wasserstein_distance), so that S_s^-1/2 exists."),
        ],
        requiresEqualMass: false, acceptsImplicitCost: true,
        make: { problem, values in try GaussianOT(problem: problem, parameters: values) }
    )

    public private(set) var iteration = 0
    public let marginalError = 0.0

    /// The fitted means and covariances (covariances include `cov-reg` on the diagonal).
    public let sourceMean: [Double]
    public let targetMean: [Double]
    public let sourceCovariance: DenseMatrix
    public let targetCovariance: DenseMatrix
    private let n: Int
    private let m: Int
    /// `|m_s - m_t|^2` and the squared Bures term, once solved.
    public private(set) var meanTerm = 0.0
    public private(set) var buresTerm = 0.0
    /// The Monge map `x -> x A + b` (row vectors), once solved.
    public private(set) var mapMatrix: DenseMatrix?
    public private(set) var mapOffset: [Double] = []

    /// Builds the solver; throws `InputError` unless both measures are point clouds of one dimension.
    public init(problem: TransportProblem, parameters: ParameterValues) throws {
        guard let xs = problem.source.points, let xt = problem.target.points else {
            throw InputError("problem", nil, "gaussian fits means and covariances to point clouds, but a measure is a weight vector without coordinates")
        }
        guard xs.columns == xt.columns else {
            throw InputError("problem", nil, "gaussian needs clouds of one dimension; the source has \(xs.columns) coordinates and the target \(xt.columns)")
        }
        let reg = parameters.real("cov-reg")
        (sourceMean, sourceCovariance) = Self.moments(xs, problem.a, reg: reg)
        (targetMean, targetCovariance) = Self.moments(xt, problem.b, reg: reg)
        n = xs.rows
        m = xt.rows
    }

    /// Weighted mean and covariance `sum w_i (x_i - mean)(x_i - mean)^T / sum w` plus `reg I`.
    static func moments(_ x: DenseMatrix, _ w: [Double], reg: Double) -> ([Double], DenseMatrix) {
        let d = x.columns, total = Kernels.sum(w)
        var mean = [Double](repeating: 0, count: d)
        for i in 0..<x.rows {
            for c in 0..<d { mean[c] += w[i] * x[i, c] }
        }
        mean = mean.map { $0 / total }
        var covariance = DenseMatrix(rows: d, columns: d)
        for i in 0..<x.rows {
            for r in 0..<d {
                let dr = (x[i, r] - mean[r]) * w[i]
                for c in 0..<d { covariance[r, c] += dr * (x[i, c] - mean[c]) }
            }
        }
        for r in 0..<d {
            for c in 0..<d { covariance[r, c] /= total }
            covariance[r, r] += reg
        }
        return (mean, covariance)
    }

    /// Computes the distance and the map; always `.converged` (or `.diverged` for a singular covariance).
    public func step() -> SolverStatus {
        if iteration > 0 { return mapMatrix == nil ? .diverged(reason: failureReason) : .converged }
        iteration = 1
        let d = sourceMean.count
        meanTerm = zip(sourceMean, targetMean).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        let sourceEigen = SymmetricEigen(sourceCovariance)
        let root = sourceEigen.apply { max($0, 0).squareRoot() }
        let middle = SymmetricEigen.squareRoot(SymmetricEigen.product(SymmetricEigen.product(root, targetCovariance), root))
        var trace = 0.0
        for i in 0..<d { trace += sourceCovariance[i, i] + targetCovariance[i, i] - 2 * middle[i, i] }
        buresTerm = max(trace, 0)
        guard let smallest = sourceEigen.values.first, smallest > 0 else { return .diverged(reason: failureReason) }
        let inverseRoot = sourceEigen.apply { 1 / $0.squareRoot() }
        let map = SymmetricEigen.product(SymmetricEigen.product(inverseRoot, middle), inverseRoot)
        guard map.isFinite else { return .diverged(reason: failureReason) }
        mapMatrix = map
        mapOffset = (0..<d).map { c in targetMean[c] - (0..<d).reduce(0) { $0 + sourceMean[$1] * map[$1, c] } }
        return .converged
    }

    private var failureReason: String {
        "the source covariance is singular, so the Monge map does not exist; raise cov-reg (POT's reg), e.g. --param cov-reg=1e-3"
    }

    /// `T(x) = x A + b` for each source point (nil before the map exists).
    public func mappedPoints(_ x: DenseMatrix) -> DenseMatrix? {
        guard let a = mapMatrix else { return nil }
        let d = a.rows
        return DenseMatrix(rows: x.rows, columns: d) { i, c in
            mapOffset[c] + (0..<d).reduce(0) { $0 + x[i, $1] * a[$1, c] }
        }
    }

    public var extras: [SolverExtra] { [SolverExtra("mean_term", meanTerm), SolverExtra("bures_term", buresTerm)] }

    /// Cost and objective are the squared W2 between the fitted Gaussians (POT's distance squared).
    public func evaluate() -> SolverEvaluation {
        let w2 = max(meanTerm + buresTerm, 0)
        return SolverEvaluation(cost: w2, objective: w2, dualObjective: nil, mass: 1)
    }

    /// No plan is formed (the map is `mapMatrix`, `mapOffset`): an empty sparse plan.
    public func plan() -> TransportPlan {
        .sparse(SparsePlan(rows: n, columns: m, entries: []))
    }
}
