import OTCore

/// McCann's displacement interpolation between two point clouds along a transport plan:
/// `μ_t = Σ_ij P_ij δ_{(1−t) x_i + t y_j}`, one weighted point per plan entry.
///
/// With an optimal plan for the squared Euclidean cost, `μ_t` is the W2 geodesic from the source
/// (t = 0) to the target (t = 1). Exact and sparse plans keep every positive entry. A dense plan
/// (the entropic solvers) has every entry positive, so entries at or below `relativeThreshold`
/// times its largest entry are dropped; `droppedMass` says how much mass that cost.
/// The pairs are found once per plan; `measure(at:)` is then a cheap pass over them.
public struct DisplacementInterpolation: Sendable {
    /// One plan entry kept: the source point, the target point and the mass moving between them.
    public struct Pair: Sendable, Equatable {
        public var source: Int
        public var target: Int
        public var mass: Double
    }

    /// The default cut for dense plans: entries at or below 1e-9 of the largest entry are dropped.
    public static let defaultRelativeThreshold = 1e-9

    public let sourcePoints: DenseMatrix
    public let targetPoints: DenseMatrix
    /// The kept entries, in row-major plan order.
    public let pairs: [Pair]
    /// The relative threshold applied (0 for a sparse plan, whose zero entries are simply absent).
    public let relativeThreshold: Double
    /// Total mass of the plan entries that were dropped (only dense plans drop positive mass).
    public let droppedMass: Double
    /// Number of plan entries considered (n·m for a dense plan, the triplet count for a sparse one).
    public let entryCount: Int

    /// Pairs the plan's entries with the two point clouds. Fails with an `InputError` when a measure
    /// has no points, the dimensions differ, or the plan's shape does not match the measures.
    public init(source: Measure, target: Measure, plan: TransportPlan,
                relativeThreshold: Double = DisplacementInterpolation.defaultRelativeThreshold) throws(InputError) {
        guard let xs = source.points, let ys = target.points else {
            throw InputError("interpolation", nil, "needs point clouds on both sides; weight vectors alone have no positions to move")
        }
        guard xs.columns == ys.columns else {
            throw InputError("interpolation", nil, "source points have \(xs.columns) coordinates and target points \(ys.columns); expected the same dimension")
        }
        guard plan.rows == xs.rows, plan.columns == ys.rows else {
            throw InputError("interpolation", nil, "the plan is \(plan.rows) × \(plan.columns) but the measures have \(xs.rows) and \(ys.rows) points")
        }
        var kept: [Pair] = []
        var dropped = 0.0
        switch plan {
        case .sparse(let sparse):
            for entry in sparse.entries where entry.value > 0 {
                kept.append(Pair(source: entry.row, target: entry.column, mass: entry.value))
            }
            self.relativeThreshold = 0
            entryCount = sparse.entries.count
        case .dense(let matrix):
            let largest = matrix.storage.max() ?? 0
            let cut = max(0, largest * relativeThreshold)
            for i in 0..<matrix.rows {
                for j in 0..<matrix.columns {
                    let value = matrix[i, j]
                    if value > cut {
                        kept.append(Pair(source: i, target: j, mass: value))
                    } else if value > 0 {
                        dropped += value
                    }
                }
            }
            self.relativeThreshold = relativeThreshold
            entryCount = matrix.rows * matrix.columns
        }
        sourcePoints = xs
        targetPoints = ys
        pairs = kept
        droppedMass = dropped
    }

    /// Dimension of the points.
    public var dimension: Int { sourcePoints.columns }

    /// The interpolated measure at time `t` (clamped to 0...1): one point per kept pair.
    public func measure(at t: Double) -> Measure {
        let t = min(1, max(0, t))
        let d = dimension
        var storage = [Double](repeating: 0, count: pairs.count * d)
        var weights = [Double](repeating: 0, count: pairs.count)
        for (index, pair) in pairs.enumerated() {
            for k in 0..<d {
                storage[index * d + k] = (1 - t) * sourcePoints[pair.source, k] + t * targetPoints[pair.target, k]
            }
            weights[index] = pair.mass
        }
        return Measure(weights: weights, points: DenseMatrix(rows: pairs.count, columns: d, storage: storage))
    }

    /// The pairs worth drawing as dots: those holding at least `fraction` of the heaviest pair's
    /// mass, thinned evenly to at most `limit` (a scatter has far fewer dots than a dense plan has entries).
    public func prominentPairs(fraction: Double, limit: Int) -> [Pair] {
        let heaviest = pairs.reduce(0) { max($0, $1.mass) }
        let shown = pairs.filter { $0.mass >= heaviest * fraction }
        guard shown.count > limit, limit > 0 else { return shown }
        let stride = (shown.count + limit - 1) / limit
        return Swift.stride(from: 0, to: shown.count, by: stride).map { shown[$0] }
    }

    /// The position of one pair's moving point at time `t` (not clamped), as (x, y) for drawing.
    public func planarPosition(of pair: Pair, at t: Double) -> (x: Double, y: Double) {
        let x = (1 - t) * sourcePoints[pair.source, 0] + t * targetPoints[pair.target, 0]
        guard dimension >= 2 else { return (x, 0) }
        return (x, (1 - t) * sourcePoints[pair.source, 1] + t * targetPoints[pair.target, 1])
    }

    /// One sentence on what was kept, for the CLI and the status line.
    public var summary: String {
        if relativeThreshold == 0 { return "\(pairs.count) points from the \(entryCount) plan entries" }
        return "\(pairs.count) points from \(entryCount) dense plan entries (entries ≤ \(relativeThreshold) × the largest dropped, mass \(droppedMass))"
    }
}
