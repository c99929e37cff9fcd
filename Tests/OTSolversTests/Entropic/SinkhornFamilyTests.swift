import Testing
import OTCore
@testable import OTSolvers

@Suite struct SinkhornFamilyTests {
    let problem = smallCloudProblem()

    @Test(arguments: [0.5, 0.1, 0.02])
    func scalingAndLogDomainAgree(reg: Double) throws {
        let plain = try solve("sinkhorn", problem, ["reg": .real(reg), "tol": .real(1e-13), "max-iter": .integer(200_000)])
        let log = try solve("sinkhorn-log", problem, ["reg": .real(reg), "tol": .real(1e-13), "max-iter": .integer(200_000)])
        #expect(plain.status == .converged)
        #expect(log.status == .converged)
        let p = plain.solver.evaluate(), l = log.solver.evaluate()
        #expect(relativeError(p.cost, l.cost) < 1e-10)
        #expect(relativeError(p.objective, l.objective) < 1e-10)
    }

    @Test(arguments: ["sinkhorn", "sinkhorn-log", "greenkhorn"])
    func dualMeetsPrimalAtConvergence(name: String) throws {
        let run = try solve(name, problem, ["reg": .real(0.1), "tol": .real(1e-12), "max-iter": .integer(100_000)])
        #expect(run.status == .converged)
        let e = run.solver.evaluate()
        let dual = try #require(e.dualObjective)
        #expect(relativeError(dual, e.objective) < 1e-8, "duality gap \(e.objective - dual)")
    }

    @Test(arguments: ["sinkhorn", "sinkhorn-log"])
    func reportedMarginalErrorIsThePlansOwn(name: String) throws {
        let run = try solve(name, problem, ["reg": .real(0.05), "tol": .real(1e-9)])
        #expect(run.status == .converged)
        let plan = run.solver.plan()
        let measured = plan.marginalError(a: problem.a, b: problem.b)
        #expect(measured < 1e-9)
        #expect(abs(measured - run.solver.marginalError) < 1e-12)
    }

    @Test func greenkhornRoundedPlanIsFeasible() throws {
        let run = try solve("greenkhorn", problem, ["reg": .real(0.05), "tol": .real(1e-3), "max-iter": .integer(5)])
        // Stopped early on purpose: the iterate is infeasible, the rounded plan must not be.
        #expect(run.solver.marginalError > 1e-8)
        let plan = run.solver.plan()
        #expect(plan.marginalError(a: problem.a, b: problem.b) < 1e-12)
        #expect(plan.denseMatrix().storage.allSatisfy { $0 >= 0 })
    }

    @Test func greenkhornConvergesToSinkhornsPlan() throws {
        let green = try solve("greenkhorn", problem, ["reg": .real(0.1), "tol": .real(1e-11), "max-iter": .integer(100_000)])
        let plain = try solve("sinkhorn", problem, ["reg": .real(0.1), "tol": .real(1e-13)])
        #expect(green.status == .converged)
        #expect(relativeError(green.solver.evaluate().cost, plain.solver.evaluate().cost) < 1e-8)
    }

    @Test func tinyRegularizationMakesPlainSinkhornDivergeWithTheCure() throws {
        let run = try solve("sinkhorn", problem, ["reg": .real(1e-5)])
        guard case .diverged(let reason) = run.status else {
            Issue.record("expected diverged, got \(run.status)")
            return
        }
        #expect(reason.contains("kernel underflow at reg=0.00001") || reason.contains("kernel underflow at reg=1e-05"))
        #expect(reason.contains("C/reg reaches"))
        #expect(reason.contains("use sinkhorn-log or a larger reg"))
    }

    /// A target point whose whole kernel column underflows (every source is far from it) is named
    /// by the column update: the rows still have mass elsewhere, so the row update passes.
    @Test(arguments: [0, 9, 10])
    func anUnderflowingKernelColumnNamesItsTargetPoint(column: Int) throws {
        let n = 4, m = 11
        let cost = DenseMatrix(rows: n, columns: m) { i, j in j == column ? 1000 : Double((i + j) % 3) }
        let farTarget = TransportProblem(
            source: Measure(weights: [Double](repeating: 1.0 / Double(n), count: n)),
            target: Measure(weights: [Double](repeating: 1.0 / Double(m), count: m)), cost: cost)
        let run = try solve("sinkhorn", farTarget, ["reg": .real(1)])
        guard case .diverged(let reason) = run.status else {
            Issue.record("expected diverged, got \(run.status)")
            return
        }
        #expect(reason.contains("kernel underflow"), "\(reason)")
        #expect(reason.contains("target point \(column)"), "\(reason)")
        #expect(run.solver.iteration == 1)
    }

    @Test func logDomainSurvivesTheSameRegularization() throws {
        let run = try solve("sinkhorn-log", problem, ["reg": .real(1e-3), "tol": .real(1e-9), "max-iter": .integer(200_000)])
        #expect(run.status == .converged)
        let e = run.solver.evaluate()
        #expect(e.cost.isFinite && e.objective.isFinite)
    }

    @Test func epsilonScalingReachesTheSameSolutionInFewerIterations() throws {
        let settings: [String: ParameterValue] = ["reg": .real(2e-3), "tol": .real(1e-9), "max-iter": .integer(500_000)]
        let direct = try solve("sinkhorn-log", problem, settings)
        var annealed = settings
        annealed["epsilon-scaling"] = .flag(true)
        let scaled = try solve("sinkhorn-log", problem, annealed)
        #expect(direct.status == .converged && scaled.status == .converged)
        #expect(relativeError(direct.solver.evaluate().cost, scaled.solver.evaluate().cost) < 1e-6)
        #expect(scaled.solver.extras.first { $0.name == "stage_reg" }?.value == 2e-3)
    }

    @Test func zeroWeightsAreHandled() throws {
        var p = problem
        p.source.weights[0] = 0
        p.source.weights[1] += problem.a[0]
        for name in ["sinkhorn", "sinkhorn-log", "greenkhorn"] {
            let run = try solve(name, p, ["reg": .real(0.1), "tol": .real(1e-10), "max-iter": .integer(100_000)])
            #expect(run.status == .converged, "\(name)")
            let plan = run.solver.plan().denseMatrix()
            #expect(plan.row(0).allSatisfy { $0 == 0 }, "\(name): no mass leaves a zero-weight point")
        }
    }

    @Test func unequalMassesAreRejected() throws {
        var p = problem
        p.source.weights = p.source.weights.map { $0 * 2 }
        #expect(throws: InputError.self) { try solve("sinkhorn", p, [:]) }
    }
}
