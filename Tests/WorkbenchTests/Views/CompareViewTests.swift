import Foundation
import Testing
import OTCore
import OTSession
import Terminal
@testable import Workbench

/// Waits (in a test only) until the compare or sweep runs have all ended, refreshing the model.
func waitForRuns(_ model: WorkbenchModel, _ group: () -> RunGroup?, timeout: Double = 30) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        model.refresh()
        if let group = group(), group.isFinished {
            usleep(20_000)
            model.refresh()
            return true
        }
        usleep(5000)
    }
    return false
}

@Suite struct CompareViewTests {
    private let layout = WorkbenchLayout(width: 120, height: 40)

    private func press(_ character: Character, _ model: WorkbenchModel) {
        WorkbenchInput.handle(.key(.character(character)), model: model, layout: layout)
    }

    /// The text of the first screen row that contains `text`.
    private func row(containing text: String, in buffer: Buffer) -> String? {
        (0..<buffer.height).map { buffer.string(row: $0) }.first { $0.contains(text) }
    }

    @Test func mOpensTheComparisonOfThreeSolversWithLegendTableAndCurves() throws {
        let model = WorkbenchModel(setup: try smallSetup(solver: "sinkhorn-log", reg: 0.2), provider: nil)
        defer { model.shutdown() }
        press("m", model)
        let comparison = try #require(model.comparison)
        #expect(comparison.outcomes.map(\.label) == ["sinkhorn-log", "sns", "greenkhorn"], "the current solver plus two others")
        #expect(waitForRuns(model) { model.comparison })
        #expect(model.runner.snapshot.isPaused || model.runner.isFinished, "the main run waits while the comparison runs")

        let buffer = render(model)
        #expect(buffer.contains("Compare solvers · test clouds"))
        // Legend: the y title and one entry per solver on the chart's first row.
        let legend = try #require(row(containing: "marginal error", in: buffer))
        for name in ["sinkhorn-log", "sns", "greenkhorn"] { #expect(legend.contains(name), "legend lacks \(name): \(legend)") }
        #expect(buffer.brailleCount > 20, "the three curves")
        #expect(buffer.contains("iteration"))
        // Table: a header and one row per solver with its real figures.
        #expect(row(containing: "status", in: buffer)?.contains("iterations") == true)
        for outcome in model.comparison!.outcomes {
            #expect(outcome.status == .converged, "\(outcome.label): \(outcome.status)")
            let line = try #require((0..<buffer.height).map { buffer.string(row: $0) }.last {
                $0.contains(outcome.label) && $0.contains("converged")
            })
            #expect(line.contains(" \(outcome.iterations) "), "\(outcome.label) row shows its iterations: \(line)")
            #expect(line.contains(StatisticsContent.precise(try #require(outcome.cost))), "\(line)")
            #expect(try #require(outcome.marginalError) < 1e-9)
        }

        // t switches the x axis to seconds; Esc closes and the main view is back.
        press("t", model)
        #expect(render(model).contains("seconds"))
        WorkbenchInput.handle(.key(.escape), model: model, layout: layout)
        #expect(model.comparison == nil)
        #expect(render(model).contains("2 Transport plan"))
    }

    @Test func iterationCountsMoveWhileTheRunsGo() throws {
        // Throttled to 40 it/s, as a preset's speed would: the table updates frame by frame.
        let model = WorkbenchModel(setup: try smallSetup(solver: "sinkhorn-log", reg: 0.02, speed: 40), provider: nil)
        defer { model.shutdown() }
        press("m", model)
        usleep(300_000)
        model.refresh()
        let early = try #require(model.comparison).outcomes.map(\.iterations)
        let first = render(model)
        usleep(500_000)
        model.refresh()
        let later = try #require(model.comparison).outcomes.map(\.iterations)
        for (a, b) in zip(early, later) { #expect(b > a, "iterations \(early) then \(later)") }
        #expect(first.contains("running"))
        #expect(render(model).text != first.text, "the view changed")
        // m again closes it and the main run resumes.
        press("m", model)
        #expect(model.comparison == nil)
        #expect(!model.runner.snapshot.isPaused)
    }

    @Test func sChoosesTheSolversToCompare() throws {
        let model = WorkbenchModel(setup: try smallSetup(solver: "sinkhorn-log", reg: 0.2), provider: nil)
        defer { model.shutdown() }
        press("m", model)
        press("s", model)
        let picker = render(model)
        #expect(picker.contains("Compare which solvers?"))
        #expect(picker.contains("[x] sinkhorn-log"))
        #expect(picker.contains("[ ] sinkhorn "))
        // The list starts on auto (registry order); sinkhorn is next: check it, uncheck greenkhorn
        // two rows down, run.
        #expect(picker.contains("[ ] auto "))
        WorkbenchInput.handle(.key(.down), model: model, layout: layout)
        press(" ", model)
        WorkbenchInput.handle(.key(.down), model: model, layout: layout)
        WorkbenchInput.handle(.key(.down), model: model, layout: layout)
        press(" ", model)
        #expect(model.comparePicker?.chosen == ["sinkhorn", "sinkhorn-log", "sns"])
        WorkbenchInput.handle(.key(.enter), model: model, layout: layout)
        #expect(model.comparePicker == nil)
        #expect(model.comparison?.outcomes.map(\.label) == ["sinkhorn", "sinkhorn-log", "sns"])
        #expect(waitForRuns(model) { model.comparison })
        let legend = try #require(row(containing: "marginal error", in: render(model)))
        #expect(legend.contains("sinkhorn") && !legend.contains("greenkhorn"), "\(legend)")
    }

    @Test func solversThatCannotTakeTheProblemAreLeftOut() throws {
        var setup = try smallSetup(solver: "unbalanced", reg: 0.2)
        // Unequal masses: the balanced solvers' requirement fails.
        setup.problem = TransportProblem(
            source: Measure(weights: setup.problem.a.map { $0 * 2 }, points: setup.problem.source.points),
            target: setup.problem.target, cost: setup.problem.cost)
        let names = ComparisonDefaults.solvers(for: setup).map(\.0.name)
        #expect(names.first == "unbalanced")
        for balanced in ["sinkhorn-log", "sns", "greenkhorn", "sinkhorn", "emd"] { #expect(!names.contains(balanced)) }
    }
}
