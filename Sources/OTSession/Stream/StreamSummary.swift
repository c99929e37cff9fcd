import OTSolvers

/// The last line of a record stream: how the solve ended and its final figures (the fields of
/// `otlab solve --json`).
public struct StreamSummary: Sendable, Equatable {
    public var status: SolverStatus
    public var warning: String?
    public var iterations: Int?
    public var seconds: Double?
    public var cost: Double?
    public var objective: Double?
    public var dualObjective: Double?
    public var marginalError: Double?
    public var mass: Double?
    public var nonzeros: Int?

    public init(status: SolverStatus, warning: String? = nil, iterations: Int? = nil, seconds: Double? = nil, cost: Double? = nil,
                objective: Double? = nil, dualObjective: Double? = nil, marginalError: Double? = nil, mass: Double? = nil, nonzeros: Int? = nil) {
        self.status = status
        self.warning = warning
        self.iterations = iterations
        self.seconds = seconds
        self.cost = cost
        self.objective = objective
        self.dualObjective = dualObjective
        self.marginalError = marginalError
        self.mass = mass
        self.nonzeros = nonzeros
    }

    /// The status named in a stream (`converged`, `max_iter`, `diverged`, `cancelled`), nil for
    /// a name this reader does not know.
    static func status(named name: String, reason: String?) -> SolverStatus? {
        switch name {
        case "converged": .converged
        case "max_iter": .maxIterations
        case "diverged": .diverged(reason: reason ?? "the producer reported a divergence")
        case "cancelled": .cancelled
        case "running": .running
        default: nil
        }
    }
}
