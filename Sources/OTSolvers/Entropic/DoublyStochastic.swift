import OTCore

/// Sinkhorn normalization of a square score matrix S into a doubly-stochastic matrix (as in
/// Sinkformer, Sander et al. 2022, and DeepPermNet, Santa Cruz et al. 2017):
/// `P = diag(u) exp(S / reg) diag(v)` with every row and every column summing to 1.
///
/// Input convention: the problem's cost matrix is `-S` (so that `exp(-C/reg) = exp(S/reg)`) and
/// both weight vectors are all ones; the CLI's `--scores` builds exactly this. Work is in the log
/// domain, so any temperature `reg` is safe.
///
/// Iteration order: every iteration ends with the row normalization, so the rows are exact after
/// each iteration and the marginal error is the columns' L1 violation. Iteration 1 is the row
/// normalization alone, i.e. `--max-iter 1` returns the row softmax of S/reg; iteration k >= 2
/// normalizes the columns, then the rows.
public final class DoublyStochastic: LogDomainSolver {
    public static let descriptor = SolverDescriptor(
        name: "doubly-stochastic",
        title: "Doubly-stochastic normalization",
        summary: "Sinkhorn normalization of a square score matrix S (cost = -S, unit weights) into a matrix with unit row and column sums; iteration 1 is the row softmax of S/reg. Marginal error = L1 violation of the column sums (rows are exact).",
        parameters: [
            CommonParameters.regularization(default: 1),
            CommonParameters.tolerance(),
            CommonParameters.maxIterations(),
        ],
        make: { problem, parameters in try DoublyStochastic(problem: problem, parameters: parameters) })

    public let problem: TransportProblem
    public let regularization: Double
    public let tolerance: Double
    public private(set) var iteration = 0
    public private(set) var marginalError = Double.infinity
    public var extras: [SolverExtra] { [] }

    private let costTransposed: DenseMatrix
    private var f: [Double]
    private var g: [Double]
    private var rowLSE: [Double]
    /// Column log-sum-exp of the current f: the column sums' logs (minus g), reused by the next
    /// iteration's column update.
    private var columnLSE: [Double]

    public init(problem: TransportProblem, parameters: ParameterValues) throws {
        let n = problem.sourceCount
        guard problem.targetCount == n else {
            throw InputError("scores", nil, "a doubly-stochastic normalization needs a square score matrix, got \(n) x \(problem.targetCount)")
        }
        guard problem.a.allSatisfy({ $0 == 1 }), problem.b.allSatisfy({ $0 == 1 }) else {
            throw InputError("problem", nil, "doubly-stochastic expects unit weights (row and column sums 1) with cost = -scores; pass the scores with --scores")
        }
        self.problem = problem
        regularization = parameters.real("reg")
        tolerance = parameters.real("tol")
        costTransposed = problem.cost.transposed
        f = [Double](repeating: 0, count: n)
        g = f
        rowLSE = f
        columnLSE = f
    }

    public func step() -> SolverStatus {
        iteration += 1
        let reg = regularization, inverse = 1 / reg
        if iteration > 1 {
            // Column normalization with the column sums measured at the end of the last iteration.
            for j in 0..<g.count { g[j] = -reg * columnLSE[j] }
        }
        // Row normalization: rows sum to 1 exactly.
        LogSumExp.softminRows(cost: problem.cost, potential: g, inverseRegularization: inverse, into: &rowLSE)
        for i in 0..<f.count { f[i] = -reg * rowLSE[i] }
        // Column sums of the new plan, for the error now and the column update next time.
        LogSumExp.softminRows(cost: costTransposed, potential: f, inverseRegularization: inverse, into: &columnLSE)
        var error = 0.0
        for j in 0..<g.count { error += abs(libmExp(g[j] * inverse + columnLSE[j]) - 1) }
        guard error.isFinite, f.allSatisfy({ $0.isFinite }) else {
            return .diverged(reason: EntropicDiagnosis.notFinite("the normalization", regularization: reg))
        }
        marginalError = error
        return error < tolerance ? .converged : .running
    }

    /// The plan of the current potentials (plan, potentials and heatmap come from it through
    /// `LogDomainSolver`).
    public var logDomainPlan: LogDomainPlan {
        LogDomainPlan(cost: problem.cost, f: f, g: g, regularization: regularization)
    }

    public func evaluate() -> SolverEvaluation {
        let s = logDomainPlan.statistics()
        return EntropicObjective.evaluation(statistics: s, f: f, g: g, a: problem.a, b: problem.b, regularization: regularization)
    }
}
