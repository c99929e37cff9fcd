import OTCore
import OTSolvers

/// The figures of one run of a comparison or a sweep: what the table shows and the JSON reports.
///
/// Taken from a runner's snapshot and its kept records, so a run still going gives its figures so
/// far. A diverged run has no cost (its iterate is not a plan); a run that could not start has
/// `startError` and no figures at all.
public struct RunOutcome: Sendable {
    /// What the run is called in tables and legends (the solver name, or `reg=0.1` in a sweep).
    public var label: String
    public var solverName: String
    public var parameters: ParameterValues
    public var status: SolverStatus
    public var iterations: Int
    /// Solver time in seconds (pauses excluded; runs sharing the cores each count their own).
    public var seconds: Double
    public var marginalError: Double?
    /// `<P, C>` of the last evaluated iterate; nil when diverged or not evaluated yet.
    public var cost: Double?
    public var objective: Double?
    /// Why the solver could not be built for this problem, when it could not.
    public var startError: String?
    /// The convergence log (thinned for long runs, the last record always kept).
    public var records: [IterationRecord]

    public init(label: String, snapshot: RunSnapshot, records: [IterationRecord]) {
        self.label = label
        solverName = snapshot.solverName
        parameters = snapshot.parameters
        status = snapshot.status
        iterations = snapshot.latest?.iteration ?? 0
        seconds = snapshot.latest?.seconds ?? 0
        marginalError = snapshot.latest?.marginalError
        let evaluation = snapshot.status.reason == nil ? snapshot.latestEvaluated?.evaluation : nil
        cost = evaluation?.cost
        objective = evaluation?.objective
        startError = snapshot.startError
        self.records = records
    }

    /// Reads a runner's current figures without waiting on its solver.
    public init(label: String, runner: SolverRunner) {
        self.init(label: label, snapshot: runner.snapshot, records: Array(runner.records().records))
    }

    /// The regularization the run used, where its solver has one.
    public var regularization: Double? { parameters.has("reg") ? parameters.real("reg") : nil }
}
