import OTSolvers

/// The iteration records of a run, thinned so that a run of millions of iterations stays small.
///
/// Records are kept one in `stride`; when `capacity` is reached every other record is dropped and
/// the stride doubles. The first and the latest records are always available. `epoch` changes when
/// the history is thinned, so incremental readers know to re-read.
public struct RecordHistory: Sendable {
    public private(set) var records: [IterationRecord] = []
    public private(set) var stride = 1
    public private(set) var epoch = 0
    public let capacity: Int

    public init(capacity: Int = 20_000) {
        self.capacity = max(4, capacity)
        records.reserveCapacity(min(self.capacity, 4096))
    }

    /// Adds a record if it falls on the stride (or is a final record, `force`).
    public mutating func append(_ record: IterationRecord, force: Bool = false) {
        guard force || record.iteration % stride == 0 || records.isEmpty else { return }
        if let last = records.last, last.iteration == record.iteration {
            records[records.count - 1] = record
            return
        }
        records.append(record)
        if records.count >= capacity { thin() }
    }

    private mutating func thin() {
        stride *= 2
        var kept: [IterationRecord] = []
        kept.reserveCapacity(capacity)
        for (index, record) in records.enumerated() where index == 0 || record.iteration % stride == 0 || index == records.count - 1 {
            kept.append(record)
        }
        records = kept
        epoch += 1
    }
}
