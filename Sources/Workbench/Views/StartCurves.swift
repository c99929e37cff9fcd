import OTSolvers

/// The loss curve of each start of a multi-start Gromov-Wasserstein run (`--restarts N`): GW is
/// non-convex (Mémoli 2011; Peyré, Cuturi & Solomon 2016), so different starts descend to different
/// local minima, and overlaying their descents shows how far apart they end.
///
/// The records are grouped by their `start` extra; each start's `loss` is drawn against its own
/// step count (1, 2, ... from the start's first step), so the curves share an origin. The best start
/// is the solver's `best_start` once the run has ended, and before that the start with the least
/// loss so far.
struct StartCurves {
    struct Curve {
        /// 1-based start index.
        var start: Int
        /// The start's records in order.
        var records: [IterationRecord]
        /// Global iteration of the step before this start's first (its records' offset).
        var offset: Int
        /// Seconds of the record before this start's first (0 for the first start).
        var beginSeconds: Double
        var lastLoss: Double { records.last?.extra("loss") ?? .nan }
    }

    var curves: [Curve]
    /// Index into `curves` of the best start.
    var bestIndex: Int?

    /// Nil for records without a per-start loss (every solver but the Gromov-Wasserstein ones).
    init?(records: [IterationRecord]) {
        guard let first = records.first, first.extra("start") != nil, first.extra("loss") != nil else { return nil }
        var curves: [Curve] = []
        var previousIteration = first.iteration - 1, previousSeconds = 0.0
        for record in records {
            let start = Int(record.extra("start") ?? 1)
            if curves.last?.start != start {
                curves.append(Curve(start: start, records: [], offset: previousIteration, beginSeconds: previousSeconds))
            }
            curves[curves.count - 1].records.append(record)
            previousIteration = record.iteration
            previousSeconds = record.seconds
        }
        self.curves = curves
        if let declared = records.last?.extra("best_start"), let index = curves.firstIndex(where: { $0.start == Int(declared) }) {
            bestIndex = index
        } else {
            bestIndex = curves.indices.filter { curves[$0].lastLoss.isFinite }.min { curves[$0].lastLoss < curves[$1].lastLoss }
        }
    }

    /// The curve a record belongs to.
    func curve(of record: IterationRecord) -> Curve {
        curves.last { $0.offset < record.iteration } ?? curves[0]
    }

    /// The step within its start of a record (1 for the start's first step), or with `seconds` the
    /// solver seconds since its start began.
    func x(of record: IterationRecord, seconds: Bool) -> Double {
        let curve = curve(of: record)
        return seconds ? record.seconds - curve.beginSeconds : Double(record.iteration - curve.offset)
    }

    /// The curve the crosshair reads: the best start's.
    var focus: Curve? { bestIndex.map { curves[$0] } ?? curves.last }

    /// The legend name of a curve: `start 3`, the best marked `start 3 best`.
    func name(_ index: Int) -> String {
        index == bestIndex ? "start \(curves[index].start) best" : "start \(curves[index].start)"
    }
}
