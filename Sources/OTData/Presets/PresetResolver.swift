import Foundation
import OTCore

/// Turns a preset's problem description into a `TransportProblem`: files are read relative to the
/// preset, generators run with the preset's settings, and errors name the preset and the field.
public enum PresetResolver {
    public static func problem(for preset: Preset) throws -> TransportProblem {
        let spec = preset.problem
        if let barycenter = spec.barycenter {
            return TransportProblem(barycenter: try barycenterProblem(barycenter, preset: preset))
        }
        if let colors = spec.colorTransfer {
            let pictures = try colorTransferPictures(colors, preset: preset)
            return ColorSampling.problem(source: pictures.source, target: pictures.target, samples: colors.samples, seed: colors.seed)
        }
        if let pairs = spec.pairs {
            let map = try PairedMapLoader.load(pairs: resolve(pairs, in: preset))
            return TransportProblem(source: map.source, target: map.pushforward, groundCost: GroundCost(rawValue: spec.cost ?? "sqeuclidean") ?? .sqeuclidean)
        }
        if let generator = spec.problemGenerator {
            let label = "\(preset.path): field problem"
            switch try Generator.named(generator.name, source: label).generate(settings: generator.settings, source: label) {
            case .problem(let problem): return problem
            case .measure:
                throw InputError(preset.path, "field problem.generator", "\(generator.name) makes one measure; give problem.source and problem.target instead")
            }
        }
        guard let sourceSpec = spec.source, let targetSpec = spec.target else {
            throw InputError(preset.path, "field problem", "needs source and target, or a generator")
        }
        let source = try measure(sourceSpec, preset: preset, field: "problem.source")
        let target = try measure(targetSpec, preset: preset, field: "problem.target")
        let groundCost = GroundCost(rawValue: spec.cost ?? "sqeuclidean") ?? .sqeuclidean
        let builder = ProblemBuilder(
            sourcePath: source.label, targetPath: target.label, groundCost: groundCost,
            costMatrixPath: spec.costMatrix.map { resolve($0, in: preset) }, normalize: spec.normalize)
        if spec.gromov { return try builder.buildGromov(source: source.measure, target: target.measure) }
        return try builder.build(source: source.measure, target: target.measure)
    }

    /// The pixel grids of the source and target when they are pictures (image files or the `shape`
    /// generator), nil for other measures; read after `problem(for:)` has validated the preset.
    public static func pixelGrids(for preset: Preset) -> (source: PixelGrid?, target: PixelGrid?) {
        func grid(_ spec: MeasureSpec?) -> PixelGrid? {
            switch spec {
            case .file(let path)?: return try? MeasureLoader.pixelGrid(of: resolve(path, in: preset))
            case .generator(let generator)?: return (try? Generator.named(generator.name))?.pixelGrid(settings: generator.settings)
            case nil: return nil
            }
        }
        if let barycenter = preset.problem.barycenter, barycenter.inputs.count >= 2 {
            // The problem pane draws the first two inputs (the problem's source and target).
            return (grid(barycenter.inputs[0]), grid(barycenter.inputs[1]))
        }
        return (grid(preset.problem.source), grid(preset.problem.target))
    }

    /// The two pictures of a colour-transfer preset, read relative to the preset.
    public static func colorTransferPictures(_ spec: ColorTransferSpec, preset: Preset) throws -> (source: RGBImage, target: RGBImage) {
        (try ImageReader.readColor(at: resolve(spec.source, in: preset)), try ImageReader.readColor(at: resolve(spec.target, in: preset)))
    }

    /// The barycenter problem of a preset: pictures for the grid methods (files, or the `shape`
    /// generator's picture), point clouds for free-support, per `BarycenterLoader`'s conventions.
    public static func barycenterProblem(_ spec: BarycenterSpec, preset: Preset) throws -> BarycenterProblem {
        let weights = try BarycenterLoader.normalizedWeights(spec.weights, count: spec.inputs.count, source: "\(preset.path): field problem.barycenter.weights")
        let fields = spec.inputs.indices.map { "problem.barycenter.inputs[\($0)]" }
        if preset.solver == "free-support" {
            let clouds = try spec.inputs.enumerated().map { k, input in try measure(input, preset: preset, field: fields[k]).measure }
            return try BarycenterLoader.cloudProblem(clouds, labels: fields, weights: weights, supportSize: spec.supportSize)
        }
        var pictures: [(rows: Int, columns: Int, values: [Double])] = []
        for (k, input) in spec.inputs.enumerated() {
            switch input {
            case .file(let path):
                pictures.append(try BarycenterLoader.picture(resolve(path, in: preset), invert: false))
            case .generator(let generator):
                let label = "\(preset.path): field \(fields[k])"
                guard let grid = try Generator.named(generator.name, source: label).pixelGrid(settings: generator.settings),
                      case .measure(let measure) = try Generator.named(generator.name, source: label).generate(settings: generator.settings, source: label),
                      let masses = grid.masses(of: measure) else {
                    throw InputError(preset.path, "field \(fields[k])", "a picture barycenter needs pictures: image files or the shape generator")
                }
                pictures.append((grid.rows, grid.columns, masses))
            }
        }
        return try BarycenterLoader.pictureProblem(pictures, labels: fields, method: preset.solver, weights: weights)
    }

    private static func measure(_ spec: MeasureSpec, preset: Preset, field: String) throws -> (measure: Measure, label: String) {
        switch spec {
        case .file(let path):
            let resolved = resolve(path, in: preset)
            return (try MeasureLoader.load(resolved), resolved)
        case .generator(let generator):
            let label = "\(preset.path): field \(field)"
            switch try Generator.named(generator.name, source: label).generate(settings: generator.settings, source: label) {
            case .measure(let measure): return (sortedByCoordinates(measure), "\(preset.name) \(field)")
            case .problem:
                throw InputError(preset.path, "field \(field).generator", "\(generator.name) makes a whole problem; put it under problem.generator")
            }
        }
    }

    /// Generated points come in random order; sorted by their coordinates (first, then second) the
    /// plan's heatmap shows the structure of the transport instead of noise. Files keep their order,
    /// so exported plans line up with the user's rows.
    static func sortedByCoordinates(_ measure: Measure) -> Measure {
        guard let points = measure.points, points.rows > 1 else { return measure }
        let d = points.columns
        let order = (0..<points.rows).sorted { i, j in
            for k in 0..<d where points[i, k] != points[j, k] { return points[i, k] < points[j, k] }
            return i < j
        }
        let sorted = DenseMatrix(rows: points.rows, columns: d) { i, k in points[order[i], k] }
        return Measure(weights: order.map { measure.weights[$0] }, points: sorted, labels: measure.labels.map { labels in order.map { labels[$0] } })
    }

    /// A path relative to the preset's folder (absolute paths stay as they are).
    /// The files a preset reads: the preset itself, its measure files and its cost matrix (for the
    /// check that no output replaces one of them, see `OutputPaths`).
    public static func inputFiles(of preset: Preset) -> [OutputPaths.Role] {
        var files: [OutputPaths.Role] = [("preset", preset.path)]
        if case .file(let path)? = preset.problem.source { files.append(("source", resolve(path, in: preset))) }
        if case .file(let path)? = preset.problem.target { files.append(("target", resolve(path, in: preset))) }
        if let path = preset.problem.pairs { files.append(("paired points", resolve(path, in: preset))) }
        if let path = preset.problem.costMatrix { files.append(("cost matrix", resolve(path, in: preset))) }
        if let colors = preset.problem.colorTransfer {
            files.append(("source picture", resolve(colors.source, in: preset)))
            files.append(("target picture", resolve(colors.target, in: preset)))
        }
        return files
    }

    static func resolve(_ path: String, in preset: Preset) -> String {
        path.hasPrefix("/") ? path : (preset.directory as NSString).appendingPathComponent(path)
    }
}
