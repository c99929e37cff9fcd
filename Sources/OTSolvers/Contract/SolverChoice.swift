/// What a delegating solver (`auto`) chose to run and why, in words a person reads: shown in the
/// statistics pane, the headless summary and `otlab solve --json` (`auto_choice`).
public struct SolverChoice: Sendable, Equatable {
    /// The registry name of the method now running, e.g. `sns`.
    public var method: String
    /// Why, with the figures that decided it, e.g. "C/reg reaches 1.2e3, tol 1e-9".
    public var reason: String
    /// Earlier choices abandoned mid-run, oldest first, each with why it was left
    /// (e.g. "sinkhorn until iteration 340: 2.1e4 more iterations projected").
    public var switches: [String]

    public init(method: String, reason: String, switches: [String] = []) {
        self.method = method
        self.reason = reason
        self.switches = switches
    }

    /// One line: `auto -> sns: C/reg reaches 1.2e3, tol 1e-9`.
    public var summary: String { "auto -> \(method): \(reason)" }
}
