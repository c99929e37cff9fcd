import OTCore
import OTData
import OTSession
import OTSolvers
import Testing

/// The routing lesson's figures against numpy/POT (`Reference/make_reference_lessons.py`): expert
/// loads (exact token counts), load imbalance and moved fractions for the softmax router, 1, 3 and
/// 10 Sinkhorn iterations, top-k sparse OT and a converged entropic plan.
struct RoutingStatisticTests {
    static func statistic(_ reference: LessonReference) throws -> (RoutingStatistic, TransportProblem) {
        let logits = try #require(reference.matrix("logits"))
        let cost = DenseMatrix(rows: logits.rows, columns: logits.columns, storage: logits.storage.map { -$0 })
        let problem = TransportProblem(
            source: Measure(weights: [Double](repeating: 1 / Double(logits.rows), count: logits.rows)),
            target: Measure(weights: [Double](repeating: 1 / Double(logits.columns), count: logits.columns)), cost: cost)
        var settings = ParameterValues(defaultsFor: RoutingStatistic.descriptor.parameters)
        try settings.set("reg", .real(try #require(reference.number("reg"))))
        try settings.set("k", .integer(Int(try #require(reference.number("k")))))
        try settings.set("topk-reg", .real(try #require(reference.number("topk_reg"))))
        return (try RoutingStatistic(problem: problem, settings: settings), problem)
    }

    @Test func baselinesMatchNumpyAndPOT() throws {
        let reference = try LessonReference.load("routing")
        let (statistic, _) = try Self.statistic(reference)
        let figures = statistic.figures(plan: nil, iteration: nil)
        for prefix in ["softmax", "sinkhorn_1", "sinkhorn_3", "sinkhorn_10", "topk"] {
            #expect(figures.numbers("\(prefix)_loads") == reference.numbers("\(prefix)_loads"), "\(prefix) loads")
            let imbalance = try #require(figures.number("\(prefix)_imbalance"))
            #expect(abs(imbalance - (try #require(reference.number("\(prefix)_imbalance")))) < 1e-12, "\(prefix) imbalance")
            if prefix != "softmax" {
                let changed = try #require(figures.number("\(prefix)_changed"))
                #expect(abs(changed - (try #require(reference.number("\(prefix)_changed")))) < 1e-12, "\(prefix) changed")
            }
        }
        // The softmax overloads some experts (3.84 x the balanced load); one iteration balances most.
        #expect(try #require(figures.number("softmax_imbalance")) > 3)
        #expect(try #require(figures.number("sinkhorn_1_imbalance")) < 1.2)
        // Top-k OT gives each expert its share of the mass (32/3 tokens' worth) to 1e-6.
        let mass = try #require(figures.numbers("topk_mass")), expected = try #require(reference.numbers("topk_mass"))
        for (x, y) in zip(mass, expected) { #expect(abs(x - y) < 1e-6) }
        #expect(figures.number("plan_imbalance") == nil)
    }

    @Test func figuresOfAGivenPlanMatchNumpy() throws {
        let reference = try LessonReference.load("routing")
        let (statistic, _) = try Self.statistic(reference)
        let plan = TransportPlan.dense(try #require(reference.matrix("plan")))
        let figures = statistic.figures(plan: plan, iteration: 7)
        #expect(figures.iteration == 7)
        #expect(figures.numbers("plan_loads") == reference.numbers("plan_loads"))
        #expect(abs(try #require(figures.number("plan_imbalance")) - (try #require(reference.number("plan_imbalance")))) < 1e-12)
        #expect(abs(try #require(figures.number("plan_changed")) - (try #require(reference.number("plan_changed")))) < 1e-12)
        // The bars: softmax and this plan, per expert, around the balanced load T/E.
        let bars = try #require(figures.bars)
        #expect(bars.series.map(\.values) == [reference.numbers("softmax_loads"), reference.numbers("plan_loads")].compactMap { $0 })
        #expect(bars.reference == 64.0 / 6)
        // A plan of another shape is no plan.
        let other = statistic.figures(plan: .dense(DenseMatrix(rows: 3, columns: 3)), iteration: 1)
        #expect(other.number("plan_imbalance") == nil)
    }

    @Test func theBaselinesAreTheSolversIterations() throws {
        // "sinkhorn k=3" is what the lesson's solver (sinkhorn-log, reg 1) shows at iteration 3.
        let problem = GatingLogits.problem(tokens: 96, experts: 5, skew: 0.7, seed: 9)
        let statistic = try RoutingStatistic(problem: problem, settings: ParameterValues(defaultsFor: RoutingStatistic.descriptor.parameters))
        var parameters = ParameterValues(defaultsFor: SinkhornLog.descriptor.parameters)
        try parameters.set("reg", .real(1))
        try parameters.set("tol", .real(0))
        let solver = try SinkhornLog(problem: problem, parameters: parameters)
        for _ in 0..<3 { _ = solver.step() }
        let figures = statistic.figures(plan: solver.plan(), iteration: 3)
        #expect(figures.numbers("plan_loads") == figures.numbers("sinkhorn_3_loads"))
        #expect(figures.number("plan_changed") == figures.number("sinkhorn_3_changed"))
    }

    @Test func thePresetsGeneratorOverloadsExperts() throws {
        let problem = GatingLogits.problem(tokens: 256, experts: 8, skew: 0.7, seed: 3)
        let statistic = try RoutingStatistic(problem: problem, settings: ParameterValues(defaultsFor: RoutingStatistic.descriptor.parameters))
        let figures = statistic.figures(plan: nil, iteration: nil)
        let softmax = try #require(figures.numbers("softmax_loads"))
        #expect(softmax.reduce(0, +) == 256)
        #expect(try #require(figures.number("softmax_imbalance")) > 2)
        let softmaxImbalance = try #require(figures.number("softmax_imbalance"))
        #expect(try #require(figures.number("sinkhorn_10_imbalance")) < softmaxImbalance / 2)
    }
}
