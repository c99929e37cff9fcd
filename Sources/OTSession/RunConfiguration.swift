import OTCore
import OTSolvers

/// Everything needed to start a run: the problem, the solver, its parameters and how to report.
public struct RunConfiguration: Sendable {
    /// How often the runner computes the objectives (a pass over the problem for most solvers).
    public enum EvaluationPolicy: Sendable, Equatable {
        /// Every iteration (headless `--progress`, tests).
        case everyIteration
        /// At most this many times a second, and always at the end (the workbench).
        case perSecond(Double)
        /// Only the final record (headless without progress).
        case finalOnly
    }

    public var problem: TransportProblem
    public var solver: SolverDescriptor
    public var parameters: ParameterValues
    public var evaluation: EvaluationPolicy
    /// Iterations per second to throttle to, nil for unthrottled (the workbench's speed control).
    public var iterationsPerSecond: Double?
    /// Start paused (the first iteration waits for `resume` or `step`).
    public var startPaused: Bool
    /// Keep every record in an outbox for `SolverRunner.takeStreamedRecords()` (headless
    /// `--progress`), besides the thinned history.
    public var streamsRecords: Bool
    /// Publish the full plan in the snapshot when the run ends (headless `--plan-out`, nnz).
    public var keepsFinalPlan: Bool

    public init(
        problem: TransportProblem, solver: SolverDescriptor, parameters: ParameterValues,
        evaluation: EvaluationPolicy = .perSecond(30), iterationsPerSecond: Double? = nil, startPaused: Bool = false,
        streamsRecords: Bool = false, keepsFinalPlan: Bool = false
    ) {
        self.problem = problem
        self.solver = solver
        self.parameters = parameters
        self.evaluation = evaluation
        self.iterationsPerSecond = iterationsPerSecond
        self.startPaused = startPaused
        self.streamsRecords = streamsRecords
        self.keepsFinalPlan = keepsFinalPlan
    }

    /// The iteration limit from the solver's `max-iter` parameter.
    public var maxIterations: Int {
        parameters.has("max-iter") ? parameters.integer("max-iter") : Int.max
    }
}
