import Foundation
import Testing
import OTCore
import Terminal
@testable import Workbench

@Suite struct PlanOrderTests {
    /// `O` sorts the plan's rows and columns along the principal axis: the runner re-sums the plan
    /// in that order, the pane's title says "sorted" and the inspect readout names sorted
    /// positions; `O` again returns to input order.
    @Test func sortedOrderReachesThePlanPaneAndBack() throws {
        let model = WorkbenchModel(setup: try smallSetup(), provider: nil)
        defer { model.shutdown() }
        _ = render(model)
        #expect(waitForFinish(model))
        model.perform(.togglePlanOrder)
        #expect(model.sortsPlan)
        let order = try #require(model.planOrder())
        #expect(order.rows.sorted() == Array(0..<24) && order.columns.sorted() == Array(0..<24))
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, model.snapshot.heatmapOrder == nil { model.refresh(); usleep(5000) }
        #expect(model.snapshot.heatmapOrder == order)
        model.planCursor = HeatmapCursor(row: 0, column: 0)
        let buffer = render(model)
        #expect(buffer.contains("2 Transport plan · sorted"))
        #expect(buffer.contains("row \(order.rows[0]) (1)"))  // 24 points, one per block row: the first in sorted order
        model.perform(.togglePlanOrder)
        #expect(!model.sortsPlan)
        while Date() < deadline, model.snapshot.heatmapOrder != nil { model.refresh(); usleep(5000) }
        #expect(model.snapshot.heatmapOrder == nil)
    }

    /// Weight vectors without points have no axis to sort along: the key says so and changes nothing.
    @Test func noPointsNoSortedOrder() throws {
        var setup = try smallSetup()
        setup.problem = TransportProblem(source: Measure(weights: setup.problem.a), target: Measure(weights: setup.problem.b),
                                         cost: setup.problem.cost)
        let model = WorkbenchModel(setup: setup, provider: nil)
        defer { model.shutdown() }
        model.perform(.togglePlanOrder)
        #expect(!model.sortsPlan)
        #expect(model.notice?.text.contains("not point clouds") == true)
    }
}
