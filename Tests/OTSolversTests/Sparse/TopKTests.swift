import Testing
import OTCore
@testable import OTSolvers

@Suite struct TopKTests {
    static func columnNonzeros(_ plan: TransportPlan) -> [Int] {
        var counts = [Int](repeating: 0, count: plan.columns)
        if case .sparse(let s) = plan { for e in s.entries where e.value > 0 { counts[e.column] += 1 } }
        return counts
    }

    /// At most k nonzeros per column, exact column marginals, and POT's sparsity-constrained
    /// semi-dual value reached. The semi-dual is concave but nonsmooth, so its maximum value is
    /// unique while the plan at a kink is not: we compare the value (ours must not be lower than
    /// POT's by more than 1e-7; POT's L-BFGS-B stops early at k = 1, so ours may be higher, but by
    /// less than 1e-2 relative), not the plan.
    @Test(arguments: ["topk_k1", "topk_k2", "topk_k3"])
    func columnsAreKSparseAndExact(file: String) throws {
        let reference = try SparseReferenceCase.load(file)
        let problem = reference.problem
        let k = try #require(reference.k), reg = try #require(reference.reg)
        let run = try solve("topk", problem, ["reg": .real(reg), "k": .integer(k), "tol": .real(1e-10)])
        #expect(run.status == .converged, "status \(run.status)")
        let plan = run.solver.plan()
        guard case .sparse = plan else { Issue.record("topk must return a sparse plan"); return }
        #expect(Self.columnNonzeros(plan).allSatisfy { $0 <= k })
        #expect(Self.columnNonzeros(plan).max() == reference.maxColumnNnz)
        let columns = plan.columnSums()
        for j in 0..<problem.targetCount { #expect(abs(columns[j] - problem.b[j]) < 1e-12) }
        // The reported marginal error is the honest row violation of the plan.
        let rowError = Kernels.l1Distance(plan.rowSums(), problem.a)
        #expect(abs(rowError - run.solver.marginalError) < 1e-12)
        let e = run.solver.evaluate()
        let value = try #require(e.dualObjective), potValue = try #require(reference.semiDual)
        #expect(value >= potValue - 1e-7, "semi-dual \(value) vs POT \(potValue)")
        #expect(relativeError(value, potValue) < (k == 1 ? 1e-2 : 1e-5), "semi-dual \(value) vs POT \(potValue)")
        // Weak duality: the semi-dual never exceeds the objective of a feasible plan (here POT's
        // sparse plan is row-infeasible, so only our own primal objective bounds it when rows are met).
        if k == 1 { #expect(rowError > 0.1, "k = 1 with 15 columns cannot serve 20 rows") }
    }

    /// With k = n the constraint is void: the quadratic semi-dual's plan and objective.
    @Test func kEqualNMatchesQuadraticSemiDual() throws {
        let problem = smallCloudProblem()
        let topk = try solve("topk", problem, ["reg": .real(0.05), "k": .integer(problem.sourceCount), "tol": .real(1e-11)])
        let quadratic = try solve("quadratic", problem, ["reg": .real(0.05), "formulation": .choice("semi-dual"), "tol": .real(1e-11)])
        #expect(topk.status == .converged && quadratic.status == .converged)
        #expect(topk.solver.marginalError < 1e-11)
        #expect(abs(topk.solver.evaluate().objective - quadratic.solver.evaluate().objective) < 1e-12)
        let p = topk.solver.plan().denseMatrix(), q = quadratic.solver.plan().denseMatrix()
        for index in p.storage.indices { #expect(abs(p.storage[index] - q.storage[index]) < 1e-10) }
    }

    /// Tightening k can only raise the regularized objective (a smaller feasible set).
    @Test func objectiveGrowsAsKShrinks() throws {
        let problem = smallCloudProblem(n: 15, m: 12)
        var previous = -Double.infinity
        for k in [15, 4, 2, 1] {
            let run = try solve("topk", problem, ["reg": .real(0.05), "k": .integer(k), "tol": .real(1e-10)])
            let value = run.solver.evaluate().dualObjective!
            #expect(value >= previous - 1e-9, "k=\(k): semi-dual \(value) below \(previous)")
            previous = value
        }
    }

    /// The potentials reproduce the plan on its support: P_ij = (f_i + g_j - C_ij) / reg there.
    @Test func potentialsReproduceTheKeptEntries() throws {
        let problem = smallCloudProblem()
        let run = try solve("topk", problem, ["reg": .real(0.05), "k": .integer(2), "tol": .real(1e-10)])
        let potentials = try #require(run.solver.potentials())
        guard case .sparse(let plan) = run.solver.plan() else { Issue.record("sparse plan expected"); return }
        #expect(!plan.entries.isEmpty)
        for e in plan.entries {
            let fromPotentials = (potentials.f[e.row] + potentials.g[e.column] - problem.cost[e.row, e.column]) / 0.05
            #expect(abs(fromPotentials - e.value) < 1e-12, "entry (\(e.row), \(e.column))")
        }
    }
}
