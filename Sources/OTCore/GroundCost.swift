/// A ground cost between points, with POT's conventions (`ot.dist`).
///
/// `sqeuclidean` is ||x - y||^2 (not halved), `euclidean` is ||x - y||, `cityblock` is the L1 norm.
public enum GroundCost: String, Sendable, CaseIterable, Codable {
    case sqeuclidean
    case euclidean
    case cityblock

    /// The cost between two points given as equal-length slices.
    @inlinable
    public func evaluate(_ x: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>) -> Double {
        var total = 0.0
        switch self {
        case .sqeuclidean, .euclidean:
            for k in 0..<x.count { let d = x[k] - y[k]; total += d * d }
            return self == .euclidean ? total.squareRoot() : total
        case .cityblock:
            for k in 0..<x.count { total += abs(x[k] - y[k]) }
            return total
        }
    }

    /// The cost matrix `C[i, j] = cost(x_i, y_j)` between the rows of two point sets of equal dimension.
    public func matrix(from source: DenseMatrix, to target: DenseMatrix) -> DenseMatrix {
        precondition(source.columns == target.columns, "points of different dimensions")
        let n = source.rows, m = target.rows, d = source.columns
        // Every entry is written below, over the cores, straight into fresh storage (on huge pages
        // where Linux offers them: `LargeBuffer`).
        let storage = source.storage.withUnsafeBufferPointer { xs in
            target.storage.withUnsafeBufferPointer { ys in
                LargeBuffer.doubles(count: n * m) { out in
                    guard n * m > 0 else { return }
                    let outBase = out.baseAddress!
                    Parallel.forEachChunk(count: n, minimumChunk: max(1, 4096 / max(1, m * d))) { range in
                        for i in range {
                            let x = UnsafeBufferPointer(rebasing: xs[(i * d)..<((i + 1) * d)])
                            for j in 0..<m {
                                let y = UnsafeBufferPointer(rebasing: ys[(j * d)..<((j + 1) * d)])
                                outBase[i * m + j] = self.evaluate(x, y)
                            }
                        }
                    }
                }
            }
        }
        return DenseMatrix(rows: n, columns: m, storage: storage)
    }
}
