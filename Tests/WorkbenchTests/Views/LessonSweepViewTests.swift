import Foundation
import Testing
import OTCore
import OTData
import OTSession
import OTSolvers
import Terminal
@testable import Workbench

/// `w` on a lesson preset with its own sweep (a preset's `sweep:`): the sweep view runs the preset's
/// solver at each value of the swept setting and shows the lesson statistic's figures against it.
@Suite struct LessonSweepViewTests {
    @Test func wRunsTheLessonsOwnSweepAndShowsItsFigures() throws {
        let preset = try PresetParser.parse("""
            name: t
            description: A test of the lesson sweep. Two sentences.
            problem: {generator: distillation, n: 8, batch: 4, shift: 1, seed: 1}
            solver: sinkhorn-log
            parameters: {reg: 0.05, tol: 1e-9}
            statistic: distillation
            sweep: {setting: shift, values: [0, 2, 4], figures: [kl, js, sinkhorn], normalized: true}
            """, path: "t.yaml")
        let descriptor = SinkhornLog.descriptor
        var parameters = descriptor.defaults
        try parameters.set("reg", .real(0.05))
        try parameters.set("tol", .real(1e-9))
        var setup = ProblemSetup(title: "distillation test", description: preset.description, problem: try PresetResolver.problem(for: preset),
                                 solver: descriptor, parameters: parameters, speed: nil, origin: "test")
        setup.lesson = try LessonStatistics.make(try #require(preset.statistic), problem: setup.problem, source: "t.yaml")
        setup.lessonSweep = try LessonSweep.make(preset: preset, solver: descriptor, parameters: parameters)
        let model = WorkbenchModel(setup: setup, provider: nil)
        defer { model.shutdown() }
        WorkbenchInput.handle(.key(.character("w")), model: model, layout: WorkbenchLayout(width: 120, height: 40))
        #expect(model.lessonSweep != nil && model.sweep == nil)
        #expect(waitForRuns(model) { model.sweepRuns })
        let deadline = Date().addingTimeInterval(10)
        while model.lessonSweepFigures.contains(where: { $0 == nil }) && Date() < deadline { usleep(5000); model.refresh() }
        let figures = model.lessonSweepFigures.compactMap { $0 }
        #expect(figures.count == 3)
        // The figures are the statistic's for each run's own problem and final plan.
        let sinkhorn = figures.compactMap { $0.number("sinkhorn") }
        #expect(sinkhorn.count == 3 && sinkhorn[0] < sinkhorn[1] && sinkhorn[1] < sinkhorn[2], "\(sinkhorn)")
        #expect(figures[0].number("kl") == 0)

        let buffer = render(model)
        #expect(buffer.contains("Lesson sweep over shift · sinkhorn-log"))
        for title in ["shift=0", "shift=2", "shift=4"] { #expect(buffer.contains(title)) }
        #expect(buffer.contains("share of largest") && buffer.contains("sinkhorn"))
        // The table gives the values themselves, not the normalized ones.
        let js4 = try #require(figures[2].number("js"))
        #expect(buffer.contains(NumberFormat.compact(js4, significantDigits: 3)))
        WorkbenchInput.handle(.key(.character("w")), model: model, layout: WorkbenchLayout(width: 120, height: 40))
        #expect(model.lessonSweep == nil && model.sweepRuns == nil)
    }
}
