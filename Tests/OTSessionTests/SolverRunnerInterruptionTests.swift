import Foundation
import Testing
import OTCore
import OTSolvers
@testable import OTSession

/// Commands reach a solver in the middle of a long iteration (the runner's `StepInterruption`).
@Suite struct SolverRunnerInterruptionTests {
    /// 15,000 points a side: the cost stays implicit and one sweep of sinkhorn-online is 2.25 x 10^8
    /// entries (a few hundred milliseconds at the very least), so the first iteration is still
    /// running when the command arrives 50 ms after the start.
    static func largeConfiguration() throws -> RunConfiguration {
        let n = 15_000
        let points = DenseMatrix(rows: n, columns: 2) { i, k in Double((i * (k == 0 ? 7 : 13)) % 1009) / 1009 }
        let problem = TransportProblem(source: .uniform(points: points), target: .uniform(points: points), groundCost: .sqeuclidean)
        let descriptor = try #require(SolverRegistry.descriptor(named: "sinkhorn-online"))
        var parameters = descriptor.defaults
        try parameters.set("reg", .real(0.01))
        return RunConfiguration(problem: problem, solver: descriptor, parameters: parameters, evaluation: .everyIteration)
    }

    @Test func cancelStopsInsideTheFirstSweep() throws {
        let configuration = try Self.largeConfiguration()
        #expect(configuration.problem.hasImplicitCost)
        let runner = SolverRunner(configuration: configuration)
        usleep(50_000)
        runner.cancel()
        #expect(runner.waitUntilFinished(timeout: 120))
        let snapshot = runner.snapshot
        #expect(snapshot.status == .cancelled)
        // The interrupted step did not count: the final record is the state before it.
        #expect(snapshot.latest?.iteration == 0)
        runner.shutdown()
    }

    @Test func pauseInsideASweepThenSingleStepCompletesOneIteration() throws {
        let configuration = try Self.largeConfiguration()
        let runner = SolverRunner(configuration: configuration)
        usleep(50_000)
        runner.pause()
        usleep(200_000)
        #expect(runner.snapshot.latest == nil)  // the interrupted first step published nothing
        runner.step()
        #expect(eventually(timeout: 300) { runner.snapshot.latest?.iteration == 1 })
        #expect(runner.snapshot.isPaused)
        #expect(!runner.isFinished)
        runner.cancel()
        #expect(runner.waitUntilFinished(timeout: 120))
        #expect(runner.snapshot.latest?.iteration == 1)
        runner.shutdown()
    }
}
