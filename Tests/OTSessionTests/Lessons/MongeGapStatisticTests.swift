import Foundation
import Testing
import OTCore
import OTData
import OTSolvers
import TestReference
@testable import OTSession

/// The Monge gap lessons' statistic on the lesson presets' own problems, against POT's values
/// (Tests/Reference/lessons/make_monge_gap_reference.py).
@Suite struct MongeGapStatisticTests {
    /// The lesson preset `monge-gap-NAME`, its problem and its statistic.
    static func lesson(_ name: String) throws -> (problem: TransportProblem, statistic: any LessonStatistic) {
        let path = ReferenceFiles.url("presets/monge-gap-\(name).yaml").path
        let preset = try PresetParser.load(path: path)
        let problem = try PresetResolver.problem(for: preset)
        let spec = try #require(preset.statistic)
        return (problem, try LessonStatistics.make(spec, problem: problem, source: path))
    }

    static func exactPlan(_ problem: TransportProblem) throws -> TransportPlan {
        let solver = try NetworkSimplex.descriptor.makeSolver(problem: problem, parameters: NetworkSimplex.descriptor.defaults)
        var status = SolverStatus.running
        while status == .running { status = solver.step() }
        #expect(status == .converged)
        return solver.plan()
    }

    @Test(arguments: ["ot-map", "rotation", "fold"])
    func figuresOfTheExactPlanMatchPOT(name: String) throws {
        let expected = try #require(try MongeGapReference.load().maps[name])
        let (problem, statistic) = try Self.lesson(name)
        #expect(statistic.name == "monge-gap")
        let figures = statistic.figures(plan: try Self.exactPlan(problem), iteration: 1)
        #expect(figures.iteration == 1)
        let gap = try #require(figures.number("monge_gap"))
        #expect(abs(try #require(figures.number("transport_cost")) - expected.transport_cost) < 1e-12)
        #expect(abs(try #require(figures.number("plan_cost")) - expected.wasserstein) < 1e-9)
        #expect(abs(gap - expected.monge_gap) < 1e-9, "\(name): \(gap) vs POT \(expected.monge_gap)")
        if name == "ot-map" { #expect(abs(gap) < 1e-6) }
        #expect(figures.rows.map(\.label) == ["map cost", "plan cost <P,C>", "Monge gap", "gap / map cost"])
    }

    @Test func beforeAPlanOnlyTheMapCostIsKnown() throws {
        let (_, statistic) = try Self.lesson("fold")
        let figures = statistic.figures(plan: nil, iteration: nil)
        #expect(figures.figures.map(\.key) == ["transport_cost"])
        #expect(figures.number("monge_gap") == nil)
        // A plan of another shape is no plan.
        let wrong = statistic.figures(plan: .dense(DenseMatrix(rows: 2, columns: 2, repeating: 0.25)), iteration: 3)
        #expect(wrong.number("monge_gap") == nil && wrong.iteration == nil)
    }

    @Test func aFeasiblePlanNeverShowsMoreThanTheMapCost() throws {
        // The product plan a b^T is feasible: its cost is above W, so its gap is below the exact one.
        let (problem, statistic) = try Self.lesson("rotation")
        let n = problem.sourceCount
        let product = statistic.figures(plan: .dense(DenseMatrix(rows: n, columns: n, repeating: 1 / Double(n * n))), iteration: 0)
        let exact = statistic.figures(plan: try Self.exactPlan(problem), iteration: 1)
        #expect(try #require(product.number("monge_gap")) < (try #require(exact.number("monge_gap"))))
    }

    @Test func problemsThatAreNotPairedMapsAreRefused() throws {
        let cloud = Measure.uniform(points: DenseMatrix([[0, 0], [1, 0], [0, 1]]))
        let other = Measure.uniform(points: DenseMatrix([[0, 0], [1, 1]]))
        #expect(throws: InputError.self) { try MongeGapStatistic(problem: TransportProblem(source: cloud, target: other, groundCost: .sqeuclidean)) }
        let heavy = Measure(weights: [0.5, 0.25, 0.25], points: DenseMatrix([[0, 0], [1, 0], [0, 1]]))
        #expect(throws: InputError.self) { try MongeGapStatistic(problem: TransportProblem(source: cloud, target: heavy, groundCost: .sqeuclidean)) }
    }
}
