import OTSession
import Testing
@testable import OTSolvers

/// Advice fits the solver that failed: "use sinkhorn-log" from sinkhorn-log (or sns, unbalanced,
/// divergence, sinkhorn-online, all in the log domain already) sent the user in a circle.
@Suite struct DivergenceAdviceTests {
    @Test(arguments: ["sinkhorn-log", "sns", "unbalanced", "divergence", "sinkhorn-online"])
    func logDomainSolversAreNotToldToUseSinkhornLog(solver: String) throws {
        let monitor = ProgressMonitor(solverName: solver, tolerance: 1e-9)
        let reason = try #require(monitor.failure(marginalError: .nan, iteration: 7))
        #expect(!reason.contains("sinkhorn-log)"), "\(reason)")
        #expect(reason.contains("use a larger reg"))
        #expect(reason.contains("already works in the log domain"))
    }

    @Test func scalingSolversAreStillToldToUseSinkhornLog() throws {
        let reason = try #require(ProgressMonitor(solverName: "sinkhorn", tolerance: 1e-9).failure(marginalError: .nan, iteration: 3))
        #expect(reason.contains("a log-domain solver (sinkhorn-log)"))
        #expect(EntropicDiagnosis.notFinite("the marginal error", regularization: 0.1).hasSuffix("use sinkhorn-log or a larger reg"))
        let logDomain = EntropicDiagnosis.notFinite("the marginal error", regularization: 0.1, logDomain: true)
        #expect(!logDomain.contains("sinkhorn-log"))
        #expect(logDomain.contains("rescale the costs (or the coordinates) or use a larger reg"))
    }

    @Test func aFinishedRunWithAnInfiniteCostIsAFailure() throws {
        let reason = try #require(ProgressMonitor.failure(cost: .infinity, objective: 1, iteration: 1))
        #expect(reason.hasPrefix("the cost <P, C> is inf at iteration 1"))
        #expect(reason.contains("rescale the costs"))
        #expect(ProgressMonitor.failure(cost: -.infinity, objective: 1, iteration: 2)?.hasPrefix("the cost <P, C> is -inf") == true)
        #expect(ProgressMonitor.failure(cost: 2, objective: .nan, iteration: 2)?.hasPrefix("the objective is nan") == true)
        #expect(ProgressMonitor.failure(cost: 2, objective: 3, iteration: 2) == nil)
    }
}
