import OTCore
import OTSolvers

/// Where the workbench's run comes from: a local solver (`SolverRunner`) or a record stream
/// (`StreamRunner`). Both publish the same snapshots and records, so the views never know which
/// engine produced them. Every method returns at once; nothing here waits on a solver or a pipe.
public protocol RunSource: AnyObject, Sendable {
    var snapshot: RunSnapshot { get }
    var isFinished: Bool { get }
    func records(from index: Int) -> (records: ArraySlice<IterationRecord>, epoch: Int)

    func pause()
    func resume()
    func togglePause()
    func step()
    func cancel()
    func setSpeed(iterationsPerSecond: Double?)
    func setHeatmapSize(rows: Int, columns: Int)
    /// The order of the heatmap's rows and columns (nil: input order), where the source can
    /// re-sum its plan (`canReorderHeatmap`); others ignore it.
    func setHeatmapOrder(_ order: HeatmapOrder?)
    var canReorderHeatmap: Bool { get }
    /// For a barycenter run: show the plan between input `k` and the barycenter (nil: the
    /// barycenter); sources without barycenters ignore it.
    func setHeatmapInput(_ k: Int?)
    func requestPlan()
    func shutdown()
    @discardableResult func restart(with configuration: RunConfiguration) -> Int

    /// False when the run belongs to someone else (a stream's producer): pause, restart and new
    /// parameters cannot reach it.
    var acceptsCommands: Bool { get }
    /// Side output of the source, newest last (a watched command's stderr); empty for a local run.
    var messages: [String] { get }
}

extension RunSource {
    public var acceptsCommands: Bool { true }
    public var messages: [String] { [] }
    /// A stream's heatmaps come summed by their producer, in input order.
    public func setHeatmapOrder(_ order: HeatmapOrder?) {}
    public var canReorderHeatmap: Bool { false }
    public func setHeatmapInput(_ k: Int?) {}
}

extension SolverRunner: RunSource {
    public var canReorderHeatmap: Bool { true }
}
