import OTCore
import OTSession
import OTSolvers

/// What the workbench's export (`x`) writes: the full plan, the weights it was solved between (the
/// heatmap picture divides by them, as the plan pane does) and the run's records.
public struct ExportContent: Sendable {
    /// The plan, dense or sparse.
    public var plan: TransportPlan
    /// Source weights, one per plan row.
    public var a: [Double]
    /// Target weights, one per plan column.
    public var b: [Double]
    /// The run's iteration records.
    public var records: [IterationRecord]

    public init(plan: TransportPlan, a: [Double], b: [Double], records: [IterationRecord]) {
        self.plan = plan
        self.a = a
        self.b = b
        self.records = records
    }
}
