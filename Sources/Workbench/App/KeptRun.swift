import OTSolvers

/// A finished or stopped run kept on the convergence chart for comparison (`c`).
public struct KeptRun: Sendable {
    public var label: String
    public var records: [IterationRecord]
}
