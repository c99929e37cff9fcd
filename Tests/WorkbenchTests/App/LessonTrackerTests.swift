import Foundation
import OTCore
import OTData
import OTSession
import OTSolvers
import Terminal
import Testing
@testable import Workbench

/// The workbench keeps a lesson's figures current: the baselines at once, then the figures of the
/// run's plan (asked for while the run goes), drawn in the statistics pane and the problem pane.
@Suite struct LessonTrackerTests {
    static func setup() throws -> ProblemSetup {
        let problem = GatingLogits.problem(tokens: 64, experts: 4, skew: 0.7, seed: 1)
        let descriptor = try #require(SolverRegistry.descriptor(named: "sinkhorn-log"))
        var parameters = descriptor.defaults
        try parameters.set("reg", .real(1))
        var setup = ProblemSetup(title: "routing", description: "routing", problem: problem, solver: descriptor,
                                 parameters: parameters, speed: nil, origin: "test")
        setup.lesson = try LessonStatistics.make(LessonStatisticSpec(name: "routing"), problem: problem, source: "test")
        return setup
    }

    @Test func figuresFollowTheRunsPlan() throws {
        let model = WorkbenchModel(setup: try Self.setup(), provider: nil)
        defer { model.shutdown() }
        model.refresh()
        let baselines = try #require(model.lessonFigures)
        #expect(baselines.number("softmax_imbalance") != nil)
        // The run converges; the tracker asks for its plan and describes it.
        let deadline = Date().addingTimeInterval(30)
        while (model.lessonFigures?.iteration == nil || !model.snapshot.status.isFinished || model.lessonFigures?.iteration != model.snapshot.latest?.iteration)
                && Date() < deadline {
            usleep(20_000)
            model.refresh()
        }
        let figures = try #require(model.lessonFigures)
        #expect(figures.iteration == model.snapshot.latest?.iteration)
        let loads = try #require(figures.numbers("plan_loads"))
        #expect(loads.reduce(0, +) == 64)
        // The plan's loads are those of the plan the runner hands out.
        model.runner.requestPlan()
        let plan = try #require(model.runner.snapshot.plan)
        #expect(loads == HardAssignment(rowMaximaOf: plan).counts)

        // Both panes show them.
        var buffer = Buffer(width: 120, height: 36)
        let layout = WorkbenchLayout(width: 120, height: 36, zoomed: nil)
        WorkbenchView(model: model, layout: layout, glyphs: .unicode, theme: .monochrome).render(into: &buffer)
        let screen = (0..<36).map { y in String((0..<120).map { buffer.cell(x: $0, y: y).glyph }) }.joined(separator: "\n")
        #expect(screen.contains("softmax top-1"), "\(screen)")
        #expect(screen.contains("this plan"))
        #expect(screen.contains("top-1 tokens per expert"))
    }

    @Test func aSetupWithoutALessonHasNoFigures() throws {
        var setup = try Self.setup()
        setup.lesson = nil
        let model = WorkbenchModel(setup: setup, provider: nil)
        defer { model.shutdown() }
        model.refresh()
        #expect(model.lessonFigures == nil)
    }
}
