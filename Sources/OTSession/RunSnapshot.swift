import OTCore
import OTSolvers

/// What the UI (or a headless reporter) reads about a run: a cheap copy, taken without waiting on
/// the solver.
public struct RunSnapshot: Sendable {
    /// Increments with every restart, so readers can tell runs apart.
    public var generation: Int
    public var solverName: String
    public var parameters: ParameterValues
    public var status: SolverStatus
    public var isPaused: Bool
    /// The most recent record (always current, even when the history is thinned).
    public var latest: IterationRecord?
    /// The most recent record that carries objectives.
    public var latestEvaluated: IterationRecord?
    /// The plan summed into at most the requested heatmap size, refreshed at display rate.
    public var heatmap: DenseMatrix?
    /// The order the heatmap's rows and columns are in (nil: input order).
    public var heatmapOrder: HeatmapOrder? = nil
    /// For a barycenter run: the input whose plan to the barycenter the heatmap shows (nil: the
    /// heatmap is the barycenter itself).
    public var heatmapInput: Int? = nil
    /// Dual potentials at the last heatmap refresh, where the solver has them.
    public var potentials: DualPotentials?
    /// The full plan, when it was requested (`SolverRunner.requestPlan()`) or kept at the end.
    public var plan: TransportPlan?
    /// The iteration the plan was taken at.
    public var planIteration: Int?
    /// A solver that could not be built (bad parameters for this problem), as a one-line message.
    public var startError: String?
    /// A warning about the run's progress (a stalled marginal error, with what usually helps), nil
    /// while it makes progress. Not an error: the run goes on.
    public var warning: String?
    /// How a watched stream stands when that is not plain progress: it ended early, its command
    /// exited, it has gone quiet. Nil for a local run and a healthy stream.
    public var sourceNote: String?
    /// The latest unreadable line of a watched stream (named by number) and how many were skipped.
    public var skippedNote: String?
    /// What a delegating solver (`auto`) runs and why; nil for every other solver.
    public var choice: SolverChoice? = nil
    /// Measured solver speed over the last second or so.
    public var iterationsPerSecond: Double
    /// Changes whenever anything above changes: a cheap "should I redraw" test.
    public var revision: Int

    public static func initial(generation: Int, configuration: RunConfiguration) -> RunSnapshot {
        RunSnapshot(
            generation: generation, solverName: configuration.solver.name, parameters: configuration.parameters,
            status: .running, isPaused: configuration.startPaused, latest: nil, latestEvaluated: nil, heatmap: nil,
            potentials: nil, plan: nil, planIteration: nil, startError: nil, warning: nil, sourceNote: nil, skippedNote: nil,
            iterationsPerSecond: 0, revision: 0)
    }
}
