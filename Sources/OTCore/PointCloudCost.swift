/// A ground cost evaluated on the fly between two point clouds, `C_ij = scale x cost(x_i, y_j)`, for
/// problems whose `n x m` matrix would not fit in memory (n = 50,000 on each side is 20 GB of doubles).
///
/// The points are kept coordinate by coordinate (`dimension x count`, structure of arrays) so a tile
/// of costs is computed with contiguous vector loads; memory is O((n + m) d). Every entry is computed
/// by `fillRow`, also when the matrix is materialized, so a dense copy holds exactly the same numbers.
public struct PointCloudCost: Sendable, Equatable {
    public let groundCost: GroundCost
    /// Factor applied to every cost (e.g. `1 / max C` to scale the costs to a maximum of one).
    public let scale: Double
    /// Dimension of the points.
    public let dimension: Int
    /// Number of source points (rows of the implicit matrix).
    public let rows: Int
    /// Number of target points (columns of the implicit matrix).
    public let columns: Int
    /// Source coordinates: coordinate k of point i is `sourceCoordinates[k * rows + i]`.
    public let sourceCoordinates: [Double]
    /// Target coordinates: coordinate k of point j is `targetCoordinates[k * columns + j]`.
    public let targetCoordinates: [Double]
    /// The largest entry, when already known (set by `scaledToUnitMaximum`), so it is not recomputed.
    public let knownMaximum: Double?

    /// The implicit cost between the rows of two point sets of equal dimension.
    public init(source: DenseMatrix, target: DenseMatrix, groundCost: GroundCost, scale: Double = 1) {
        precondition(source.columns == target.columns, "points of different dimensions")
        self.init(
            groundCost: groundCost, scale: scale, dimension: source.columns, rows: source.rows, columns: target.rows,
            sourceCoordinates: Self.coordinateMajor(source), targetCoordinates: Self.coordinateMajor(target),
            knownMaximum: nil)
    }

    private init(
        groundCost: GroundCost, scale: Double, dimension: Int, rows: Int, columns: Int,
        sourceCoordinates: [Double], targetCoordinates: [Double], knownMaximum: Double?
    ) {
        self.groundCost = groundCost
        self.scale = scale
        self.dimension = dimension
        self.rows = rows
        self.columns = columns
        self.sourceCoordinates = sourceCoordinates
        self.targetCoordinates = targetCoordinates
        self.knownMaximum = knownMaximum
    }

    private static func coordinateMajor(_ points: DenseMatrix) -> [Double] {
        var out = [Double](repeating: 0, count: points.rows * points.columns)
        for i in 0..<points.rows {
            for k in 0..<points.columns { out[k * points.rows + i] = points[i, k] }
        }
        return out
    }

    /// The same cost with source and target swapped (`C^T`; the ground costs are symmetric), so a
    /// column sweep is a row sweep of the transpose.
    public var transposed: PointCloudCost {
        PointCloudCost(
            groundCost: groundCost, scale: scale, dimension: dimension, rows: columns, columns: rows,
            sourceCoordinates: targetCoordinates, targetCoordinates: sourceCoordinates, knownMaximum: knownMaximum)
    }

    /// The same cost multiplied by `factor`.
    public func scaled(by factor: Double) -> PointCloudCost {
        PointCloudCost(
            groundCost: groundCost, scale: scale * factor, dimension: dimension, rows: rows, columns: columns,
            sourceCoordinates: sourceCoordinates, targetCoordinates: targetCoordinates,
            knownMaximum: nil)
    }

    /// The same cost divided by its largest entry (POT's `M / M.max()`), found by one tiled pass.
    public func scaledToUnitMaximum() -> PointCloudCost {
        let unscaled = PointCloudCost(
            groundCost: groundCost, scale: 1, dimension: dimension, rows: rows, columns: columns,
            sourceCoordinates: sourceCoordinates, targetCoordinates: targetCoordinates, knownMaximum: nil)
        let rawTop = unscaled.maximum()
        guard rawTop > 0, rawTop.isFinite else { return unscaled }
        let factor = 1 / rawTop
        // fillRow computes fl(raw x factor), monotone in raw: the largest entry is fl(rawTop x factor).
        return PointCloudCost(
            groundCost: groundCost, scale: factor, dimension: dimension, rows: rows, columns: columns,
            sourceCoordinates: sourceCoordinates, targetCoordinates: targetCoordinates, knownMaximum: rawTop * factor)
    }

    /// Entry `C_ij` (for spot checks and small problems; sweeps use `fillRow`).
    public func entry(_ i: Int, _ j: Int) -> Double {
        var value = 0.0
        sourceCoordinates.withUnsafeBufferPointer { xs in
            targetCoordinates.withUnsafeBufferPointer { ys in
                fillRow(i, columns: j..<(j + 1), source: xs.baseAddress!, target: ys.baseAddress!, into: &value)
            }
        }
        return value
    }

    /// Writes `C_ij` for source point `i` and the targets in `range` into `out[0 ..< range.count]`.
    ///
    /// `source` and `target` are the base addresses of `sourceCoordinates` and `targetCoordinates`.
    /// One pass per coordinate over the output, four lanes at a time.
    @inlinable
    public func fillRow(
        _ i: Int, columns range: Range<Int>, source: UnsafePointer<Double>, target: UnsafePointer<Double>,
        into out: UnsafeMutablePointer<Double>
    ) {
        let count = range.count
        let ro = UnsafeMutableRawPointer(out)
        let signMask = SIMD4<Int64>(repeating: Int64.max)
        for k in 0..<dimension {
            let xk = source[k * rows + i]
            let x = SIMD4<Double>(repeating: xk)
            let y = target + k * columns + range.lowerBound
            let ry = UnsafeRawPointer(y)
            var j = 0
            while j + 4 <= count {
                let diff = ry.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self) - x
                let term: SIMD4<Double>
                if groundCost == .cityblock {
                    term = unsafeBitCast(unsafeBitCast(diff, to: SIMD4<Int64>.self) & signMask, to: SIMD4<Double>.self)
                } else {
                    term = diff * diff
                }
                let previous = k == 0 ? SIMD4<Double>() : ro.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self)
                ro.storeBytes(of: previous + term, toByteOffset: j * 8, as: SIMD4<Double>.self)
                j += 4
            }
            while j < count {
                let diff = y[j] - xk
                let term = groundCost == .cityblock ? abs(diff) : diff * diff
                out[j] = (k == 0 ? 0 : out[j]) + term
                j += 1
            }
        }
        if dimension == 0 { out.update(repeating: 0, count: count) }
        if groundCost == .euclidean {
            for j in 0..<count { out[j] = out[j].squareRoot() }
        }
        if scale != 1 {
            let s = SIMD4<Double>(repeating: scale)
            var j = 0
            while j + 4 <= count {
                ro.storeBytes(of: ro.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self) * s, toByteOffset: j * 8, as: SIMD4<Double>.self)
                j += 4
            }
            while j < count { out[j] *= scale; j += 1 }
        }
    }

    /// The largest entry, from `knownMaximum` or one tiled pass over all pairs (no matrix is formed).
    public func maximum() -> Double {
        if let knownMaximum { return knownMaximum }
        return TiledSoftmin.maximum(of: self)
    }

    /// The whole matrix, for problems small enough to hold it (tests, `plan()` of small problems).
    public func matrix() -> DenseMatrix {
        var result = DenseMatrix(rows: rows, columns: columns)
        sourceCoordinates.withUnsafeBufferPointer { xs in
            targetCoordinates.withUnsafeBufferPointer { ys in
                result.storage.withUnsafeMutableBufferPointer { out in
                    for i in 0..<rows {
                        fillRow(i, columns: 0..<columns, source: xs.baseAddress!, target: ys.baseAddress!, into: out.baseAddress! + i * columns)
                    }
                }
            }
        }
        return result
    }

    /// Bytes a dense `rows x columns` matrix of doubles would take.
    public var denseBytes: Double { Double(rows) * Double(columns) * 8 }
}
