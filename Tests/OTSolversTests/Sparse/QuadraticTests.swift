import Testing
import OTCore
@testable import OTSolvers

@Suite struct QuadraticTests {
    /// POT's smooth_ot_dual (l2) with the same reg: cost within 1e-3 (relative), marginals to 1e-6.
    @Test(arguments: ["quadratic_reg0.1", "quadratic_reg0.01"], ["dual", "semi-dual"])
    func matchesPOT(file: String, formulation: String) throws {
        let reference = try SparseReferenceCase.load(file)
        let problem = reference.problem
        let reg = try #require(reference.reg)
        let run = try solve("quadratic", problem, ["reg": .real(reg), "formulation": .choice(formulation), "tol": .real(1e-10)])
        #expect(run.status == .converged, "status \(run.status)")
        let plan = run.solver.plan()
        guard case .sparse = plan else { Issue.record("quadratic must return a sparse plan"); return }
        let measured = plan.marginalError(a: problem.a, b: problem.b)
        #expect(measured < 1e-6)
        #expect(abs(measured - run.solver.marginalError) < 1e-12, "reported \(run.solver.marginalError), measured \(measured)")
        let e = run.solver.evaluate()
        let potCost = try #require(reference.costDual), potObjective = try #require(reference.objectiveDual)
        #expect(relativeError(e.cost, potCost) < 1e-3, "cost \(e.cost) vs POT \(potCost)")
        // POT stops at marginal error ~1e-6, so it cannot agree with us much beyond that.
        #expect(relativeError(e.cost, potCost) < 1e-5, "cost \(e.cost) vs POT \(potCost)")
        #expect(relativeError(e.objective, potObjective) < 1e-5)
        // Strong duality: the dual value meets the primal objective at convergence.
        let dual = try #require(e.dualObjective)
        #expect(abs(dual - e.objective) < 1e-8, "gap \(e.objective - dual)")
        // Same support as POT's plan, and it is sparse.
        let nnz = plan.nonzeroCount(threshold: 1e-9)
        #expect(nnz == reference.nnzDual, "nnz \(nnz) vs POT \(reference.nnzDual ?? -1)")
        #expect(run.solver.extras.first { $0.name == "plan_nnz" }?.value ?? 0 >= Double(nnz))
        #expect(nnz < problem.sourceCount * problem.targetCount / 3)
    }

    @Test func dualAndSemiDualAgreeTightly() throws {
        let problem = smallCloudProblem()
        let dual = try solve("quadratic", problem, ["reg": .real(0.05), "tol": .real(1e-11)])
        let semi = try solve("quadratic", problem, ["reg": .real(0.05), "formulation": .choice("semi-dual"), "tol": .real(1e-11)])
        #expect(dual.status == .converged && semi.status == .converged)
        #expect(abs(dual.solver.evaluate().objective - semi.solver.evaluate().objective) < 1e-10)
        // Semi-dual columns are exact by construction.
        let columns = semi.solver.plan().columnSums()
        for j in 0..<problem.targetCount { #expect(abs(columns[j] - problem.b[j]) < 1e-14) }
        // Potentials reproduce the plan: P_ij = max(f_i + g_j - C_ij, 0) / reg.
        let potentials = try #require(semi.solver.potentials())
        let plan = semi.solver.plan().denseMatrix()
        for i in 0..<problem.sourceCount {
            for j in 0..<problem.targetCount {
                let fromPotentials = max(potentials.f[i] + potentials.g[j] - problem.cost[i, j], 0) / 0.05
                #expect(abs(fromPotentials - plan[i, j]) < 1e-9)
            }
        }
    }

    @Test func marginalErrorDecreasesAndGradientNormIsReported() throws {
        let problem = smallCloudProblem(n: 30, m: 25)
        var parameters = QuadraticOT.descriptor.defaults
        try parameters.set("reg", .real(0.02))
        let solver = try QuadraticOT.descriptor.makeSolver(problem: problem, parameters: parameters)
        let start = solver.marginalError
        var status = SolverStatus.running
        while status == .running && solver.iteration < 1000 { status = solver.step() }
        #expect(status == .converged)
        #expect(solver.marginalError < 1e-9 && start > 1e-2)
        let gradientNorm = try #require(solver.extras.first { $0.name == "gradient_norm" }?.value)
        #expect(gradientNorm <= solver.marginalError + 1e-15)  // ||g||_2 <= ||g||_1
        // L-BFGS (memory 10) on this piecewise-quadratic dual takes about 360 iterations here.
        #expect(solver.iteration < 600, "took \(solver.iteration) iterations")
    }
}
