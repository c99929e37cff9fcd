import OTCore

/// Quadratically regularized OT (Blondel, Seguy, Rolet, AISTATS 2018):
/// `min <P, C> + (reg/2) ||P||^2` over the transport polytope, solved on its dual or semi-dual by
/// the Core L-BFGS. Unlike entropic OT the optimal plan is sparse: entries are exactly zero where
/// `alpha_i + beta_j < C_ij`.
///
/// - `dual`: maximize `D(alpha, beta)` (see `QuadraticDualObjective`); plan
///   `P = max(alpha_i + beta_j - C_ij, 0) / reg`. Marginal error: L1 of both row and column
///   violations of that plan, which is the L1 norm of the dual gradient.
/// - `semi-dual`: maximize `S(alpha)` with `beta` eliminated; column j of the plan is `b_j` times
///   the simplex projection of `(alpha - C_:j) / (b_j reg)`, so the columns are exact and the
///   marginal error is the row violation.
///
/// POT convention: POT's `smooth_ot_dual(a, b, M, reg, reg_type='l2')` regularizes with
/// `0.5 * reg * ||P||^2` (`SquaredL2.Omega`), the same problem with the same `reg`.
/// Reported `cost` is `<P, C>`, `objective` is `<P, C> + (reg/2)||P||^2` of the recovered plan,
/// the dual objective is `D` (or `S`).
public final class QuadraticOT: TransportSolver {
    public static let descriptor = SolverDescriptor(
        name: "quadratic",
        title: "Quadratically regularized OT (L-BFGS)",
        summary: "min <P,C> + (reg/2)||P||^2 by L-BFGS on the dual or semi-dual; the plan is sparse. Marginal error: L1 violation of the recovered plan (the dual gradient's L1 norm).",
        parameters: [
            ParameterDescriptor(
                name: "reg", label: "regularization", kind: .real(default: 0.1, range: 1e-9...1e9, logScale: true),
                unit: "cost units",
                help: "Weight of the quadratic term (reg/2)||P||^2, as POT's l2 reg. Smaller is closer to exact OT and sparser."),
            ParameterDescriptor(
                name: "formulation", label: "formulation", kind: .choice(default: "dual", options: ["dual", "semi-dual"]),
                help: "dual: L-BFGS over both potentials. semi-dual: over the source potential with exact column marginals (simplex projections)."),
            CommonParameters.tolerance(),
            CommonParameters.maxIterations(default: 10_000),
            lbfgsMemoryParameter,
        ],
        make: { problem, parameters in try QuadraticOT(problem: problem, parameters: parameters) })

    /// L-BFGS memory, shared with the other L-BFGS solvers.
    static let lbfgsMemoryParameter = ParameterDescriptor(
        name: "memory", label: "L-BFGS memory", kind: .integer(default: 10, range: 1...100),
        help: "Number of recent gradient pairs L-BFGS keeps to model curvature.")

    public let problem: TransportProblem
    public let regularization: Double
    public let tolerance: Double
    public let formulation: String
    private let run: any SmoothDualDriving

    public var iteration: Int { run.iterations }
    public var marginalError: Double { run.marginalError }
    public var extras: [SolverExtra] {
        [SolverExtra("plan_nnz", Double(run.nonzeros)), SolverExtra("gradient_norm", run.gradientNorm),
         SolverExtra("step_length", run.stepLength)]
    }

    public init(problem: TransportProblem, parameters: ParameterValues) throws {
        self.problem = problem
        regularization = parameters.real("reg")
        tolerance = parameters.real("tol")
        formulation = parameters.choice("formulation")
        let memory = parameters.integer("memory")
        if formulation == "dual" {
            run = SmoothDualRun(
                objective: QuadraticDualObjective(cost: problem.cost, a: problem.a, b: problem.b, regularization: regularization),
                memory: memory)
        } else {
            run = SmoothDualRun(
                objective: QuadraticSemiDualObjective(
                    cost: problem.cost, a: problem.a, b: problem.b, regularization: regularization, sparsity: problem.sourceCount),
                memory: memory)
        }
    }

    public func step() -> SolverStatus {
        if run.marginalError < tolerance { return .converged }
        switch run.advance() {
        case .notFinite:
            return .diverged(reason: "the quadratic dual became NaN or infinite at reg=\(ParameterValue.format(regularization)); check the cost matrix for huge entries or raise reg")
        case .stalled(let reason):
            if run.marginalError < tolerance { return .converged }
            return .diverged(reason: QuadraticEvaluation.stalled(reason, marginalError: run.marginalError, regularization: regularization))
        case .progressed:
            guard run.marginalError.isFinite else {
                return .diverged(reason: "the marginal error became NaN or infinite at reg=\(ParameterValue.format(regularization)); raise reg")
            }
            return run.marginalError < tolerance ? .converged : .running
        }
    }

    public func evaluate() -> SolverEvaluation {
        QuadraticEvaluation.evaluation(
            plan: run.recoveredPlan(), cost: problem.cost, regularization: regularization, dualValue: run.dualValue)
    }

    public func plan() -> TransportPlan { .sparse(run.recoveredPlan()) }

    public func potentials() -> DualPotentials? { run.recoveredPotentials() }
}

/// The type-erased face of `SmoothDualRun`, so a solver can hold either formulation.
protocol SmoothDualDriving: AnyObject {
    var iterations: Int { get }
    var marginalError: Double { get }
    var nonzeros: Int { get }
    var gradientNorm: Double { get }
    var dualValue: Double { get }
    var stepLength: Double { get }
    func advance() -> LBFGS.Outcome
    func recoveredPlan() -> SparsePlan
    func recoveredPotentials() -> DualPotentials
}

extension SmoothDualRun: SmoothDualDriving {
    var stepLength: Double { minimizer.lastStepLength }
    func recoveredPlan() -> SparsePlan { recovered().plan }
    func recoveredPotentials() -> DualPotentials { recovered().potentials }
}
