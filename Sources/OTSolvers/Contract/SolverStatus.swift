/// Where a solve stands. `diverged` carries a plain-language reason that names the cure.
public enum SolverStatus: Sendable, Equatable {
    case running
    case converged
    case maxIterations
    case diverged(reason: String)
    case cancelled

    /// The name used in JSON output and logs: converged, max_iter, diverged, cancelled, running.
    public var name: String {
        switch self {
        case .running: "running"
        case .converged: "converged"
        case .maxIterations: "max_iter"
        case .diverged: "diverged"
        case .cancelled: "cancelled"
        }
    }

    /// True once the run can make no more progress.
    public var isFinished: Bool { self != .running }

    /// The reason for a divergence, nil otherwise.
    public var reason: String? {
        if case .diverged(let reason) = self { return reason }
        return nil
    }
}
