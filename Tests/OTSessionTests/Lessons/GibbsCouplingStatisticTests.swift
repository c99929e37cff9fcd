import Foundation
import Testing
import OTCore
import OTData
import OTSolvers
import TestReference
@testable import OTSession

/// The W-CFM lesson: the Gibbs coupling's figures on the generator's nested minibatches against
/// numpy/POT (Tests/Reference/lessons/make_wcfm_reference.py, which draws the batches from its own
/// port of SeededRandom).
struct FlowMatchingReference: CheckoutReference {
    static let checkoutPath = "Tests/Reference/lessons/wcfm_reference.json"

    struct Batch: Decodable {
        var source: [[Double]]
        var target: [[Double]]
    }

    struct Point: Decodable {
        var n: Int
        var gibbs_marginal_bias: Double
        var gibbs_plan_distance: Double
        var gibbs_cost: Double
        var plan_cost: Double
    }

    var seed: Int
    var reg: Double
    var radius: Double
    var spread: Double
    var first_batch_of_4: Batch
    var sweep: [Point]
}

@Suite struct GibbsCouplingStatisticTests {
    @Test func generatorDrawsTheReferenceBatch() throws {
        let reference = try FlowMatchingReference.load()
        let problem = FlowMatchingBatch.problem(size: 4, radius: reference.radius, spread: reference.spread, seed: reference.seed)
        let xs = try #require(problem.source.points), ys = try #require(problem.target.points)
        #expect(xs.rows == 4 && ys.rows == 4)
        for i in 0..<4 {
            for k in 0..<2 {
                #expect(abs(xs[i, k] - reference.first_batch_of_4.source[i][k]) < 1e-12)
                #expect(abs(ys[i, k] - reference.first_batch_of_4.target[i][k]) < 1e-12)
            }
        }
    }

    @Test func theLessonSweepOverBatchSizesMatchesPOT() throws {
        let reference = try FlowMatchingReference.load()
        var preset = try PresetParser.load(path: ReferenceFiles.url("presets/wcfm-couplings.yaml").path)
        preset.sweep?.values = reference.sweep.map { Double($0.n) }
        var parameters = SinkhornLog.descriptor.defaults
        try parameters.set("reg", .real(reference.reg))
        try parameters.set("tol", .real(1e-13))
        try parameters.set("max-iter", .integer(1_000_000))
        let sweep = try #require(try LessonSweep.make(preset: preset, solver: SinkhornLog.descriptor, parameters: parameters))
        #expect(sweep.logScale)
        let results = sweep.run()
        for (result, point) in zip(results, reference.sweep) {
            #expect(result.outcome.status == .converged, "n \(point.n)")
            let figures = result.figures
            #expect(abs(try #require(figures.number("gibbs_marginal_bias")) - point.gibbs_marginal_bias) < 1e-9, "n \(point.n)")
            #expect(abs(try #require(figures.number("gibbs_cost")) - point.gibbs_cost) < 1e-9 * max(1, point.gibbs_cost))
            #expect(abs(try #require(figures.number("gibbs_plan_distance")) - point.gibbs_plan_distance) < 1e-8, "n \(point.n)")
            #expect(abs(try #require(figures.number("plan_cost")) - point.plan_cost) < 1e-8 * max(1, point.plan_cost))
        }
        // The bias falls from the smallest batch and levels off: the last three within 10% of each other.
        let bias = results.map { $0.figures.number("gibbs_marginal_bias")! }
        #expect(bias[0] > 2 * bias.last!)
        #expect(bias.suffix(3).max()! < 1.1 * bias.suffix(3).min()!)
    }

    @Test func couplingIsNormalizedAndBiasIsItsMarginalError() throws {
        let problem = FlowMatchingBatch.problem(size: 16, radius: 2, spread: 0.4, seed: 1)
        let statistic = try GibbsCouplingStatistic(problem: problem, reg: 2)
        #expect(abs(Kernels.sum(statistic.coupling.storage) - 1) < 1e-14)
        let plan = TransportPlan.dense(statistic.coupling)
        #expect(abs(plan.marginalError(a: problem.a, b: problem.b) - statistic.marginalBias) < 1e-14)
        // The Gibbs coupling against itself: distance 0.
        let own = statistic.figures(plan: plan, iteration: 0)
        #expect(try #require(own.number("gibbs_plan_distance")) < 1e-15)
        // At a huge reg the kernel is flat: G = a b^T, no bias at all.
        let flat = try GibbsCouplingStatistic(problem: problem, reg: 1e6)
        #expect(flat.marginalBias < 1e-4)
    }
}
