import OTCore

/// Builds a `BarycenterProblem` from input files for `otlab barycenter` and the barycenter presets.
///
/// - Pictures (PNG, JPEG, PGM, PPM, or a 2-D .npy array read as a picture): every pixel is a
///   support point of a grid scaled to [0, 1] per axis, mass proportional to brightness, each picture
///   normalized to mass one (POT's convention for `convolutional_barycenter2d`). All must share one
///   size. With `bregman` the grid's squared-distance cost matrix is formed (at most 4096 pixels).
/// - 1-D .npy histograms: entries on `linspace(0, 1, n)` with the squared distance as cost (POT's
///   `ot.bregman.barycenter` example), or the cost given with `costMatrix`.
/// - Point clouds (CSV/TSV, 2-D .npy, pictures as densities) for `free-support`: weights normalized;
///   the initial support is `supportSize` points of the first cloud taken at even strides, with
///   uniform weights.
public enum BarycenterLoader {
    /// How the files are read.
    public enum Layout: Sendable, Equatable {
        case pictures
        case histograms
        case clouds
    }

    /// Most pixels a formed grid cost matrix may have (4096^2 entries, 128 MB).
    public static let sharedGridLimit = 4096

    /// The layout a method needs, or the default for the files when no method is named.
    public static func layout(method: String?, paths: [String]) -> Layout {
        switch method {
        case "free-support"?: return .clouds
        case let m? where m.hasPrefix("convolutional") || m.hasPrefix("debiased"): return .pictures
        default: break
        }
        let first = paths.first ?? ""
        let ext = FileInput.pathExtension(of: first)
        if ["csv", "tsv", "txt"].contains(ext) { return .clouds }
        if ext == "npy", let array = try? NPYReader.read(at: first), array.dimensionCount == 1 { return .histograms }
        return .pictures
    }

    /// The default method for a layout.
    public static func defaultMethod(for layout: Layout) -> String {
        switch layout {
        case .pictures: "convolutional"
        case .histograms: "bregman"
        case .clouds: "free-support"
        }
    }

    /// Loads the inputs for `method` with weights `lambdas` (normalized here; nil for uniform).
    public static func load(paths: [String], method: String, lambdas: [Double]?, costMatrix: String? = nil,
                            supportSize: Int? = nil, invert: Bool = false) throws(InputError) -> BarycenterProblem {
        guard paths.count >= 2 else { throw InputError("barycenter", nil, "needs at least two inputs; got \(paths.count)") }
        let weights = try normalizedWeights(lambdas, count: paths.count)
        let layout = layout(method: method, paths: paths)
        let problem: BarycenterProblem
        switch layout {
        case .pictures:
            var pictures: [(rows: Int, columns: Int, values: [Double])] = []
            for path in paths { pictures.append(try picture(path, invert: invert)) }
            problem = try pictureProblem(pictures, labels: paths, method: method, weights: weights)
        case .histograms:
            var measures: [Measure] = []
            for path in paths {
                let array = try NPYReader.read(at: path)
                try array.requireFinite(source: path)
                measures.append(try normalized(Measure(weights: try array.asVector(source: path)), source: path))
            }
            let n = measures[0].count
            let cost: DenseMatrix
            if let costMatrix {
                let array = try NPYReader.read(at: costMatrix)
                try array.requireFinite(source: costMatrix)
                cost = try array.asMatrix(source: costMatrix)
            } else {
                let line = DenseMatrix(rows: n, columns: 1) { i, _ in BarycenterProblem.unitCoordinate(i, count: n) }
                cost = GroundCost.sqeuclidean.matrix(from: line, to: line)
                measures = measures.map { Measure(weights: $0.weights, points: line) }
            }
            problem = BarycenterProblem(measures: measures, weights: weights, support: .shared(cost: cost))
        case .clouds:
            var measures: [Measure] = []
            for path in paths { measures.append(try MeasureLoader.load(path)) }
            problem = try cloudProblem(measures, labels: paths, weights: weights, supportSize: supportSize)
        }
        try problem.validate()
        return problem
    }

    /// The problem of pictures of one size (`values` row-major brightness), each normalized to mass one;
    /// `bregman*` methods get the formed grid cost, the others the implicit grid.
    public static func pictureProblem(_ pictures: [(rows: Int, columns: Int, values: [Double])], labels: [String], method: String,
                                      weights: [Double]) throws(InputError) -> BarycenterProblem {
        let (rows, columns) = (pictures[0].rows, pictures[0].columns)
        for (k, p) in pictures.enumerated() where p.rows != rows || p.columns != columns {
            throw InputError(labels[k], nil, "is \(p.columns) x \(p.rows) pixels but \(labels[0]) is \(columns) x \(rows); pictures of a barycenter share one size")
        }
        let points = BarycenterProblem.gridPoints(rows: rows, columns: columns)
        var measures: [Measure] = []
        for (k, p) in pictures.enumerated() {
            measures.append(try normalized(Measure(weights: p.values, points: points), source: labels[k]))
        }
        if method.hasPrefix("bregman") {
            guard rows * columns <= sharedGridLimit else {
                throw InputError("--method", nil, "\(method) forms the \(rows * columns) x \(rows * columns) cost matrix of these pictures (at most \(sharedGridLimit) pixels); use convolutional, which never forms it")
            }
            let unit = gridPointsRowColumn(rows: rows, columns: columns)
            return BarycenterProblem(measures: measures, weights: weights, support: .shared(cost: GroundCost.sqeuclidean.matrix(from: unit, to: unit)))
        }
        return BarycenterProblem(measures: measures, weights: weights, support: .grid(rows: rows, columns: columns))
    }

    /// The free-support problem of point clouds (weights normalized); the initial support is
    /// `supportSize` points of the first cloud at even strides, with uniform weights.
    public static func cloudProblem(_ clouds: [Measure], labels: [String], weights: [Double], supportSize: Int?) throws(InputError) -> BarycenterProblem {
        var measures: [Measure] = []
        for (k, cloud) in clouds.enumerated() { measures.append(try normalized(cloud, source: labels[k])) }
        guard let first = measures[0].points else {
            throw InputError(labels[0], nil, "is a weight vector; free-support needs point clouds (CSV, 2-D .npy or pictures)")
        }
        let k = min(first.rows, max(1, supportSize ?? min(first.rows, 200)))
        let initial = DenseMatrix(rows: k, columns: first.columns) { r, c in first[r * first.rows / k, c] }
        return BarycenterProblem(measures: measures, weights: weights,
                                 support: .free(initial: initial, weights: [Double](repeating: 1 / Double(k), count: k)))
    }

    /// λ normalized to sum one (uniform when nil), checked against the number of inputs.
    public static func normalizedWeights(_ lambdas: [Double]?, count: Int, source: String = "--weights") throws(InputError) -> [Double] {
        let weights = lambdas ?? [Double](repeating: 1, count: count)
        guard weights.count == count else {
            throw InputError(source, nil, "has \(weights.count) values for \(count) inputs; give one weight per input")
        }
        if let bad = weights.firstIndex(where: { !$0.isFinite || $0 < 0 }) {
            throw InputError(source, "value \(bad + 1)", "\(weights[bad]) is not a finite non-negative weight")
        }
        let total = weights.reduce(0, +)
        guard total > 0 else { throw InputError(source, nil, "the weights sum to zero") }
        return weights.map { $0 / total }
    }

    /// Pixel (row i, column j) at (i / (rows - 1), j / (columns - 1)): POT's grid, for the cost.
    static func gridPointsRowColumn(rows: Int, columns: Int) -> DenseMatrix {
        DenseMatrix(rows: rows * columns, columns: 2) { index, axis in
            axis == 0 ? BarycenterProblem.unitCoordinate(index / columns, count: rows) : BarycenterProblem.unitCoordinate(index % columns, count: columns)
        }
    }

    /// A picture as rows x columns brightness values (row-major), from an image or a 2-D .npy.
    static func picture(_ path: String, invert: Bool) throws(InputError) -> (rows: Int, columns: Int, values: [Double]) {
        try FileInput.requireFile(at: path)
        if FileInput.pathExtension(of: path) == "npy" {
            let array = try NPYReader.read(at: path)
            try array.requireFinite(source: path)
            let matrix = try array.asMatrix(source: path)
            return (matrix.rows, matrix.columns, matrix.storage)
        }
        guard ImageReader.isImage(path) else {
            throw InputError(path, nil, "is not a picture; convolutional barycenters take PNG, JPEG, PGM, PPM or 2-D .npy pictures of one size")
        }
        let image = try ImageReader.readGrey(at: path)
        return (image.height, image.width, image.pixels.map { invert ? 1 - $0 : $0 })
    }

    static func normalized(_ measure: Measure, source: String) throws(InputError) -> Measure {
        if let bad = measure.weights.firstIndex(where: { !$0.isFinite || $0 < 0 }) {
            throw InputError(source, "entry \(bad)", "\(measure.weights[bad]) is not a finite non-negative mass")
        }
        guard measure.totalMass > 0 else { throw InputError(source, nil, "has no mass (every entry is zero)") }
        return measure.normalized()
    }
}
