import OTCore

/// The debiased Sinkhorn divergence (Ramdas et al. 2017; Genevay, Peyré, Cuturi 2018; Feydy et al.
/// 2019):
///
///     S(a, b) = OT(a, b) - OT(a, a) / 2 - OT(b, b) / 2,   OT = <P, C> + reg KL(P | a b^T) at the optimum,
///
/// which removes the entropic bias (S(a, a) = 0) and is non-negative for the usual costs. Each OT
/// value is the dual objective of a log-domain Sinkhorn solve (equal to the primal at the optimum
/// and accurate to second order in the marginal error before it).
///
/// The self terms need the costs C(x, x') and C(y, y'), so the problem must come with point clouds
/// and a ground cost; a bare cost matrix is rejected. The cross term is a log-domain Sinkhorn solve;
/// each self term is symmetric (one potential f, plan exp((f_i + f_j - C_ij)/reg)) and uses the
/// averaged fixed-point update `f <- (f + T(f)) / 2` of Feydy et al. (AISTATS 2019), which converges
/// where the plain alternating iteration crawls on a symmetric problem. One iteration advances each
/// of the three solves that is not yet converged by one iteration; the marginal error is the sum of
/// the three marginal errors. `cost` and the plan are those of the cross problem (a, b).
public final class SinkhornDivergence: TransportSolver {
    public static let descriptor = SolverDescriptor(
        name: "divergence",
        title: "Sinkhorn divergence (debiased)",
        summary: "S = OT(a,b) - OT(a,a)/2 - OT(b,b)/2 with OT the entropic value <P,C> + reg KL(P|ab^T): three log-domain Sinkhorn solves advanced together; objective = S. Needs point clouds. Marginal error = sum of the three solves'.",
        parameters: [
            CommonParameters.regularization(),
            CommonParameters.tolerance(),
            CommonParameters.maxIterations(),
        ],
        make: { problem, parameters in try SinkhornDivergence(problem: problem, parameters: parameters) })

    public let problem: TransportProblem
    public let regularization: Double
    public private(set) var iteration = 0
    public private(set) var marginalError = Double.infinity

    /// The cross solve OT(a, b) and the self solves OT(a, a), OT(b, b).
    private let cross: SinkhornLog
    private let selfSolves: [SymmetricSinkhorn]
    private var finished: [Bool] = [false, false, false]

    public var extras: [SolverExtra] {
        [
            SolverExtra("error_ab", cross.marginalError),
            SolverExtra("error_aa", selfSolves[0].marginalError),
            SolverExtra("error_bb", selfSolves[1].marginalError),
        ]
    }

    public init(problem: TransportProblem, parameters: ParameterValues) throws {
        guard let groundCost = problem.groundCost, let xs = problem.source.points, let ys = problem.target.points else {
            throw InputError(
                "problem", nil,
                "the Sinkhorn divergence needs the source and target as point clouds with a ground cost (--cost): the self terms OT(a,a) and OT(b,b) use costs between points of the same cloud, which a given cost matrix does not contain")
        }
        self.problem = problem
        regularization = parameters.real("reg")
        var inner = SinkhornLog.descriptor.defaults
        try inner.set("reg", .real(regularization))
        try inner.set("tol", .real(parameters.real("tol")))
        cross = try SinkhornLog(problem: problem, parameters: inner)
        let tolerance = parameters.real("tol")
        selfSolves = [
            SymmetricSinkhorn(measure: problem.source, cost: groundCost.matrix(from: xs, to: xs), regularization: regularization, tolerance: tolerance),
            SymmetricSinkhorn(measure: problem.target, cost: groundCost.matrix(from: ys, to: ys), regularization: regularization, tolerance: tolerance),
        ]
    }

    public func step() -> SolverStatus {
        iteration += 1
        for k in 0..<3 where !finished[k] {
            let status = k == 0 ? cross.step() : selfSolves[k - 1].step()
            switch status {
            case .running: break
            case .converged: finished[k] = true
            default: return status
            }
        }
        marginalError = cross.marginalError + selfSolves[0].marginalError + selfSolves[1].marginalError
        return finished.allSatisfy { $0 } ? .converged : .running
    }

    /// The three entropic OT values (dual objectives): (ab, aa, bb).
    public func terms() -> (ab: Double, aa: Double, bb: Double) {
        let e = cross.evaluate()
        return (e.dualObjective ?? e.objective, selfSolves[0].dualValue(), selfSolves[1].dualValue())
    }

    /// cost = <P, C> of the cross plan, objective = S, mass = the cross plan's.
    public func evaluate() -> SolverEvaluation {
        let e = cross.evaluate()
        let divergence = (e.dualObjective ?? e.objective) - 0.5 * (selfSolves[0].dualValue() + selfSolves[1].dualValue())
        return SolverEvaluation(cost: e.cost, objective: divergence, dualObjective: nil, mass: e.mass)
    }

    public func plan() -> TransportPlan { cross.plan() }

    public func potentials() -> DualPotentials? { cross.potentials() }

    public func aggregatedPlan(maxRows: Int, maxColumns: Int) -> DenseMatrix {
        cross.aggregatedPlan(maxRows: maxRows, maxColumns: maxColumns)
    }
}

/// Entropic OT of a measure with itself: one potential f, plan `exp((f_i + f_j - C_ij) / reg)` for
/// a symmetric C, averaged update `f <- (f + T(f)) / 2` with `T(f)_i = reg log a_i - reg LSE_j((f_j - C_ij)/reg)`.
/// Marginal error: rows and columns are equal, so it is twice the rows' L1 violation.
final class SymmetricSinkhorn {
    let cost: DenseMatrix
    let weights: [Double]
    let regularization: Double
    let tolerance: Double
    private let logWeights: [Double]
    private var f: [Double]
    private var rowLSE: [Double]
    private(set) var marginalError = Double.infinity

    init(measure: Measure, cost: DenseMatrix, regularization: Double, tolerance: Double) {
        self.cost = cost
        weights = measure.weights
        self.regularization = regularization
        self.tolerance = tolerance
        logWeights = measure.weights.map { $0 > 0 ? libmLog($0) : -.infinity }
        f = [Double](repeating: 0, count: measure.count)
        rowLSE = f
    }

    func step() -> SolverStatus {
        let reg = regularization, inverse = 1 / reg
        LogSumExp.softminRows(cost: cost, potential: f, inverseRegularization: inverse, into: &rowLSE)
        var error = 0.0
        for i in 0..<f.count where weights[i] > 0 { error += abs(libmExp(f[i] * inverse + rowLSE[i]) - weights[i]) }
        guard error.isFinite else {
            return .diverged(reason: EntropicDiagnosis.notFinite("a self-transport potential", regularization: reg, logDomain: true))
        }
        marginalError = 2 * error
        if marginalError < tolerance { return .converged }
        for i in 0..<f.count {
            f[i] = weights[i] > 0 ? 0.5 * (f[i] + reg * (logWeights[i] - rowLSE[i])) : -.infinity
        }
        return .running
    }

    /// `2 <f - reg log a, a> - reg (mass(P) - |a|^2)`, the entropic OT value at the optimum.
    func dualValue() -> Double {
        let reg = regularization
        let s = LogSumExp.planStatistics(cost: cost, f: f, g: f, regularization: reg)
        var total = 0.0
        for i in 0..<f.count where weights[i] > 0 { total += 2 * weights[i] * (f[i] - reg * logWeights[i]) }
        let mass = Kernels.sum(weights)
        return total - reg * (s.mass - mass * mass)
    }
}
