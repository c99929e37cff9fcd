import Foundation
import Testing
import OTCore
import OTData
@testable import OTSolvers

/// One case of `Reference/data/gromov/` (written by `make_reference_gromov.py` with POT 0.9.7).
struct GromovReferenceCase {
    struct Values: Decodable {
        let solver: String
        let loss_fun: String
        let loss: Double
        let alpha: Double?
        let epsilon: Double?
        let iterations: Int?
        /// Sinkhorn sweeps allowed per step (POT's numItermax; 1000 when absent).
        let inner_max_iter: Int?
        /// Mass of the plan POT's own entropic_gromov_wasserstein returned (the log-domain case).
        let pot_plain_mass: Double?
    }

    let name: String
    let c1: DenseMatrix
    let c2: DenseMatrix
    let p: [Double]
    let q: [Double]
    let m: DenseMatrix?
    let plan: DenseMatrix
    let values: Values

    static func load(_ name: String) throws -> GromovReferenceCase {
        let root = try #require(Bundle.module.url(forResource: "data", withExtension: nil))
        let folder = root.appendingPathComponent("gromov").appendingPathComponent(name)
        func array(_ key: String) throws -> NPYArray { try NPYReader.read(at: folder.appendingPathComponent(key + ".npy").path) }
        let hasM = FileManager.default.fileExists(atPath: folder.appendingPathComponent("M.npy").path)
        let values = try JSONDecoder().decode(Values.self, from: Data(contentsOf: folder.appendingPathComponent("values.json")))
        return GromovReferenceCase(
            name: name,
            c1: try array("C1").asMatrix(source: name), c2: try array("C2").asMatrix(source: name),
            p: try array("p").asVector(source: name), q: try array("q").asVector(source: name),
            m: hasM ? try array("M").asMatrix(source: name) : nil,
            plan: try array("plan").asMatrix(source: name), values: values)
    }

    var problem: TransportProblem {
        TransportProblem(
            source: Measure(weights: p), target: Measure(weights: q),
            intraCosts: IntraCosts(source: c1, target: c2), featureCost: m)
    }

    /// Runs the named solver with POT's defaults (and the case's loss, alpha, epsilon) to its stop.
    func solve() throws -> (solver: any TransportSolver, status: SolverStatus) {
        let descriptor = try #require(SolverRegistry.descriptor(named: values.solver))
        var parameters = descriptor.defaults
        try parameters.set("loss", .choice(values.loss_fun))
        if let alpha = values.alpha { try parameters.set("alpha", .real(alpha)) }
        if let epsilon = values.epsilon { try parameters.set("reg", .real(epsilon)) }
        if let inner = values.inner_max_iter { try parameters.set("inner-max-iter", .integer(inner)) }
        let solver = try descriptor.makeSolver(problem: problem, parameters: parameters)
        var status = SolverStatus.running
        while status == .running { status = solver.step() }
        return (solver, status)
    }
}

/// The Gromov-Wasserstein solvers reproduce POT 0.9.7 from the same start (p q^T): `gw` and `fgw`
/// loss and plan to 1e-8, `entropic-gw` and `entropic-fgw` to 1e-7.
@Suite struct GromovReferenceTests {
    @Test(arguments: ["gw_square", "gw_kl", "gw_asymmetric", "fgw_square"])
    func conditionalGradientMatchesPOT(name: String) throws {
        let reference = try GromovReferenceCase.load(name)
        let (solver, status) = try reference.solve()
        #expect(status == .converged)
        let evaluation = solver.evaluate()
        #expect(abs(evaluation.cost - reference.values.loss) <= 1e-8 * max(1, abs(reference.values.loss)),
                "\(name): loss \(evaluation.cost) vs POT \(reference.values.loss)")
        let plan = solver.plan().denseMatrix()
        let difference = zip(plan.storage, reference.plan.storage).map { abs($0 - $1) }.max() ?? .infinity
        #expect(difference <= 1e-8, "\(name): plan differs from POT's by \(difference)")
        if let iterations = reference.values.iterations { #expect(solver.iteration == iterations) }
        #expect(solver.marginalError < 1e-12)
    }

    @Test(arguments: ["entropic_gw_square", "entropic_fgw_square"])
    func entropicMatchesPOT(name: String) throws {
        let reference = try GromovReferenceCase.load(name)
        let (solver, status) = try reference.solve()
        #expect(status == .converged)
        let evaluation = solver.evaluate()
        #expect(abs(evaluation.cost - reference.values.loss) <= 1e-7 * max(1, abs(reference.values.loss)),
                "\(name): loss \(evaluation.cost) vs POT \(reference.values.loss)")
        let plan = solver.plan().denseMatrix()
        let difference = zip(plan.storage, reference.plan.storage).map { abs($0 - $1) }.max() ?? .infinity
        #expect(difference <= 1e-7, "\(name): plan differs from POT's by \(difference)")
    }
}
