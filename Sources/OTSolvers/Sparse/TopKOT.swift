import OTCore

/// Sparsity-constrained OT (Liu, Puigcerver, Blondel, ICLR 2023): quadratically regularized OT
/// where every target column of the plan has at most `k` nonzeros,
/// `min <P,C> + (reg/2)||P||^2` over plans with `P^T 1 = b`, `P 1 = a`, `||P_:j||_0 <= k`.
///
/// Solved on the semi-dual over the source potential `alpha` by the Core L-BFGS; column j of the
/// plan is `b_j` times the top-k sparse simplex projection of `(alpha - C_:j) / (b_j reg)`. The
/// column marginals are therefore exact and each column has at most `k` nonzeros. The problem is
/// nonconvex: the semi-dual is concave but only piecewise smooth, and at its maximum the row
/// marginals are in general *not* met. The marginal error reported is that row violation, honestly
/// (it is also in the extras as `row_error`); it falls to zero only when `k` is large enough.
///
/// Stops as `converged` when the row error is below `tol`, or when the semi-dual has stopped
/// increasing: L-BFGS finds no ascent, or (k < n only) the relative increase stays at round-off
/// level (1e-13: the semi-dual sums n x m terms, each rounded to 1e-16) for five iterations in a row. L-BFGS creeps at the kinks of the nonsmooth top-k
/// semi-dual; a longer memory (default 30 here) measurably gets closer to its maximum. This matches POT's `smooth_ot_semi_dual(..., reg_type='sparsity_constrained',
/// max_nz=k)` with POT's `reg` = `reg`.
public final class TopKOT: TransportSolver {
    public static let descriptor = SolverDescriptor(
        name: "topk",
        title: "Sparsity-constrained OT (top-k, semi-dual L-BFGS)",
        summary: "Quadratic OT with at most k nonzeros per target column; columns exact. Nonconvex: the marginal error is the row violation, which need not reach zero.",
        parameters: [
            ParameterDescriptor(
                name: "reg", label: "regularization", kind: .real(default: 0.1, range: 1e-9...1e9, logScale: true),
                unit: "cost units",
                help: "Weight of the quadratic term (reg/2)||P||^2, as POT's reg."),
            ParameterDescriptor(
                name: "k", label: "nonzeros per column", kind: .integer(default: 2, range: 1...1_000_000_000),
                help: "At most this many source points receive mass from each target point; k >= n gives plain quadratic OT."),
            ParameterDescriptor(
                name: "tol", label: "tolerance", kind: .real(default: 1e-9, range: 0...1, logScale: true),
                help: "Stop when the row-marginal error falls below this (or when the semi-dual stops increasing, since rows need not be met)."),
            CommonParameters.maxIterations(default: 10_000),
            ParameterDescriptor(
                name: "memory", label: "L-BFGS memory", kind: .integer(default: 30, range: 1...100),
                help: "Number of recent gradient pairs L-BFGS keeps; longer memories cope better with the kinks of the top-k semi-dual."),
        ],
        make: { problem, parameters in try TopKOT(problem: problem, parameters: parameters) })

    public let problem: TransportProblem
    public let regularization: Double
    public let tolerance: Double
    /// The column sparsity actually used: `min(k, n)`.
    public let sparsity: Int
    private let run: SmoothDualRun<QuadraticSemiDualObjective>
    private var flatIterations = 0

    public var iteration: Int { run.iterations }
    public var marginalError: Double { run.marginalError }
    public var extras: [SolverExtra] {
        [SolverExtra("plan_nnz", Double(run.nonzeros)), SolverExtra("gradient_norm", run.gradientNorm),
         SolverExtra("row_error", run.marginalError), SolverExtra("step_length", run.stepLength)]
    }

    public init(problem: TransportProblem, parameters: ParameterValues) throws {
        self.problem = problem
        regularization = parameters.real("reg")
        tolerance = parameters.real("tol")
        sparsity = min(parameters.integer("k"), problem.sourceCount)
        run = SmoothDualRun(
            objective: QuadraticSemiDualObjective(
                cost: problem.cost, a: problem.a, b: problem.b, regularization: regularization, sparsity: sparsity),
            memory: parameters.integer("memory"))
    }

    /// Relative increase of the semi-dual below which an iteration counts as flat (round-off).
    static let flatIncrease = 1e-13

    public func step() -> SolverStatus {
        if run.marginalError < tolerance { return .converged }
        let before = run.dualValue
        switch run.advance() {
        case .notFinite:
            return .diverged(reason: "the top-k semi-dual became NaN or infinite at reg=\(ParameterValue.format(regularization)); check the cost matrix for huge entries or raise reg")
        case .stalled:
            // No ascent direction left: the semi-dual is at its maximum up to round-off.
            return .converged
        case .progressed:
            guard run.marginalError.isFinite else {
                return .diverged(reason: "the row error became NaN or infinite at reg=\(ParameterValue.format(regularization)); raise reg")
            }
            if run.marginalError < tolerance { return .converged }
            let increase = run.dualValue - before
            // 1e-13, not 1e-15: with fused multiply-adds in the kernels, the k = 1 test case crept up
            // by about 1e-14 per iteration, sign-alternating noise, for all of its 10,000 iterations.
            flatIterations = increase <= Self.flatIncrease * max(abs(run.dualValue), 1e-300) ? flatIterations + 1 : 0
            // Only the nonsmooth (k < n) semi-dual can stall this way; with k = n run to tol.
            return flatIterations >= 5 && sparsity < problem.sourceCount ? .converged : .running
        }
    }

    public func evaluate() -> SolverEvaluation {
        QuadraticEvaluation.evaluation(
            plan: run.recoveredPlan(), cost: problem.cost, regularization: regularization, dualValue: run.dualValue)
    }

    public func plan() -> TransportPlan { .sparse(run.recoveredPlan()) }

    public func potentials() -> DualPotentials? { run.recoveredPotentials() }
}
