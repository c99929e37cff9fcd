/// A discrete measure: non-negative weights, optionally attached to points in R^d.
///
/// A measure given as weights alone (a histogram, POT's `a` or `b`) needs an explicit cost matrix
/// or a grid to define distances; a point cloud can produce costs through a `GroundCost`.
public struct Measure: Sendable, Equatable {
    /// One non-negative weight per support point.
    public var weights: [Double]
    /// Support points, one per row (`count x dimension`), or nil for a weight vector alone.
    public var points: DenseMatrix?
    /// A short name per support point (e.g. a protein residue, `A:GLY 12`), or nil. Only shown
    /// (the plan pane's inspect readout); solvers never read it.
    public var labels: [String]?

    public init(weights: [Double], points: DenseMatrix? = nil, labels: [String]? = nil) {
        if let points { precondition(points.rows == weights.count, "one weight per point") }
        if let labels { precondition(labels.count == weights.count, "one label per point") }
        self.weights = weights
        self.points = points
        self.labels = labels
    }

    /// A point cloud with uniform weights `1/n`.
    public static func uniform(points: DenseMatrix) -> Measure {
        let n = points.rows
        return Measure(weights: [Double](repeating: n > 0 ? 1.0 / Double(n) : 0, count: n), points: points)
    }

    /// Number of support points.
    public var count: Int { weights.count }
    /// Dimension of the support points, or nil for a weight vector.
    public var dimension: Int? { points?.columns }
    /// Total mass (sum of weights).
    public var totalMass: Double { Kernels.sum(weights) }

    /// The same measure scaled to total mass one.
    public func normalized() -> Measure {
        let mass = totalMass
        guard mass > 0 else { return self }
        return Measure(weights: weights.map { $0 / mass }, points: points, labels: labels)
    }
}
