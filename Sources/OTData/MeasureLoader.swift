import OTCore

/// Loads a measure from a file, choosing the reader by the file extension.
///
/// - `.csv`, `.tsv`, `.txt`: a point cloud with a header row (see `CSVReader`).
/// - `.npy`: a 1-D array is a weight vector (a `Measure` without points, which needs a cost
///   matrix); a 2-D `n x d` array is a point cloud of `n` points with uniform weights `1/n`.
///
/// - `.pgm`, `.ppm`, `.pnm`: a Netpbm picture as a 2-D density (see `ImageDensity`), mass 1, bright
///   pixels heavy.
///
/// - `.pdb`: a protein structure, the CA atoms of its first chain as a 3-D cloud (see `PDBReader`).
///
/// Weights are returned as given; `ProblemBuilder` normalizes when asked.
public enum MeasureLoader {
    /// The extensions `load(_:)` understands, lowercased, without the dot.
    public static let supportedExtensions = ["csv", "tsv", "txt", "npy", "pgm", "ppm", "pnm", "png", "jpg", "jpeg", "pdb"]

    /// The measure in the file at `path`.
    public static func load(_ path: String) throws(InputError) -> Measure {
        try FileInput.requireFile(at: path)
        let ext = FileInput.pathExtension(of: path)
        switch ext {
        case "csv", "tsv", "txt":
            return try CSVReader.readMeasure(at: path)
        case "npy":
            return try measure(from: NPYReader.read(at: path), source: path)
        case "pgm", "ppm", "pnm", "png", "jpg", "jpeg":
            return try ImageDensity.load(path: path)
        case "pdb":
            return try PDBReader.read(at: path).measure
        case "npz":
            // One archive is a whole problem (a, b, M or xs, xt), never one of its two measures.
            throw InputError(path, nil, "\(FileInput.isStandardInput(path) ? "holds an .npz archive" : "is an .npz archive"), a whole problem (a, b, M or xs, xt); give it alone, without a second file (otlab solve \(FileInput.isStandardInput(path) ? "-" : "PROBLEM.npz")), or give the measures as .npy or .csv files")
        default:
            let found = ext.isEmpty ? "no extension" : "extension .\(ext)"
            throw InputError(path, nil, "unsupported input format (\(found)); expected one of .csv, .tsv, .txt (point cloud with a header row) .npy (1-D weights or 2-D points) or .pgm, .ppm, .pnm, .png, .jpg, .jpeg (a picture as a 2-D density), .pdb (a protein's CA atoms)")
        }
    }

    /// The measure in the file at `path` and, for a picture, its pixel grid, from one read of the file
    /// (the workbench draws a picture back as a picture: decoding it twice doubled the time and the
    /// peak memory of opening a large one).
    public static func loadWithPixelGrid(_ path: String) throws(InputError) -> (measure: Measure, grid: PixelGrid?) {
        guard ImageReader.isImage(path) else { return (try load(path), nil) }
        try FileInput.requireFile(at: path)
        let image = try ImageReader.readGrey(at: path)
        let measure = try ImageDensity.measure(from: image, source: path)
        return (measure, image.width > 0 && image.height > 0 ? PixelGrid(width: image.width, height: image.height) : nil)
    }

    /// The pixel grid of the picture at `path` when it is read as a density (see `PixelGrid`), nil
    /// for the other formats. Read from the picture's header: the picture is not decoded again.
    public static func pixelGrid(of path: String) throws(InputError) -> PixelGrid? {
        guard ImageReader.isImage(path), let size = try ImageReader.dimensions(at: path),
              size.width > 0, size.height > 0 else { return nil }
        return PixelGrid(width: size.width, height: size.height)
    }

    /// The measure a NumPy array stands for: weights (1-D) or a point cloud (2-D).
    public static func measure(from array: NPYArray, source: String) throws(InputError) -> Measure {
        try array.requireFinite(source: source)
        switch array.dimensionCount {
        case 1:
            let weights = array.values
            guard !weights.isEmpty else {
                throw InputError(source, nil, "holds an empty vector of shape (0,); expected at least one weight")
            }
            if let index = weights.firstIndex(where: { $0 < 0 }) {
                throw InputError(source, "element [\(index)]", "weight \(ParameterValue.format(weights[index])) is negative; expected weights >= 0")
            }
            let mass = weights.reduce(0, +)
            guard mass > 0 else {
                throw InputError(source, nil, "the weights sum to 0; expected a positive total mass")
            }
            guard mass.isFinite else {
                throw InputError(source, nil, "the weights sum to infinity; expected a finite total mass")
            }
            return Measure(weights: weights)
        default:
            let points = try array.asMatrix(source: source)
            guard points.rows > 0, points.columns > 0 else {
                throw InputError(source, nil, "holds an empty point cloud of shape \(array.shapeText); expected n x d with n >= 1 and d >= 1")
            }
            return Measure.uniform(points: points)
        }
    }
}
