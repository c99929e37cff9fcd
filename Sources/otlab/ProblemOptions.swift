import ArgumentParser
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

    func groundCost() throws -> GroundCost {
        guard let groundCost = GroundCost(rawValue: cost) else {
            throw InputError("--cost", nil, "unknown ground cost \"\(cost)\"; expected sqeuclidean, euclidean or cityblock")
        }
        return groundCost
    }

    func load(source: String, target: String, solver: SolverDescriptor) throws -> TransportProblem {
        try ProblemBuilder(
            sourcePath: source, targetPath: target, groundCost: groundCost(),
            costMatrixPath: costMatrix, normalize: normalize
        ).build()
    }
}
