import OTCore
import OTSession
import OTSolvers

/// Several runs of one problem going at once, each on its own runner thread, read once a frame:
/// what the compare view (`m`) and the sweep view (`w`) show.
///
/// Lives on the UI thread like `WorkbenchModel`: `refresh()` copies each runner's snapshot and its
/// new records without waiting on any solver.
public final class RunGroup {
    /// One run's latest figures and its records so far (thinned by the runner for long runs).
    public private(set) var outcomes: [RunOutcome]
    /// The entry that is the exact reference (a sweep's emd run), if any.
    public let exactIndex: Int?
    private let runners: [SolverRunner]
    private var epochs: [Int]
    private var revisions: [Int]

    /// Starts every entry of `comparison` at once (each configuration carries its own speed and
    /// evaluation policy). `heatmapSize` asks each runner for its plan summed into blocks.
    public init(comparison: ComparisonRun, exactIndex: Int? = nil, heatmapSize: (rows: Int, columns: Int)? = nil) {
        let runners = comparison.startAll()
        self.runners = runners
        self.exactIndex = exactIndex
        outcomes = zip(comparison.entries, runners).map { RunOutcome(label: $0.label, snapshot: $1.snapshot, records: []) }
        epochs = Array(repeating: -1, count: runners.count)
        revisions = Array(repeating: -1, count: runners.count)
        heatmaps = Array(repeating: nil, count: runners.count)
        plans = Array(repeating: nil, count: runners.count)
        if let heatmapSize {
            for runner in runners { runner.setHeatmapSize(rows: heatmapSize.rows, columns: heatmapSize.columns) }
        }
    }

    /// The runs' final plans, for the configurations that keep one (a lesson sweep's), nil before.
    public private(set) var plans: [TransportPlan?]

    /// The block-aggregated plans of the runs (nil until a runner has published one).
    public private(set) var heatmaps: [DenseMatrix?]

    /// Pulls every runner's latest snapshot and new records; returns true when something changed.
    @discardableResult
    public func refresh() -> Bool {
        var changed = false
        for (index, runner) in runners.enumerated() {
            let snapshot = runner.snapshot
            guard snapshot.revision != revisions[index] else { continue }
            revisions[index] = snapshot.revision
            changed = true
            var records = outcomes[index].records
            let (slice, epoch) = runner.records(from: records.count)
            if epoch != epochs[index] {
                records = Array(runner.records(from: 0).records)
                epochs[index] = epoch
            } else {
                records.append(contentsOf: slice)
            }
            outcomes[index] = RunOutcome(label: outcomes[index].label, snapshot: snapshot, records: records)
            if let heatmap = snapshot.heatmap { heatmaps[index] = heatmap }
            if snapshot.status.isFinished, snapshot.status.reason == nil, let plan = snapshot.plan { plans[index] = plan }
        }
        return changed
    }

    /// True once every run has ended.
    public var isFinished: Bool { runners.allSatisfy(\.isFinished) }

    /// Stops every run's thread for good.
    public func shutdown() {
        for runner in runners { runner.shutdown() }
    }
}
