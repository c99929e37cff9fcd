import OTSession
import OTSolvers

/// A further watched run whose curve overlays the convergence chart (`otlab watch A B`): read once
/// a frame like the main run, never waited on.
public struct CompanionRun {
    public var label: String
    public let source: any RunSource
    public private(set) var records: [IterationRecord] = []
    private var epoch = -1
    private var generation = -1

    init(label: String, source: any RunSource) {
        self.label = label
        self.source = source
    }

    /// Pulls new records; returns true when there were any.
    mutating func refresh() -> Bool {
        let current = source.snapshot.generation
        if current != generation {
            generation = current
            records = []
            epoch = -1
        }
        let (slice, newEpoch) = source.records(from: records.count)
        if newEpoch != epoch {
            records = Array(source.records(from: 0).records)
            epoch = newEpoch
            return true
        }
        guard !slice.isEmpty else { return false }
        records.append(contentsOf: slice)
        return true
    }
}
