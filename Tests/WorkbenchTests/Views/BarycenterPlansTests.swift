import Foundation
import OTCore
import OTSolvers
import Terminal
import Testing
@testable import Workbench

/// The plan pane of a barycenter: the barycenter (a picture, or a scatter of the free support over
/// the input clouds), and `K` to the plan of each input to it in turn.
@Suite struct BarycenterPlansTests {
    /// Three small 2-D clouds and a free-support barycenter of 6 points.
    static func freeSupportSetup() throws -> ProblemSetup {
        func cloud(_ count: Int, centre: (Double, Double)) -> Measure {
            let points = DenseMatrix(rows: count, columns: 2) { i, axis in
                (axis == 0 ? centre.0 : centre.1) + 0.3 * sin(Double(7 * i + 3 * axis))
            }
            return Measure(weights: [Double](repeating: 1 / Double(count), count: count), points: points)
        }
        let initial = DenseMatrix(rows: 6, columns: 2) { i, axis in Double(i % 3) * 0.2 + Double(axis) * 0.1 }
        let barycenter = BarycenterProblem(measures: [cloud(9, centre: (0, 0)), cloud(7, centre: (4, 0)), cloud(8, centre: (2, 3))],
                                           weights: [0.5, 0.25, 0.25], support: .free(initial: initial, weights: [Double](repeating: 1.0 / 6, count: 6)))
        let descriptor = FreeSupportBarycenter.descriptor
        return ProblemSetup(title: "clouds", description: "three clouds", problem: TransportProblem(barycenter: barycenter),
                            solver: descriptor, parameters: descriptor.defaults, speed: nil, origin: "test")
    }

    /// Refreshes and renders until `condition` holds (the runner answers within a frame or two).
    static func waitFor(_ model: WorkbenchModel, timeout: Double = 20, _ condition: (WorkbenchModel, String) -> Bool) -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var text = ""
        while Date() < deadline {
            model.refresh()
            text = render(model).text
            if condition(model, text) { return text }
            usleep(5000)
        }
        return text
    }

    @Test func freeSupportIsAScatterAndKCyclesThroughThePlans() throws {
        let model = WorkbenchModel(setup: try Self.freeSupportSetup(), provider: nil)
        defer { model.shutdown() }
        // The scatter: the three inputs and the barycenter's support, once the plan (the support) arrives.
        var screen = Self.waitFor(model) { model, _ in model.runner.isFinished && model.snapshot.plan != nil }
        #expect(screen.contains("■ input 1  ■ input 2  ■ input 3  ■ barycenter"), "\(screen)")
        #expect(screen.contains("1: λ 0.5"), "the problem pane lists every input with its λ")
        guard case .dense(let support)? = model.snapshot.plan else { Issue.record("no support"); return }
        #expect(support.rows == 6 && support.columns == 2)

        // K: input 1's plan (9 input points as rows, 6 support points as columns), then input 2's, 3's, and back.
        model.perform(.cycleBarycenterPlan)
        #expect(model.barycenterPlanInput == 0)
        screen = Self.waitFor(model) { model, _ in model.snapshot.heatmapInput == 0 }
        #expect(screen.contains("plan 1"), "\(screen)")
        let plan = try #require(model.snapshot.heatmap)
        #expect(plan.rows == 9 && plan.columns == 6, "a plan smaller than the pane comes whole")
        #expect(abs(plan.storage.reduce(0, +) - 1) < 1e-9)
        for expected in [1, 2] {
            model.perform(.cycleBarycenterPlan)
            screen = Self.waitFor(model) { model, _ in model.snapshot.heatmapInput == expected }
            #expect(screen.contains("plan \(expected + 1)"), "\(screen)")
        }
        #expect(model.snapshot.heatmap?.rows == 8)
        model.perform(.cycleBarycenterPlan)
        #expect(model.barycenterPlanInput == nil)
        screen = Self.waitFor(model) { model, text in model.snapshot.heatmapInput == nil && text.contains("■ barycenter") }
        #expect(screen.contains("■ barycenter"))
    }

    @Test func kOnALinearProblemSaysWhy() throws {
        let model = WorkbenchModel(setup: try smallSetup(), provider: nil)
        defer { model.shutdown() }
        model.perform(.cycleBarycenterPlan)
        #expect(model.barycenterPlanInput == nil)
        #expect(model.notice?.text.contains("this problem has one plan") == true)
    }
}
