import Testing
import OTCore
@testable import OTSolvers

/// Entropic GW at an epsilon where the plain Sinkhorn kernel `exp(-C/reg)` underflows: the inner
/// solve falls back to the log domain (`InnerSinkhorn`) and still matches POT's mirror-descent loop
/// run with `ot.sinkhorn(method='sinkhorn_log')` (case `entropic_gw_log`, epsilon 2e-4, from
/// `make_reference_gromov.py`), where POT's own `entropic_gromov_wasserstein` returns a plan of
/// mass ~1e-145.
@Suite struct EntropicGromovLogDomainTests {
    /// The first step's linearised cost `2 (constC - 2 C1 T C2)` at `T = p q^T`.
    static func firstCost(_ reference: GromovReferenceCase) -> DenseMatrix {
        let loss = GromovLoss(kind: .square, c1: reference.c1, c2: reference.c2, p: reference.p, q: reference.q)
        let n = reference.p.count, m = reference.q.count
        let t = DenseMatrix(rows: n, columns: m) { i, j in reference.p[i] * reference.q[j] }
        var product = DenseMatrix(rows: n, columns: m), gradient = DenseMatrix(rows: n, columns: m)
        var workspace = GromovLoss.Workspace(rows: n, columns: m)
        loss.gradient(t, product: &product, gradient: &gradient, workspace: &workspace)
        return gradient
    }

    @Test func plainSinkhornFailsAtThisEpsilon() throws {
        let reference = try GromovReferenceCase.load("entropic_gw_log")
        let epsilon = try #require(reference.values.epsilon)
        #expect(try #require(reference.values.pot_plain_mass) < 1e-100, "POT's plain entropic GW should fail here")
        let cost = Self.firstCost(reference)
        let low = cost.minimum
        let shifted = DenseMatrix(rows: cost.rows, columns: cost.columns, storage: cost.storage.map { $0 - low })
        #expect((cost.maximum - low) / epsilon > InnerSinkhorn.plainLimit)
        for c in [cost, shifted] {
            var parameters = Sinkhorn.descriptor.defaults
            try parameters.set("reg", .real(epsilon))
            try parameters.set("tol", .real(1e-9))
            let problem = TransportProblem(source: Measure(weights: reference.p), target: Measure(weights: reference.q), cost: c)
            let sinkhorn = try Sinkhorn(problem: problem, parameters: parameters)
            var status = SolverStatus.running
            while status == .running && sinkhorn.iteration < 20_000 { status = sinkhorn.step() }
            #expect(status.reason != nil, "plain Sinkhorn at reg \(epsilon) should diverge, got \(status)")
        }
    }

    @Test func logDomainFallbackMatchesPOTsLogDomainLoop() throws {
        let reference = try GromovReferenceCase.load("entropic_gw_log")
        let (solver, status) = try reference.solve()
        #expect(status == .converged)
        #expect(solver.extras.first { $0.name == "inner_log_domain" }?.value == 1)
        // (Not the step count: POT stops when ||T - T_prev|| <= 1e-9 at a tenth step, and the two
        // inner stopping rules leave differences near that size.)
        let evaluation = solver.evaluate()
        #expect(abs(evaluation.cost - reference.values.loss) <= 1e-7 * max(1, abs(reference.values.loss)),
                "loss \(evaluation.cost) vs POT (log domain) \(reference.values.loss)")
        let plan = solver.plan().denseMatrix()
        let difference = zip(plan.storage, reference.plan.storage).map { abs($0 - $1) }.max() ?? .infinity
        #expect(difference <= 1e-7, "plan differs from POT's log-domain loop by \(difference)")
        #expect(abs(evaluation.mass - 1) < 1e-8)
    }
}
