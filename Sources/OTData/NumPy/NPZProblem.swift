import OTCore

/// A whole transport problem stored POT-style in one `.npz` archive.
///
/// - With `M` (an `n x m` cost matrix): the problem uses `M` directly; `a` (length `n`) and `b`
///   (length `m`) give the weights, uniform when absent.
/// - Otherwise with `xs` (`n x d`) and `xt` (`m x d`) point clouds: the cost is squared Euclidean;
///   `a` and `b` give the weights, uniform when absent.
///
/// An empty `a` or `b` (shape `(0,)`) also means uniform weights, as POT reads `a=[]`.
///
/// Arrays are named in errors as `data.npz[a]`; a missing array is named with what the archive holds.
/// Only the arrays the problem uses are decoded (`NPZReader.Archive`): with `M`, an `xs` or `xt`
/// beside it is never inflated.
public enum NPZProblem {
    /// The problem in the `.npz` file at `path`.
    public static func load(path: String, limits: InputLimits = .current) throws(InputError) -> TransportProblem {
        var archive = try NPZReader.open(at: path, limits: limits)
        return try problem(from: &archive)
    }

    /// The problem the named arrays describe; `source` names the archive in errors.
    public static func problem(from arrays: [String: NPYArray], source: String) throws(InputError) -> TransportProblem {
        var lookup = Lookup(source: source, fetch: { arrays[$0] }, listing: { NPZReader.listing(Array(arrays.keys)) })
        return try problem(&lookup)
    }

    /// The problem in an archive, decoding only the members it uses.
    public static func problem(from archive: inout NPZReader.Archive) throws(InputError) -> TransportProblem {
        var copy = archive
        let listing = archive.listing
        var failure: InputError?
        var lookup = Lookup(source: archive.source, fetch: { name in
            do throws(InputError) { return try copy.array(name) } catch { failure = error; return nil }
        }, listing: { listing })
        lookup.failure = { failure }
        defer { archive = copy }
        return try problem(&lookup)
    }

    /// Named arrays of one archive, fetched when first used.
    private struct Lookup {
        var source: String
        var fetch: (String) -> NPYArray?
        var listing: () -> String
        var failure: () -> InputError? = { nil }
        var cache: [String: NPYArray?] = [:]

        mutating func get(_ name: String) throws(InputError) -> NPYArray? {
            if let cached = cache[name] { return cached }
            let array = fetch(name)
            if let error = failure() { throw error }
            cache[name] = array
            return array
        }

        mutating func required(_ name: String) throws(InputError) -> NPYArray {
            guard let array = try get(name) else {
                throw InputError(source, nil, "has no array named '\(name)'; it holds \(listing())")
            }
            return array
        }
    }

    private static func problem(_ arrays: inout Lookup) throws(InputError) -> TransportProblem {
        let source = arrays.source
        if let costArray = try arrays.get("M") {
            let label = "\(source)[M]"
            try costArray.requireFinite(source: label)
            let cost = try costArray.asMatrix(source: label)
            guard cost.rows > 0, cost.columns > 0 else {
                throw InputError(label, nil, "cost matrix has shape \(costArray.shapeText); expected n x m with n, m >= 1")
            }
            let a = try weights("a", count: cost.rows, axis: "rows", in: &arrays, source: source)
            let b = try weights("b", count: cost.columns, axis: "columns", in: &arrays, source: source)
            return TransportProblem(source: Measure(weights: a), target: Measure(weights: b), cost: cost)
        }
        let xs = try points("xs", in: &arrays, source: source)
        let xt = try points("xt", in: &arrays, source: source)
        guard xs.columns == xt.columns else {
            throw InputError("\(source)[xt]", nil, "points have dimension \(xt.columns), but \(source)[xs] has dimension \(xs.columns); expected the same dimension")
        }
        let a = try weights("a", count: xs.rows, axis: "points in xs", in: &arrays, source: source)
        let b = try weights("b", count: xt.rows, axis: "points in xt", in: &arrays, source: source)
        return TransportProblem(source: Measure(weights: a, points: xs), target: Measure(weights: b, points: xt),
                                groundCost: .sqeuclidean)
    }

    /// A point cloud array, checked to be a finite non-empty `n x d` matrix.
    private static func points(_ name: String, in arrays: inout Lookup, source: String) throws(InputError) -> DenseMatrix {
        guard let array = try arrays.get(name) else {
            if name == "xs", try arrays.get("xt") == nil {
                throw InputError(source, nil, "holds neither a cost matrix 'M' nor point clouds 'xs' and 'xt'; it holds \(arrays.listing())")
            }
            return try arrays.required(name).asMatrix(source: source)
        }
        let label = "\(source)[\(name)]"
        guard array.dimensionCount == 2 else {
            throw InputError(label, nil, "holds an array of shape \(array.shapeText); expected an n x d point cloud")
        }
        let measure = try MeasureLoader.measure(from: array, source: label)
        return measure.points ?? DenseMatrix(rows: 0, columns: 0)
    }

    /// The weight vector `name`, checked against `count`, or uniform weights when the archive has
    /// none or holds an empty vector (POT's `a=[]`).
    private static func weights(_ name: String, count: Int, axis: String, in arrays: inout Lookup,
                                source: String) throws(InputError) -> [Double] {
        guard let array = try arrays.get(name), array.values.count > 0 || array.shape != [0] else {
            return [Double](repeating: 1.0 / Double(count), count: count)
        }
        let label = "\(source)[\(name)]"
        guard array.shape == [count] else {
            throw InputError(label, nil, "has shape \(array.shapeText); expected (\(count),), one weight per \(axis)")
        }
        return try MeasureLoader.measure(from: array, source: label).weights
    }
}
