import Foundation
import OTCore
import OTData
import OTSession
import OTSolvers
import Workbench

/// Gives the workbench its problems: presets from the catalog, and files through the data layer.
struct CatalogSetupProvider: SetupProvider {
    let catalog: PresetCatalog

    func presetList() -> [(name: String, title: String, summary: String)] {
        catalog.all().presets.map { ($0.name, $0.title, $0.description) }
    }

    func setup(preset name: String) throws -> ProblemSetup {
        let preset = try catalog.preset(named: name)
        guard let descriptor = SolverRegistry.descriptor(named: preset.solver) else {
            throw InputError(preset.path, "field solver", "unknown solver \"\(preset.solver)\"; known solvers: \(SolverRegistry.names.joined(separator: ", "))")
        }
        var parameters = descriptor.defaults
        for (key, text) in preset.parameters {
            try parameters.set(key, text: text, source: "\(preset.path): field parameters.\(key)")
        }
        try Self.requirePresetPicturesFit(preset, solver: descriptor,
                                          advice: "pick sinkhorn-online (s) after opening a smaller preset, or give the preset solver: sinkhorn-online")
        var setup = ProblemSetup(
            title: preset.title, description: preset.description, problem: try PresetResolver.problem(for: preset),
            solver: descriptor, parameters: parameters, speed: preset.speed, origin: preset.path)
        setup.mapArrows = preset.problem.pairs != nil
        setup.lessonSweep = try LessonSweep.make(preset: preset, solver: descriptor, parameters: parameters)
        setup.lesson = try preset.statistic.map { try LessonStatistics.make($0, problem: setup.problem, source: preset.path) }
        let grids = PresetResolver.pixelGrids(for: preset)
        setup.pictures = ProblemPictures(source: grids.source, target: grids.target)
        if let colors = preset.problem.colorTransfer {
            let pictures = try PresetResolver.colorTransferPictures(colors, preset: preset)
            setup.colorTransfer = ColorTransferPictures(source: pictures.source, target: pictures.target)
        }
        return setup
    }

    func setup(source: String, target: String, solver: SolverDescriptor, parameters: ParameterValues) throws -> ProblemSetup {
        try Self.requireDenseCostFits(source: source, target: target, solver: solver)
        // Each file is read (a picture decoded) once, for its measure and its pixel grid together.
        let sourceInput = try MeasureLoader.loadWithPixelGrid(source)
        let targetInput = try MeasureLoader.loadWithPixelGrid(target)
        let problem = try ProblemBuilder(sourcePath: source, targetPath: target, normalize: solver.requiresEqualMass)
            .build(source: sourceInput.measure, target: targetInput.measure)
        var setup = ProblemSetup(
            title: "\((source as NSString).lastPathComponent) → \((target as NSString).lastPathComponent)",
            description: "Files \(source) and \(target), squared Euclidean cost.",
            problem: problem, solver: solver, parameters: parameters, speed: nil, origin: "\(source), \(target)")
        setup.pictures = ProblemPictures(source: sourceInput.grid, target: targetInput.grid)
        return setup
    }

    /// A solver that forms the n x m cost matrix cannot take pictures whose pixel counts (read from
    /// the headers, before anything is decoded) multiply past `TransportProblem.denseCostLimit`: an
    /// 8192 x 8192 picture (84 KB as a PNG) opened from the dialog was decoded for half a minute and
    /// gigabytes only to be refused then. The other side counts with its pixels too when it is a
    /// picture, and as 1 point otherwise (its real count is known only once it is read).
    static func requireDenseCostFits(source: String, target: String, solver: SolverDescriptor, problem: String = "problem",
                                     advice: String = "pick sinkhorn-online (s), which computes the costs in tiles, or open smaller pictures (otlab solve --downsample F)") throws {
        guard !solver.acceptsImplicitCost else { return }
        func pixels(_ path: String) throws -> (count: Int, text: String)? {
            guard ImageReader.isImage(path), let size = try ImageReader.dimensions(at: path) else { return nil }
            let count = ImageDensity.pointBound(width: size.width, height: size.height, downsample: 1)
            return (count, "\(DisplayText.excerpt((path as NSString).lastPathComponent)) is \(size.width) x \(size.height) pixels")
        }
        let sourcePixels = try pixels(source), targetPixels = try pixels(target)
        guard sourcePixels != nil || targetPixels != nil else { return }
        let (product, overflow) = (sourcePixels?.count ?? 1).multipliedReportingOverflow(by: targetPixels?.count ?? 1)
        guard overflow || product > TransportProblem.denseCostLimit else { return }
        let described = [sourcePixels?.text, targetPixels?.text].compactMap { $0 }.joined(separator: ", ")
        throw InputError(
            problem, nil,
            "\(solver.name) needs the n x m cost matrix, at most \(InputLimits.grouped(TransportProblem.denseCostLimit)) entries, and \(described) (one point a pixel); \(advice)")
    }

    /// The same bound for the pictures a preset names as its source and target (paths relative to
    /// the preset), checked from their headers before `PresetResolver` decodes them: the size
    /// policy the command line applies to picture files, applied to presets too (`p` in the
    /// workbench, `otlab run`, `--preset` of compare and sweep). Presets with their own cost
    /// matrix or a Gromov-Wasserstein problem are left to their readers.
    static func requirePresetPicturesFit(_ preset: Preset, solver: SolverDescriptor, advice: String) throws {
        guard preset.problem.costMatrix == nil, !preset.problem.gromov else { return }
        let files = PresetResolver.inputFiles(of: preset)
        let source = files.first { $0.name == "source" }?.path ?? "", target = files.first { $0.name == "target" }?.path ?? ""
        try requireDenseCostFits(source: source, target: target, solver: solver, problem: preset.path, advice: advice)
    }

    /// Writes the export of `x`: the plan as .npy, the iteration log as .csv and the plan's heatmap
    /// as .png next to `stem` (see `ExportFiles`).
    static func export(_ content: ExportContent, stem: String) throws -> [String] {
        try ExportFiles.write(content, stem: stem)
    }
}
