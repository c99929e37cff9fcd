import OTCore
import OTData
import OTSession
import Testing

/// The self-labelling lesson's figures against numpy/POT (`Reference/make_reference_lessons.py`):
/// cluster sizes before (argmax p) and after Sinkhorn-Knopp with equal sizes, the relabelled
/// fraction, and the soft sizes of a converged plan, N/K each.
struct EquipartitionStatisticTests {
    static func statistic(_ reference: LessonReference) throws -> EquipartitionStatistic {
        let cost = try #require(reference.matrix("cost"))
        let problem = TransportProblem(
            source: Measure(weights: [Double](repeating: 1 / Double(cost.rows), count: cost.rows), points: reference.matrix("points")),
            target: Measure(weights: [Double](repeating: 1 / Double(cost.columns), count: cost.columns), points: reference.matrix("centres")),
            cost: cost)
        var settings = ParameterValues(defaultsFor: EquipartitionStatistic.descriptor.parameters)
        try settings.set("reg", .real(try #require(reference.number("reg"))))
        return try EquipartitionStatistic(problem: problem, settings: settings)
    }

    @Test func sizesBeforeAndAfterMatchNumpy() throws {
        let reference = try LessonReference.load("equipartition")
        let figures = try Self.statistic(reference).figures(plan: nil, iteration: nil)
        #expect(figures.numbers("before_sizes") == reference.numbers("before_sizes"))
        #expect(figures.numbers("sinkhorn_sizes") == reference.numbers("sinkhorn_sizes"))
        #expect(abs(try #require(figures.number("before_imbalance")) - (try #require(reference.number("before_imbalance")))) < 1e-12)
        #expect(abs(try #require(figures.number("sinkhorn_changed")) - (try #require(reference.number("sinkhorn_changed")))) < 1e-12)
        // 90 samples, 3 clusters: argmax p gives 49 to one cluster; the equipartition 30 ± 1 each.
        #expect(figures.number("target_size") == 30)
        for size in try #require(figures.numbers("sinkhorn_sizes")) { #expect(abs(size - 30) <= 1) }
        #expect(try #require(figures.numbers("before_sizes")).max()! >= 45)
    }

    @Test func aConvergedPlanHasSoftSizesNOverK() throws {
        let reference = try LessonReference.load("equipartition")
        let plan = TransportPlan.dense(try #require(reference.matrix("plan")))
        let figures = try Self.statistic(reference).figures(plan: plan, iteration: 40)
        #expect(figures.numbers("plan_sizes") == reference.numbers("plan_sizes"))
        #expect(abs(try #require(figures.number("plan_changed")) - (try #require(reference.number("plan_changed")))) < 1e-12)
        let soft = try #require(figures.numbers("plan_soft_sizes"))
        for (size, expected) in zip(soft, try #require(reference.numbers("plan_soft_sizes"))) {
            #expect(abs(size - expected) < 1e-9)
            #expect(abs(size - 30) < 1e-9)  // the equipartition: N/K within POT's 1e-14 stop
        }
        #expect(try #require(figures.number("plan_soft_size_error")) < 1e-9)
        // The labels drawn on the scatter: before = argmax p, after = the plan's row maxima.
        let labels = try #require(figures.labels)
        #expect(labels.classes == 3)
        #expect(labels.labellings.map(\.labels) == [reference.numbers("before_labels"), reference.numbers("plan_labels")].compactMap { $0?.map { Int($0) } })
    }

    @Test func thePresetsGeneratorIsUnbalancedAndTheEquipartitionIsNot() throws {
        let problem = SelfLabellingMixture.problem(samples: 300, clusters: 4, temperature: 4, seed: 2)
        var settings = ParameterValues(defaultsFor: EquipartitionStatistic.descriptor.parameters)
        try settings.set("reg", .real(0.2))
        let figures = try EquipartitionStatistic(problem: problem, settings: settings).figures(plan: nil, iteration: nil)
        #expect(try #require(figures.number("before_imbalance")) > 1.5)
        for size in try #require(figures.numbers("sinkhorn_sizes")) { #expect(abs(size - 75) <= 2) }
    }
}
