import Foundation
import Synchronization
import Testing
import OTCore
import OTSolvers
import Terminal
@testable import Workbench
import TestScratch

@Suite struct WorkbenchModelTests {
    @Test func plusAndMinusScaleTheRegularizationAndRestart() throws {
        let model = WorkbenchModel(setup: try smallSetup(reg: 0.2), provider: nil)
        defer { model.shutdown() }
        let generation = model.runner.snapshot.generation
        model.perform(.increaseRegularization)
        #expect(model.setup.parameters.real("reg") == 0.4)
        #expect(model.runner.snapshot.generation == generation + 1)
        model.perform(.decreaseRegularization)
        model.perform(.decreaseRegularization)
        #expect(model.setup.parameters.real("reg") == 0.1)
    }

    @Test func parameterFormRejectsBadValuesAndAppliesGoodOnes() throws {
        let model = WorkbenchModel(setup: try smallSetup(), provider: nil)
        defer { model.shutdown() }
        let layout = WorkbenchLayout(width: 120, height: 40)
        WorkbenchInput.handle(.key(.character("e")), model: model, layout: layout)
        guard case .parameterForm(let form)? = model.overlay else {
            Issue.record("the form did not open")
            return
        }
        #expect(form.fields.first?.descriptor.name == "reg")
        // Replace reg's text with "abc" and press Enter: the error shows, nothing is applied.
        for _ in 0..<10 { WorkbenchInput.handle(.key(.backspace), model: model, layout: layout) }
        for c in "abc" { WorkbenchInput.handle(.key(.character(c)), model: model, layout: layout) }
        WorkbenchInput.handle(.key(.enter), model: model, layout: layout)
        let buffer = render(model)
        #expect(buffer.contains("\"abc\" is not a number"))
        #expect(model.setup.parameters.real("reg") == 0.2)
        // Now a valid value.
        for _ in 0..<3 { WorkbenchInput.handle(.key(.backspace), model: model, layout: layout) }
        for c in "0.05" { WorkbenchInput.handle(.key(.character(c)), model: model, layout: layout) }
        WorkbenchInput.handle(.key(.enter), model: model, layout: layout)
        #expect(model.overlay == nil)
        #expect(model.setup.parameters.real("reg") == 0.05)
    }

    /// `auto` is the picker's first entry: from it, one step down is the first concrete solver.
    @Test func solverPickerStartsWithAuto() throws {
        let model = WorkbenchModel(setup: try smallSetup(solver: "auto", reg: 0.3), provider: nil)
        defer { model.shutdown() }
        let layout = WorkbenchLayout(width: 120, height: 40)
        WorkbenchInput.handle(.key(.character("s")), model: model, layout: layout)
        #expect(model.overlay == .solverPicker(selection: 0))
        WorkbenchInput.handle(.key(.down), model: model, layout: layout)
        WorkbenchInput.handle(.key(.enter), model: model, layout: layout)
        #expect(model.setup.solver.name == "sinkhorn")
        #expect(model.setup.parameters.real("reg") == 0.3)
    }

    @Test func solverPickerSwitchesSolverKeepingSharedValues() throws {
        let model = WorkbenchModel(setup: try smallSetup(reg: 0.3), provider: nil)
        defer { model.shutdown() }
        let layout = WorkbenchLayout(width: 120, height: 40)
        WorkbenchInput.handle(.key(.character("s")), model: model, layout: layout)
        WorkbenchInput.handle(.key(.down), model: model, layout: layout)
        WorkbenchInput.handle(.key(.enter), model: model, layout: layout)
        #expect(model.setup.solver.name == "sinkhorn-log")
        #expect(model.setup.parameters.real("reg") == 0.3)
    }

    @Test func pauseStopsProgressAndStepAdvancesByOne() throws {
        let model = WorkbenchModel(setup: try smallSetup(solver: "sinkhorn-log", reg: 0.001, speed: 200), provider: nil)
        defer { model.shutdown() }
        usleep(100_000)
        model.perform(.togglePause)
        usleep(50_000)
        model.refresh()
        let paused = model.snapshot.latest?.iteration ?? 0
        usleep(200_000)
        model.refresh()
        #expect(model.snapshot.latest?.iteration == paused)
        #expect(model.snapshot.isPaused)
        model.perform(.singleStep)
        let deadline = Date().addingTimeInterval(5)
        while model.snapshot.latest?.iteration != paused + 1 && Date() < deadline { usleep(2000); model.refresh() }
        #expect(model.snapshot.latest?.iteration == paused + 1)
    }

    @Test func keptRunsStayOnTheChart() throws {
        let model = WorkbenchModel(setup: try smallSetup(), provider: nil)
        defer { model.shutdown() }
        _ = render(model)
        #expect(waitForFinish(model))
        model.perform(.keepRunForComparison)
        #expect(model.keptRuns.count == 1)
        model.perform(.increaseRegularization)
        #expect(waitForFinish(model))
        let buffer = render(model)
        #expect(buffer.contains("sinkhorn reg=0.2"), "the kept run's legend entry")
    }

    @Test func speedStepsRunFromOneToUnthrottled() {
        #expect(SpeedControl.slower(than: nil) == 5000)
        #expect(SpeedControl.faster(than: 5000) == nil)
        #expect(SpeedControl.slower(than: 1) == 1)
        #expect(SpeedControl.faster(than: 1) == 2)
    }

    @Test func mouseClickFocusesThePane() throws {
        let model = WorkbenchModel(setup: try smallSetup(), provider: nil)
        defer { model.shutdown() }
        let layout = WorkbenchLayout(width: 120, height: 40)
        let target = layout.rect(.convergence)
        WorkbenchInput.handle(.mouse(MouseEvent(kind: .press, button: .left, x: target.x + 3, y: target.y + 2)), model: model, layout: layout)
        #expect(model.focus == .convergence)
    }

    @Test func exportWritesThePlanAndTheLog() throws {
        let model = WorkbenchModel(setup: try smallSetup(), provider: nil)
        defer { model.shutdown() }
        _ = render(model)
        #expect(waitForFinish(model))
        let written = Mutex<[String]>([])
        model.exportWriter = { content, stem in
            let paths = [stem + "-plan", stem + "-log"]
            written.withLock { $0 = paths + ["\(content.plan.rows)x\(content.plan.columns)", "\(content.records.count)", "\(content.a.count)"] }
            return paths
        }
        model.perform(.export)
        let deadline = Date().addingTimeInterval(10)
        while written.withLock({ $0.isEmpty }) && Date() < deadline { usleep(5000); model.refresh() }
        let result = written.withLock { $0 }
        #expect(result.count == 5)
        #expect(result.dropFirst(2).first == "24x24", "the full plan is exported, not the heatmap")
        #expect(Int(result.dropFirst(3).first ?? "0") ?? 0 > 0, "the log has the run's records")
        #expect(result.last == "24", "the source weights go with the plan (the picture divides by them)")
        #expect(render(model).string(row: 39).contains("exported"))
    }

    /// Two exports in the same second write two sets of files: the second never overwrites the first.
    @Test func secondExportInTheSameSecondGetsItsOwnFiles() throws {
        let directory = TestScratch.root.appendingPathComponent("otlab-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = WorkbenchModel(setup: try smallSetup(), provider: nil)
        defer { model.shutdown() }
        _ = render(model)
        #expect(waitForFinish(model))
        model.exportDirectory = directory.path
        model.exportWriter = { content, stem in try ExportFiles.write(content, stem: stem) }
        func files() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted() }
        for expected in [3, 6] {
            model.perform(.export)
            let deadline = Date().addingTimeInterval(10)
            while files().count < expected && Date() < deadline { usleep(5000); model.refresh() }
        }
        let names = files()
        #expect(names.count == 6, "\(names)")
        // Same second (or not): the stems differ, and each set is whole.
        let stems = Set(names.compactMap { name in ExportFiles.suffixes.first { name.hasSuffix($0) }.map { String(name.dropLast($0.count)) } })
        #expect(stems.count == 2, "\(stems)")
        #expect(ExportFiles.unusedStem("/d/otlab-x-5", fileExists: { $0.hasPrefix("/d/otlab-x-5-") && !$0.hasPrefix("/d/otlab-x-5-2") }) == "/d/otlab-x-5-2")
        #expect(ExportFiles.unusedStem("/d/otlab-x-5", fileExists: { _ in false }) == "/d/otlab-x-5")
    }

    /// reg set on a solver that has it survives a switch to one that has none (emd) and back.
    @Test func regularizationSurvivesASwitchThroughEmd() throws {
        let model = WorkbenchModel(setup: try smallSetup(solver: "sinkhorn-log", reg: 0.37), provider: nil)
        defer { model.shutdown() }
        let emd = try #require(SolverRegistry.descriptor(named: "emd"))
        let log = try #require(SolverRegistry.descriptor(named: "sinkhorn-log"))
        let sns = try #require(SolverRegistry.descriptor(named: "sns"))
        model.switchSolver(to: emd)
        #expect(!model.setup.parameters.has("reg"))
        model.switchSolver(to: sns)
        #expect(model.setup.parameters.real("reg") == 0.37)
        model.perform(.decreaseRegularization)
        model.switchSolver(to: emd)
        model.switchSolver(to: log)
        #expect(model.setup.parameters.real("reg") == 0.185)
    }

    /// The open dialog reads `~` as the home directory.
    @Test func openDialogExpandsTheHomeDirectory() {
        #expect(FileForm.expandingHome("~/data/a.csv", home: "/home/ada") == "/home/ada/data/a.csv")
        #expect(FileForm.expandingHome("~", home: "/home/ada") == "/home/ada")
        #expect(FileForm.expandingHome("~/a.csv", home: "/") == "/a.csv")
        #expect(FileForm.expandingHome("data/~a.csv", home: "/home/ada") == "data/~a.csv")
        #expect(FileForm.expandingHome("/tmp/a.csv", home: "/home/ada") == "/tmp/a.csv")
        var form = FileForm()
        for c in "~/x.csv" { form.type(c) }
        #expect(form.sourcePath == FileManager.default.homeDirectoryForCurrentUser.path + "/x.csv")
    }
}
