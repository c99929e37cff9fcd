import OTCore

/// Reads a map given by paired points (`PairedMap`): the source points `x_i` and their images
/// `T(x_i)`, from two files of equal length or from one file holding both column sets.
///
/// - Two files (`X.csv TX.csv`, or `.npy`): row i of the second is the image of row i of the first.
///   Both need the same number of rows and coordinates. The weights of μ come from the first file
///   (uniform without a weight column); `T#μ` carries the same weights, so the second file's weights
///   must be uniform (no weight column) or agree with the first's up to normalization.
/// - One file (`PAIRS.csv`): the coordinate columns, in header order and leaving out a `weight`
///   column, split in half: the first half is `x`, the second `T(x)`, e.g. `x,y,tx,ty` or
///   `x,y,tx,ty,weight`. An odd number of coordinate columns is refused.
///
/// Every problem is an `InputError` naming the file: the readers' own messages (empty file, NaN,
/// ragged rows) and the ones here (lengths or dimensions that do not match).
public enum PairedMapLoader {
    /// The map from a file of source points and a file of their images.
    public static func load(source: String, image: String) throws(InputError) -> PairedMap {
        let mu = try MeasureLoader.load(source)
        let nu = try MeasureLoader.load(image)
        guard let xs = mu.points else {
            throw InputError(source, nil, "holds weights without points; expected a point cloud (one row per point x_i)")
        }
        guard let ys = nu.points else {
            throw InputError(image, nil, "holds weights without points; expected a point cloud (one row per image point T(x_i))")
        }
        guard ys.rows == xs.rows else {
            throw InputError(image, nil, "has \(ys.rows) \(ys.rows == 1 ? "point" : "points") but \(source) has \(xs.rows); expected one image T(x_i) per source point, in the same order")
        }
        guard ys.columns == xs.columns else {
            throw InputError(image, nil, "has \(ys.columns) coordinates per point but \(source) has \(xs.columns); expected T(x) in the dimension of x")
        }
        let sourceWeights = mu.normalized().weights, imageWeights = nu.normalized().weights
        let imageUniform = imageWeights.allSatisfy { $0 == imageWeights[0] }
        if !imageUniform, let row = (0..<xs.rows).first(where: { abs(sourceWeights[$0] - imageWeights[$0]) > 1e-12 * max(1, sourceWeights[$0]) }) {
            throw InputError(image, "point \(row + 1)",
                             "weight \(ParameterValue.formatShort(imageWeights[row])) (normalized) differs from \(source)'s \(ParameterValue.formatShort(sourceWeights[row])); T#μ carries the source weights, so give weights in \(source) only")
        }
        return PairedMap(source: mu, image: ys)
    }

    /// The map from one file whose coordinate columns are `x` then `T(x)` (see the type's summary).
    public static func load(pairs path: String) throws(InputError) -> PairedMap {
        let measure = try MeasureLoader.load(path)
        guard let points = measure.points else {
            throw InputError(path, nil, "holds weights without points; expected columns x_1..x_d then T(x)_1..T(x)_d (e.g. x,y,tx,ty)")
        }
        return try split(measure, points: points, source: path)
    }

    /// Splits a measure whose points hold `x` then `T(x)` side by side into the map.
    public static func split(_ measure: Measure, points: DenseMatrix, source: String) throws(InputError) -> PairedMap {
        let width = points.columns
        guard width % 2 == 0 else {
            throw InputError(source, nil, "has \(width) coordinate \(width == 1 ? "column" : "columns"); expected an even number, the first half x and the second half T(x) (e.g. x,y,tx,ty), or give the images as a second file")
        }
        let d = width / 2, n = points.rows
        var xs = [Double](), ys = [Double]()
        xs.reserveCapacity(n * d)
        ys.reserveCapacity(n * d)
        for i in 0..<n {
            xs += points.storage[(i * width)..<(i * width + d)]
            ys += points.storage[(i * width + d)..<((i + 1) * width)]
        }
        return PairedMap(source: Measure(weights: measure.weights, points: DenseMatrix(rows: n, columns: d, storage: xs)),
                         image: DenseMatrix(rows: n, columns: d, storage: ys))
    }
}
