import OTCore

/// A whole transport problem stored POT-style in one `.npz` archive.
///
/// - With `M` (an `n x m` cost matrix): the problem uses `M` directly; `a` (length `n`) and `b`
///   (length `m`) give the weights, uniform when absent.
/// - Otherwise with `xs` (`n x d`) and `xt` (`m x d`) point clouds: the cost is squared Euclidean;
///   `a` and `b` give the weights, uniform when absent.
///
/// Arrays are named in errors as `data.npz[a]`; a missing array is named with what the archive holds.
public enum NPZProblem {
    /// The problem in the `.npz` file at `path`.
    public static func load(path: String) throws(InputError) -> TransportProblem {
        try problem(from: NPZReader.read(at: path), source: path)
    }

    /// The problem the named arrays describe; `source` names the archive in errors.
    public static func problem(from arrays: [String: NPYArray], source: String) throws(InputError) -> TransportProblem {
        if let costArray = arrays["M"] {
            let label = "\(source)[M]"
            try costArray.requireFinite(source: label)
            let cost = try costArray.asMatrix(source: label)
            guard cost.rows > 0, cost.columns > 0 else {
                throw InputError(label, nil, "cost matrix has shape \(costArray.shapeText); expected n x m with n, m >= 1")
            }
            let a = try weights("a", count: cost.rows, axis: "rows", in: arrays, source: source)
            let b = try weights("b", count: cost.columns, axis: "columns", in: arrays, source: source)
            return TransportProblem(source: Measure(weights: a), target: Measure(weights: b), cost: cost)
        }
        guard arrays["xs"] != nil || arrays["xt"] != nil else {
            throw InputError(source, nil, "holds neither a cost matrix 'M' nor point clouds 'xs' and 'xt'; it holds \(NPZReader.listing(arrays))")
        }
        let xs = try points("xs", in: arrays, source: source)
        let xt = try points("xt", in: arrays, source: source)
        guard xs.columns == xt.columns else {
            throw InputError("\(source)[xt]", nil, "points have dimension \(xt.columns), but \(source)[xs] has dimension \(xs.columns); expected the same dimension")
        }
        let a = try weights("a", count: xs.rows, axis: "points in xs", in: arrays, source: source)
        let b = try weights("b", count: xt.rows, axis: "points in xt", in: arrays, source: source)
        return TransportProblem(source: Measure(weights: a, points: xs), target: Measure(weights: b, points: xt),
                                groundCost: .sqeuclidean)
    }

    /// A point cloud array, checked to be a finite non-empty `n x d` matrix.
    private static func points(_ name: String, in arrays: [String: NPYArray], source: String) throws(InputError) -> DenseMatrix {
        let array = try NPZReader.array(name, in: arrays, source: source)
        let label = "\(source)[\(name)]"
        guard array.dimensionCount == 2 else {
            throw InputError(label, nil, "holds an array of shape \(array.shapeText); expected an n x d point cloud")
        }
        let measure = try MeasureLoader.measure(from: array, source: label)
        return measure.points ?? DenseMatrix(rows: 0, columns: 0)
    }

    /// The weight vector `name`, checked against `count`, or uniform weights when the archive has none.
    private static func weights(_ name: String, count: Int, axis: String, in arrays: [String: NPYArray],
                                source: String) throws(InputError) -> [Double] {
        guard let array = arrays[name] else {
            return [Double](repeating: 1.0 / Double(count), count: count)
        }
        let label = "\(source)[\(name)]"
        guard array.shape == [count] else {
            throw InputError(label, nil, "has shape \(array.shapeText); expected (\(count),), one weight per \(axis)")
        }
        return try MeasureLoader.measure(from: array, source: label).weights
    }
}
