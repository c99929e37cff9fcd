import ArgumentParser
import Foundation
import OTCore
import OTData
import OTSolvers

/// How the two input files become a `TransportProblem`: ground cost or explicit cost matrix,
/// optional normalization.
struct ProblemOptions: ParsableArguments {
    @Option(name: .long, help: "Ground cost between points: sqeuclidean (POT's ot.dist default), euclidean, cityblock.")
    var cost: String = "sqeuclidean"

    @Option(name: .customLong("cost-matrix"), help: "An explicit n x m cost matrix (.npy), POT's M.")
    var costMatrix: String?

    @Option(name: .customLong("intra-costs"), parsing: .upToNextOption,
            help: "Gromov-Wasserstein solvers: the intra-space costs C1.npy (n x n) and C2.npy (m x m); default: squared Euclidean distances within each cloud.")
    var intraCosts: [String] = []

    @Flag(name: .long, help: "Scale both measures to total mass 1 (for solvers that need equal masses).")
    var normalize = false

    @Flag(name: .long, help: "Images (.png/.jpg/.pgm/.ppm): dark pixels carry the mass (dark-on-light pictures).")
    var invert = false

    @Option(name: .long, parsing: .unconditional, help: "Images (.png/.jpg/.pgm/.ppm): sum F x F pixel blocks into one point.")
    var downsample: Int = 1

    static let imageExtensions: Set<String> = ImageReader.extensions

    func groundCost() throws -> GroundCost {
        guard let groundCost = GroundCost(rawValue: cost) else {
            throw InputError("--cost", nil, "unknown ground cost \"\(cost)\"; expected sqeuclidean, euclidean or cityblock")
        }
        return groundCost
    }

    func load(source: String, target: String, solver: SolverDescriptor) throws -> TransportProblem {
        guard downsample >= 1 else { throw InputError("--downsample", nil, "\(downsample) is out of range; expected a whole number >= 1") }
        if FileInput.isStandardInput(source) && FileInput.isStandardInput(target) {
            throw InputError(target, nil, "standard input is already the source; give the target as a file")
        }
        // Pictures are bounded from their headers first; other inputs are read, since they are
        // small beside a picture and their real point count is then known.
        let sourcePicture = try pictureSize(source), targetPicture = try pictureSize(target)
        let sourceMeasure = sourcePicture == nil ? try measure(source) : nil
        let targetMeasure = targetPicture == nil ? try measure(target) : nil
        if costMatrix == nil, !solver.acceptsImplicitCost, sourcePicture != nil || targetPicture != nil {
            try requireDenseCostFits(solver: solver, source: (source, sourcePicture, sourceMeasure?.count),
                                     target: (target, targetPicture, targetMeasure?.count))
        }
        var builder = ProblemBuilder(
            sourcePath: source, targetPath: target, groundCost: try groundCost(),
            costMatrixPath: costMatrix, normalize: normalize)
        if solver.needsIntraCosts {
            builder.intraCostPaths = intraCosts
            return try builder.buildGromov(source: sourceMeasure ?? measure(source), target: targetMeasure ?? measure(target))
        }
        guard intraCosts.isEmpty else {
            throw InputError("--intra-costs", nil, "is for the Gromov-Wasserstein solvers (gw, fgw, entropic-gw, entropic-fgw); \(solver.name) is a linear OT solver")
        }
        return try builder.build(source: sourceMeasure ?? measure(source), target: targetMeasure ?? measure(target))
    }

    /// Pictures up to this many pixels (1024 x 1024) are decoded and their real point count used
    /// (decoding takes about 40 bytes a pixel); larger ones are bounded from their headers.
    static let decodedPictureBound = 1 << 20

    /// The width and height in the header of a picture input larger than `decodedPictureBound`,
    /// nil for other inputs.
    private func pictureSize(_ path: String) throws -> (width: Int, height: Int)? {
        guard ImageReader.isImage(path), let size = try ImageReader.dimensions(at: path) else { return nil }
        let (pixels, overflow) = size.width.multipliedReportingOverflow(by: size.height)
        return overflow || pixels > Self.decodedPictureBound ? size : nil
    }

    /// A solver that forms the n x m cost matrix needs n x m <= `TransportProblem.denseCostLimit`.
    /// With pictures of more than `decodedPictureBound` pixels, n and m are bounded from the
    /// headers (one point per pixel block; pixels of no mass are left out later, so the real
    /// problem may be smaller) and an input over the limit is refused before any picture is
    /// decoded: an 8192 x 8192 picture (84 KB as a PNG) would otherwise take 2.6 GB on its way to
    /// the same refusal. Smaller pictures were decoded and count with their real points.
    private func requireDenseCostFits(solver: SolverDescriptor, source: (String, (width: Int, height: Int)?, Int?),
                                      target: (String, (width: Int, height: Int)?, Int?)) throws {
        func bound(_ side: (String, (width: Int, height: Int)?, Int?), factor: Int) -> Int {
            if let size = side.1 { return ImageDensity.pointBound(width: size.width, height: size.height, downsample: factor) }
            return side.2 ?? 0
        }
        func fits(_ factor: Int) -> Bool {
            let (product, overflow) = bound(source, factor: factor).multipliedReportingOverflow(by: bound(target, factor: factor))
            return !overflow && product <= TransportProblem.denseCostLimit
        }
        guard !fits(downsample) else { return }
        // The smallest factor that fits (the bound falls as the factor grows).
        var low = downsample, high = max(downsample, 1 << 26)
        while low < high {
            let middle = low + (high - low) / 2
            if fits(middle) { high = middle } else { low = middle + 1 }
        }
        func described(_ side: (String, (width: Int, height: Int)?, Int?)) -> String {
            if let size = side.1 { return "\(DisplayText.excerpt(side.0)) is \(size.width) x \(size.height) pixels" }
            return "\(DisplayText.excerpt(side.0)) has \(side.2 ?? 0) points"
        }
        let n = bound(source, factor: downsample), m = bound(target, factor: downsample)
        let advice = fits(low) ? "use --downsample \(low) or more, or --solver sinkhorn-online" : "use --solver sinkhorn-online"
        throw InputError(
            "problem", nil,
            "\(solver.name) needs the n x m cost matrix, at most \(InputLimits.grouped(TransportProblem.denseCostLimit)) entries, and these pictures can give \(InputLimits.grouped(n)) x \(InputLimits.grouped(m)) points (\(described(source)), \(described(target)), --downsample \(downsample)); \(advice), which computes the costs from the points in tiles")
    }

    /// Images go through the image density reader with --invert/--downsample; everything else
    /// through the measure loader.
    private func measure(_ path: String) throws -> Measure {
        if ImageReader.isImage(path) { return try ImageDensity.load(path: path, invert: invert, downsample: downsample) }
        return try MeasureLoader.load(path)
    }
}
