/// A display order of points along their principal axis: the direction of largest variance of
/// the source and target points together (the first principal component, found by power
/// iteration on their covariance). Sorting both sides of a plan along one common axis puts points
/// that are near each other along it next to each other, so a plan that moves mass along that
/// axis shows as a band near the diagonal instead of scattered dots (input order is arbitrary).
public enum PrincipalAxisOrder {
    /// The unit direction of largest variance of all the clouds' points together (all of one
    /// dimension), nil when there are no points or the points all coincide. The sign is fixed so
    /// the largest component is positive, so the order does not flip between calls.
    public static func axis(of clouds: [DenseMatrix]) -> [Double]? {
        guard let d = clouds.first?.columns, d > 0, clouds.allSatisfy({ $0.columns == d }) else { return nil }
        let count = clouds.reduce(0) { $0 + $1.rows }
        guard count > 0 else { return nil }
        var mean = Array(repeating: 0.0, count: d)
        for cloud in clouds {
            for i in 0..<cloud.rows { for k in 0..<d { mean[k] += cloud[i, k] } }
        }
        mean = mean.map { $0 / Double(count) }
        var covariance = Array(repeating: 0.0, count: d * d)
        for cloud in clouds {
            for i in 0..<cloud.rows {
                for k in 0..<d {
                    let dk = cloud[i, k] - mean[k]
                    for l in 0..<d { covariance[k * d + l] += dk * (cloud[i, l] - mean[l]) }
                }
            }
        }
        guard covariance.contains(where: { $0 > 0 }) else { return nil }
        // Power iteration from a fixed start that is not orthogonal to a coordinate axis.
        var v = (0..<d).map { 1.0 + Double($0) * 0.1 }
        for _ in 0..<200 {
            var next = Array(repeating: 0.0, count: d)
            for k in 0..<d { for l in 0..<d { next[k] += covariance[k * d + l] * v[l] } }
            let norm = next.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 0, norm.isFinite else { return nil }
            v = next.map { $0 / norm }
        }
        if let largest = v.indices.max(by: { abs(v[$0]) < abs(v[$1]) }), v[largest] < 0 { v = v.map { -$0 } }
        return v
    }

    /// Point indices sorted by their coordinate along `axis` (ties keep input order).
    public static func order(of points: DenseMatrix, along axis: [Double]) -> [Int] {
        precondition(axis.count == points.columns, "the axis has the points' dimension")
        let projections = (0..<points.rows).map { i in (0..<points.columns).reduce(0.0) { $0 + points[i, $1] * axis[$1] } }
        return (0..<points.rows).sorted { projections[$0] < projections[$1] || (projections[$0] == projections[$1] && $0 < $1) }
    }
}
