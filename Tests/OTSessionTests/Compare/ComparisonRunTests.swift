import Foundation
import Testing
import OTCore
import OTSolvers
@testable import OTSession

@Suite struct ComparisonRunTests {
    /// sinkhorn-log, sns and greenkhorn on the grid problem at reg 0.05, as `otlab solve` would run them.
    private func solvers() throws -> [(SolverDescriptor, ParameterValues)] {
        try ["sinkhorn-log", "sns", "greenkhorn"].map { name in
            let descriptor = try #require(SolverRegistry.descriptor(named: name))
            var values = descriptor.defaults
            try values.set("reg", .real(0.05))
            try values.set("tol", .real(1e-9))
            try values.set("max-iter", .integer(200_000))
            return (descriptor, values)
        }
    }

    /// One solve through a single runner, the way `otlab solve` does it (final evaluation only).
    private func single(_ solver: SolverDescriptor, _ values: ParameterValues) -> RunOutcome {
        let runner = SolverRunner(configuration: RunConfiguration(problem: gridProblem(), solver: solver, parameters: values, evaluation: .finalOnly))
        defer { runner.shutdown() }
        _ = runner.waitUntilFinished(timeout: 60)
        return RunOutcome(label: solver.name, runner: runner)
    }

    @Test(arguments: [false, true])
    func everySolverFinishesWithTheFiguresOfASingleRun(concurrently: Bool) throws {
        let solvers = try solvers()
        let outcomes = ComparisonRun(problem: gridProblem(), solvers: solvers).runToEnd(concurrently: concurrently)
        #expect(outcomes.map(\.label) == ["sinkhorn-log", "sns", "greenkhorn"])
        for (outcome, (descriptor, values)) in zip(outcomes, solvers) {
            #expect(outcome.status == .converged, "\(outcome.label): \(outcome.status)")
            #expect(outcome.iterations > 0)
            #expect(try #require(outcome.marginalError) < 1e-9)
            #expect(outcome.records.last?.iteration == outcome.iterations, "the log ends with the final record")
            let alone = single(descriptor, values)
            // Same runner, same problem, same parameters: the same iterates.
            #expect(outcome.iterations == alone.iterations, "\(outcome.label)")
            let cost = try #require(outcome.cost), aloneCost = try #require(alone.cost)
            #expect(abs(cost - aloneCost) <= 1e-12 * abs(aloneCost), "\(outcome.label): \(cost) vs \(aloneCost)")
        }
        // The three methods solve the same entropic problem: their costs agree to the tolerance.
        let costs = outcomes.compactMap(\.cost)
        #expect(costs.count == 3)
        #expect((costs.max()! - costs.min()!) < 1e-6, "\(costs)")
    }

    @Test func aDivergedRunHasNoCostAndTheOthersStillFinish() throws {
        let plain = try #require(SolverRegistry.descriptor(named: "sinkhorn"))
        let log = try #require(SolverRegistry.descriptor(named: "sinkhorn-log"))
        var values = plain.defaults
        try values.set("reg", .real(1e-4))
        var logValues = log.defaults
        try logValues.set("reg", .real(1e-4))
        try logValues.set("max-iter", .integer(50))
        let outcomes = ComparisonRun(problem: gridProblem(), solvers: [(plain, values), (log, logValues)]).runToEnd(concurrently: false)
        #expect(outcomes[0].status.reason != nil, "plain Sinkhorn at reg 1e-4 underflows")
        #expect(outcomes[0].cost == nil)
        #expect(outcomes[1].status == .maxIterations)
        #expect(outcomes[1].iterations == 50)
        #expect(outcomes[1].cost != nil)
    }

    @Test func cancellingStopsEveryRun() throws {
        let solvers = try solvers().map { descriptor, values -> (SolverDescriptor, ParameterValues) in
            var values = values
            try? values.set("tol", .real(0))
            try? values.set("max-iter", .integer(100_000_000))
            return (descriptor, values)
        }
        let start = Date()
        let outcomes = ComparisonRun(problem: gridProblem(), solvers: Array(solvers.prefix(2)))
            .runToEnd(concurrently: true) { Date().timeIntervalSince(start) > 0.3 }
        #expect(outcomes.allSatisfy { $0.status == .cancelled }, "\(outcomes.map(\.status))")
    }
}
