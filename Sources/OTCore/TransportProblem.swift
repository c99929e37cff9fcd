/// An optimal transport problem: a source measure, a target measure and the cost between them.
///
/// The cost is always held as an explicit `n x m` matrix here; it is either given (POT's `M`) or
/// computed from the two point clouds by a `GroundCost`.
public struct TransportProblem: Sendable {
    public var source: Measure
    public var target: Measure
    public var cost: DenseMatrix
    /// The ground cost the matrix came from, or nil when the matrix was given directly.
    public var groundCost: GroundCost?

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
        self.init(source: source, target: target, cost: groundCost.matrix(from: xs, to: ys), groundCost: groundCost)
    }

    /// Source weights (POT's `a`).
    public var a: [Double] { source.weights }
    /// Target weights (POT's `b`).
    public var b: [Double] { target.weights }
    public var sourceCount: Int { source.count }
    public var targetCount: Int { target.count }
}
