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

    @Flag(name: .long, help: "Scale both measures to total mass 1 (for solvers that need equal masses).")
    var normalize = false

    @Flag(name: .long, help: "Images (.png/.jpg/.pgm/.ppm): dark pixels carry the mass (dark-on-light pictures).")
    var invert = false

    @Option(name: .long, help: "Images (.png/.jpg/.pgm/.ppm): sum F x F pixel blocks into one point.")
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
        return try ProblemBuilder(
            sourcePath: source, targetPath: target, groundCost: groundCost(),
            costMatrixPath: costMatrix, normalize: normalize
        ).build(source: measure(source), target: measure(target))
    }

    /// Images go through the image density reader with --invert/--downsample; everything else
    /// through the measure loader.
    private func measure(_ path: String) throws -> Measure {
        let ext = (path as NSString).pathExtension.lowercased()
        if Self.imageExtensions.contains(ext) { return try ImageDensity.load(path: path, invert: invert, downsample: downsample) }
        return try MeasureLoader.load(path)
    }
}
