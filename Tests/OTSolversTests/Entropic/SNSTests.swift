import Foundation
import Testing
import OTCore
@testable import OTSolvers

/// The reference values written by `make_reference_entropic2.py`.
func entropic2Reference<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
    let directory = try #require(Bundle.module.url(forResource: "data", withExtension: nil))
    let data = try Data(contentsOf: directory.appendingPathComponent("entropic").appendingPathComponent(name))
    return try JSONDecoder().decode(T.self, from: data)
}

/// The paper's random assignment problem: C uniform in [0, 1] (row-major draws), uniform weights.
func randomAssignmentProblem(n: Int, seed: UInt64) -> TransportProblem {
    var generator = SplitMix64(seed: seed)
    let cost = DenseMatrix(rows: n, columns: n, storage: (0..<(n * n)).map { _ in generator.nextUnit() })
    let weights = [Double](repeating: 1 / Double(n), count: n)
    return TransportProblem(source: Measure(weights: weights), target: Measure(weights: weights), cost: cost)
}

/// Two 1-D gaussian-mixture histograms on a grid of [0, 1] with the squared distance as cost.
func histogramProblem(n: Int) -> TransportProblem {
    let x = (0..<n).map { Double($0) / Double(n - 1) }
    func bump(_ t: Double, _ mean: Double, _ width: Double) -> Double { exp(-0.5 * (t - mean) * (t - mean) / (width * width)) }
    var a = x.map { 0.6 * bump($0, 0.25, 0.06) + 0.4 * bump($0, 0.6, 0.1) + 1e-3 }
    var b = x.map { 0.5 * bump($0, 0.45, 0.08) + 0.5 * bump($0, 0.8, 0.05) + 1e-3 }
    let sa = a.reduce(0, +), sb = b.reduce(0, +)
    a = a.map { $0 / sa }
    b = b.map { $0 / sb }
    let cost = DenseMatrix(rows: n, columns: n) { i, j in (x[i] - x[j]) * (x[i] - x[j]) }
    return TransportProblem(source: Measure(weights: a), target: Measure(weights: b), cost: cost)
}

@Suite struct SNSTests {
    struct RandomAssignmentReference: Decodable {
        let n: Int
        let seed: UInt64
        let reg: Double
        let cost: Double
        let objective: Double
        let marginal_error: Double
        let pot_iterations: Int
    }

    @Test func randomAssignmentConvergesInFewIterationsToPOTsCost() throws {
        let reference = try entropic2Reference("sns_random_assignment.json", as: RandomAssignmentReference.self)
        let problem = randomAssignmentProblem(n: reference.n, seed: reference.seed)
        let run = try solve("sns", problem, ["reg": .real(reference.reg), "tol": .real(1e-10), "max-iter": .integer(100)])
        let solver = run.solver
        print("sns random assignment: \(run.status.name) after \(solver.iteration) iterations, marginal error \(solver.marginalError), POT sinkhorn_log needed \(reference.pot_iterations)")
        #expect(run.status == .converged)
        #expect(solver.iteration < 100)
        let measured = solver.plan().marginalError(a: problem.a, b: problem.b)
        #expect(measured < 1e-10, "the plan's own marginal error is \(measured)")
        let e = solver.evaluate()
        #expect(relativeError(e.cost, reference.cost) < 1e-8, "cost \(e.cost) vs POT \(reference.cost)")
        #expect(relativeError(e.objective, reference.objective) < 1e-8, "objective \(e.objective) vs POT \(reference.objective)")
        #expect(solver.extras.first { $0.name == "phase" }?.value == 1)
    }

    @Test func histogramsNeedTenTimesFewerIterationsThanLogSinkhorn() throws {
        let problem = histogramProblem(n: 200)
        let settings: [String: ParameterValue] = ["reg": .real(1e-3), "tol": .real(1e-8), "max-iter": .integer(20_000)]
        // A smooth 1-D plan is a band ~60 entries wide at this reg: starting from the default
        // density, the kept fraction doubles until the Newton steps bite.
        var snsSettings = settings
        snsSettings["max-iter"] = .integer(200)
        let sns = try solve("sns", problem, snsSettings)
        let log = try solve("sinkhorn-log", problem, settings)
        print("sns histograms: \(sns.solver.iteration) iterations; sinkhorn-log: \(log.solver.iteration)")
        #expect(sns.status == .converged && log.status == .converged)
        #expect(sns.solver.iteration * 10 <= log.solver.iteration,
                "sns \(sns.solver.iteration) vs sinkhorn-log \(log.solver.iteration) iterations")
        #expect(relativeError(sns.solver.evaluate().cost, log.solver.evaluate().cost) < 1e-6)
    }

    @Test func convergesFarBelowTheWarmupAccuracy() throws {
        let problem = histogramProblem(n: 120)
        let run = try solve("sns", problem, ["reg": .real(2e-3), "tol": .real(1e-13), "max-iter": .integer(200)])
        #expect(run.status == .converged, "stopped at marginal error \(run.solver.marginalError)")
        let e = run.solver.evaluate()
        let dual = try #require(e.dualObjective)
        #expect(relativeError(dual, e.objective) < 1e-12, "duality gap \(e.objective - dual)")
        let extras = run.solver.extras
        for name in ["phase", "hessian_nnz", "cg_iterations", "cg_residual", "step_size"] {
            #expect(extras.contains { $0.name == name }, "missing extra \(name)")
        }
        #expect((extras.first { $0.name == "hessian_nnz" }?.value ?? 0) > 0)
    }

    @Test func zeroWeightPointsStayEmpty() throws {
        var problem = smallCloudProblem()
        problem.source.weights[0] = 0
        problem.source.weights[1] += smallCloudProblem().a[0]
        let run = try solve("sns", problem, ["reg": .real(0.01), "tol": .real(1e-11), "warmup": .integer(5), "max-iter": .integer(200)])
        #expect(run.status == .converged)
        let plan = run.solver.plan().denseMatrix()
        #expect(plan.row(0).allSatisfy { $0 == 0 })
        #expect(run.solver.plan().marginalError(a: problem.a, b: problem.b) < 1e-11)
    }
}
