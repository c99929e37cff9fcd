import Foundation
import Testing
import OTCore
import OTSolvers
import TestReference
@testable import OTSession

/// POT's answers, written by Tests/Reference/make_sweep_reference.py.
private struct SweepReference: CheckoutReference {
    static let checkoutPath = "Tests/Reference/sweep_reference.json"

    var n: Int
    var regs: [Double]
    var sinkhorn_costs: [Double]
    var emd_cost: Double
}

@Suite struct RegularizationSweepTests {
    @Test func costsFallTowardTheExactCostAsRegShrinksAndMatchPOT() throws {
        let reference = try SweepReference.load()
        let descriptor = try #require(SolverRegistry.descriptor(named: "sinkhorn-log"))
        var values = descriptor.defaults
        try values.set("tol", .real(1e-12))
        try values.set("max-iter", .integer(100_000))
        let sweep = try RegularizationSweep(problem: gridProblem(n: reference.n), solver: descriptor, parameters: values, regs: reference.regs)
        #expect(sweep.includesExact)
        let (runs, exact) = sweep.run()
        #expect(runs.map(\.label) == ["reg=1", "reg=0.3", "reg=0.1", "reg=0.03"])
        let exactCost = try #require(exact?.cost)
        // The exact cost is POT's emd2 to round-off.
        #expect(abs(exactCost - reference.emd_cost) < 1e-12, "\(exactCost) vs \(reference.emd_cost)")
        let costs = try runs.map { try #require($0.cost) }
        for (k, run) in runs.enumerated() {
            #expect(run.status == .converged, "\(run.label): \(run.status)")
            #expect(abs(costs[k] - reference.sinkhorn_costs[k]) < 1e-8, "\(run.label): \(costs[k]) vs POT \(reference.sinkhorn_costs[k])")
            #expect(costs[k] > exactCost, "entropic cost exceeds the exact cost at \(run.label)")
        }
        // Strictly decreasing toward the exact cost: 0.389 > 0.292 > 0.191 > 0.140 > 0.1217.
        for k in 1..<costs.count { #expect(costs[k] < costs[k - 1] - 0.01) }
        #expect(costs.last! - exactCost < 0.02, "reg 0.03 is within 0.02 of the exact cost")
        #expect(costs.first! - exactCost > 0.25, "reg 1 is far from it")
    }

    @Test func aSolverWithoutRegAndRegsOutOfRangeAreInputErrors() throws {
        let emd = try #require(SolverRegistry.descriptor(named: "emd"))
        #expect(throws: InputError.self) { try RegularizationSweep(problem: gridProblem(), solver: emd, parameters: emd.defaults, regs: [1]) }
        let log = try #require(SolverRegistry.descriptor(named: "sinkhorn-log"))
        let error = #expect(throws: InputError.self) {
            try RegularizationSweep(problem: gridProblem(), solver: log, parameters: log.defaults, regs: [1, 1e-9])
        }
        #expect(error?.source == "--regs")
    }

    @Test func theExactRunIsLeftOutWhenAskedOrForUnbalancedSolvers() throws {
        let log = try #require(SolverRegistry.descriptor(named: "sinkhorn-log"))
        let withExact = try RegularizationSweep(problem: gridProblem(), solver: log, parameters: log.defaults, regs: [1])
        #expect(withExact.comparison().entries.map(\.label) == ["reg=1", "emd"])
        let without = try RegularizationSweep(problem: gridProblem(), solver: log, parameters: log.defaults, regs: [1], includesExact: false)
        #expect(without.comparison().entries.map(\.label) == ["reg=1"])

        // Unbalanced OT (here on unequal masses) does not tend to the exact balanced cost: no exact run.
        let grid = gridProblem()
        let heavier = TransportProblem(source: Measure(weights: grid.a.map { $0 * 3 }, points: grid.source.points), target: grid.target, cost: grid.cost)
        let unbalanced = try #require(SolverRegistry.descriptor(named: "unbalanced"))
        let sweep = try RegularizationSweep(problem: heavier, solver: unbalanced, parameters: unbalanced.defaults, regs: [1, 0.5])
        #expect(!sweep.includesExact)
        #expect(sweep.exactOmission == "unbalanced does not solve balanced OT, so the exact cost is not its limit")
        let (runs, exact) = sweep.run()
        #expect(exact == nil)
        #expect(runs.count == 2)
        #expect(runs.allSatisfy { $0.cost != nil && $0.status.reason == nil }, "\(runs.map(\.status))")
    }
}
