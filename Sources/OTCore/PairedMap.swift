/// A map `T` known through paired points: a source measure μ (weights on points `x_i`) and the
/// image `T(x_i)` of every source point, one row per point, in the same order.
///
/// The pushforward `T#μ` is the measure that puts the weight of `x_i` on `T(x_i)`. The Monge gap
/// (`MongeGap`, Uscidda & Cuturi, ICML 2023) compares the cost of moving μ along `T` with the
/// optimal cost between μ and `T#μ`.
public struct PairedMap: Sendable, Equatable {
    /// μ: the source weights, normalized to mass 1, on the source points.
    public var source: Measure
    /// `T(x_i)`, one row per source point, in the source's dimension.
    public var image: DenseMatrix

    /// Pairs `source` with `image`; the weights are normalized to mass 1 (μ is a probability).
    /// `source` must have points and `image` as many rows and as many columns.
    public init(source: Measure, image: DenseMatrix) {
        precondition(source.points != nil, "a paired map needs source points")
        precondition(image.rows == source.count && image.columns == source.points!.columns, "one image point per source point, same dimension")
        self.source = source.normalized()
        self.image = image
    }

    /// Number of paired points.
    public var count: Int { source.count }
    /// Dimension of the points.
    public var dimension: Int { image.columns }

    /// `T#μ`: the source weights on the image points.
    public var pushforward: Measure { Measure(weights: source.weights, points: image) }

    /// `c(x_i, T(x_i))` for every pair.
    public func displacementCosts(_ groundCost: GroundCost) -> [Double] {
        guard let points = source.points else { return [] }
        let d = dimension
        return points.storage.withUnsafeBufferPointer { xs in
            image.storage.withUnsafeBufferPointer { ys in
                (0..<count).map { i in
                    groundCost.evaluate(UnsafeBufferPointer(rebasing: xs[(i * d)..<((i + 1) * d)]),
                                        UnsafeBufferPointer(rebasing: ys[(i * d)..<((i + 1) * d)]))
                }
            }
        }
    }

    /// `∫ c(x, T(x)) dμ = Σ_i a_i c(x_i, T(x_i))` (the weights sum to 1): the cost of moving μ along T.
    public func transportCost(_ groundCost: GroundCost) -> Double {
        zip(source.weights, displacementCosts(groundCost)).reduce(0) { $0 + $1.0 * $1.1 }
    }
}
