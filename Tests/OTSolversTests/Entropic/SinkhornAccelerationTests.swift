import Testing
import OTCore
@testable import OTSolvers

@Suite struct SinkhornAccelerationTests {
    @Test(arguments: [
        ["momentum": ParameterValue.real(1.5)],
        ["anderson": ParameterValue.integer(5)],
        ["momentum": ParameterValue.real(1.3), "anderson": ParameterValue.integer(3)],
    ])
    func acceleratedRunsReachThePlainCost(options: [String: ParameterValue]) throws {
        let problem = smallCloudProblem()
        let base: [String: ParameterValue] = ["reg": .real(0.01), "tol": .real(1e-12), "max-iter": .integer(200_000)]
        let plain = try solve("sinkhorn-log", problem, base)
        let accelerated = try solve("sinkhorn-log", problem, base.merging(options) { $1 })
        print("sinkhorn-log reg 0.01: plain \(plain.solver.iteration) iterations, \(options): \(accelerated.solver.iteration)")
        #expect(plain.status == .converged && accelerated.status == .converged)
        let p = plain.solver.evaluate(), a = accelerated.solver.evaluate()
        #expect(relativeError(a.cost, p.cost) < 1e-9, "cost \(a.cost) vs plain \(p.cost)")
        #expect(relativeError(a.objective, p.objective) < 1e-9)
        // The reported marginal error is the plan's own, rows and columns.
        let measured = accelerated.solver.plan().marginalError(a: problem.a, b: problem.b)
        #expect(measured < 1e-12)
        #expect(abs(measured - accelerated.solver.marginalError) < 1e-13)
    }

    @Test func overRelaxationNeedsFewerIterationsAtSmallReg() throws {
        let problem = histogramProblem(n: 100)
        let base: [String: ParameterValue] = ["reg": .real(1e-3), "tol": .real(1e-9), "max-iter": .integer(100_000)]
        let plain = try solve("sinkhorn-log", problem, base)
        let relaxed = try solve("sinkhorn-log", problem, base.merging(["momentum": .real(1.5)]) { $1 })
        let anderson = try solve("sinkhorn-log", problem, base.merging(["anderson": .integer(5)]) { $1 })
        print("sinkhorn-log histograms reg 1e-3: plain \(plain.solver.iteration), omega 1.5 \(relaxed.solver.iteration), anderson 5 \(anderson.solver.iteration)")
        #expect(plain.status == .converged && relaxed.status == .converged && anderson.status == .converged)
        #expect(Double(relaxed.solver.iteration) < 0.7 * Double(plain.solver.iteration),
                "omega 1.5: \(relaxed.solver.iteration) vs plain \(plain.solver.iteration)")
        #expect(anderson.solver.iteration < plain.solver.iteration)
        #expect(relativeError(relaxed.solver.evaluate().cost, plain.solver.evaluate().cost) < 1e-7)
    }

    /// Scaling Sinkhorn over-relaxed near the optimal omega = 2 / (1 + sqrt(1 - theta)) needs a
    /// fraction of the plain iterations and reaches the same cost.
    @Test func overRelaxedScalingNeedsFewerIterations() throws {
        let problem = histogramProblem(n: 100)
        let base: [String: ParameterValue] = ["reg": .real(1e-3), "tol": .real(1e-9), "max-iter": .integer(100_000)]
        let plain = try solve("sinkhorn", problem, base)
        let relaxed = try solve("sinkhorn", problem, base.merging(["momentum": .real(1.8)]) { $1 })
        print("sinkhorn histograms reg 1e-3: plain \(plain.solver.iteration), omega 1.8 \(relaxed.solver.iteration)")
        #expect(plain.status == .converged && relaxed.status == .converged)
        #expect(Double(relaxed.solver.iteration) < 0.4 * Double(plain.solver.iteration),
                "omega 1.8: \(relaxed.solver.iteration) vs plain \(plain.solver.iteration)")
        #expect(relativeError(relaxed.solver.evaluate().cost, plain.solver.evaluate().cost) < 1e-7)
        #expect(relaxed.solver.plan().marginalError(a: problem.a, b: problem.b) < 1e-9)
        #expect(relaxed.solver.extras.contains { $0.name == "omega" && $0.value == 1.8 })
        #expect(plain.solver.extras.isEmpty)
    }

    @Test func defaultsLeaveThePlainIterationUntouched() throws {
        let descriptor = try #require(SolverRegistry.descriptor(named: "sinkhorn-log"))
        #expect(descriptor.defaults["momentum"] == .real(1))
        #expect(descriptor.defaults["anderson"] == .integer(0))
        let problem = smallCloudProblem()
        let implicit = try solve("sinkhorn-log", problem, ["reg": .real(0.05)])
        let explicit = try solve("sinkhorn-log", problem, ["reg": .real(0.05), "momentum": .real(1), "anderson": .integer(0)])
        #expect(implicit.solver.iteration == explicit.solver.iteration)
        #expect(implicit.solver.potentials() == explicit.solver.potentials())
    }
}
