/// An optimal transport problem: a source measure, a target measure and the cost between them.
///
/// The cost is an explicit `n x m` matrix, either given (POT's `M`) or computed from the two point
/// clouds by a `GroundCost`, unless the matrix would be too large (more than `denseCostLimit`
/// entries): then the problem keeps the cost implicit (`pointCloudCost`, evaluated on the fly by
/// the solvers that can, e.g. `sinkhorn-online`) and `cost` is an empty `0 x 0` matrix. Solvers that
/// need the matrix refuse such a problem with a clear error (`ProblemChecks`).
public struct TransportProblem: Sendable {
    public var source: Measure
    public var target: Measure
    /// The cost matrix; `0 x 0` when the cost is implicit (see `pointCloudCost`).
    public var cost: DenseMatrix
    /// The ground cost the matrix came from, or nil when the matrix was given directly.
    public var groundCost: GroundCost?
    /// The cost as a function of the points, set when the matrix is not formed.
    public var pointCloudCost: PointCloudCost?
    /// The barycenter problem this value carries, for the barycenter kind (nil for linear OT).
    public var barycenter: BarycenterProblem?
    /// The intra-space costs of a Gromov-Wasserstein problem (nil for linear OT). With them, `cost`
    /// is the feature cost `M` of fused GW, or zeros when there is none (`IntraCosts.hasFeatureCost`).
    public var intraCosts: IntraCosts?

    /// Most cost entries formed as a matrix (50 million doubles, 400 MB; n = m = 7071). Larger
    /// point-cloud problems keep their cost implicit.
    public static let denseCostLimit = 50_000_000

    /// A problem with an explicit cost matrix of shape `source.count x target.count`.
    public init(source: Measure, target: Measure, cost: DenseMatrix, groundCost: GroundCost? = nil) {
        precondition(cost.rows == source.count && cost.columns == target.count, "cost matrix shape mismatch")
        self.source = source
        self.target = target
        self.cost = cost
        self.groundCost = groundCost
    }

    /// A problem between two point clouds under a ground cost.
    public init(source: Measure, target: Measure, groundCost: GroundCost) {
        guard let xs = source.points, let ys = target.points else {
            preconditionFailure("a ground cost needs point clouds; use an explicit cost matrix")
        }
        if source.count * target.count > Self.denseCostLimit {
            self.init(source: source, target: target, implicitCost: PointCloudCost(source: xs, target: ys, groundCost: groundCost))
        } else {
            self.init(source: source, target: target, cost: groundCost.matrix(from: xs, to: ys), groundCost: groundCost)
        }
    }

    /// A problem whose cost is evaluated from the points on the fly and never formed as a matrix.
    public init(source: Measure, target: Measure, implicitCost: PointCloudCost) {
        precondition(implicitCost.rows == source.count && implicitCost.columns == target.count, "cost shape mismatch")
        self.source = source
        self.target = target
        self.cost = DenseMatrix(rows: 0, columns: 0)
        self.groundCost = implicitCost.groundCost
        self.pointCloudCost = implicitCost
    }

    /// A Gromov-Wasserstein problem: two measures, their intra-space costs, and a feature cost `M`
    /// (n x m) for fused GW, or none (then `cost` is an n x m matrix of zeros).
    public init(source: Measure, target: Measure, intraCosts: IntraCosts, featureCost: DenseMatrix? = nil) {
        precondition(intraCosts.source.rows == source.count && intraCosts.target.rows == target.count, "intra cost shape mismatch")
        var intra = intraCosts
        intra.hasFeatureCost = featureCost != nil
        self.init(source: source, target: target, cost: featureCost ?? DenseMatrix(rows: source.count, columns: target.count))
        self.intraCosts = intra
    }

    /// The intra costs a Gromov-Wasserstein solver uses: the given ones, or else the squared
    /// Euclidean distances within each point cloud (with the problem's cost matrix, when it has one,
    /// as fused GW's feature cost). Nil for weights without points and no intra costs.
    public func resolvedIntraCosts() -> IntraCosts? {
        if let intraCosts { return intraCosts }
        guard let xs = source.points, let ys = target.points else { return nil }
        return IntraCosts.fromPoints(xs, ys, hasFeatureCost: !hasImplicitCost && cost.rows == sourceCount)
    }

    /// True when the cost is implicit (`pointCloudCost`) and `cost` holds no matrix.
    public var hasImplicitCost: Bool { pointCloudCost != nil }

    /// Source weights (POT's `a`).
    public var a: [Double] { source.weights }
    /// Target weights (POT's `b`).
    public var b: [Double] { target.weights }
    public var sourceCount: Int { source.count }
    public var targetCount: Int { target.count }
}
