import Foundation
import OTCore
import OTSolvers
import Synchronization
import Terminal
import Testing
@testable import Workbench

/// The open dialog reads files off the UI thread: Enter returns at once, a progress note shows, the
/// outcome is picked up by `refresh`; a failure is shown bounded in length.
@Suite struct FileLoadTests {
    /// A provider whose file reading blocks until released, then succeeds or fails.
    /// An error whose text is not bounded by anyone before the dialog (unlike `InputError`, which
    /// cuts its own description): the dialog's own bound is what is tested.
    struct Failure: Error, CustomStringConvertible { var description: String }

    final class GatedProvider: SetupProvider {
        let released = Atomic<Bool>(false)
        let failure: String?
        init(failure: String? = nil) { self.failure = failure }
        func presetList() -> [(name: String, title: String, summary: String)] { [] }
        func setup(preset name: String) throws -> ProblemSetup { try smallSetup() }
        func setup(source: String, target: String, solver: SolverDescriptor, parameters: ParameterValues) throws -> ProblemSetup {
            while !released.load(ordering: .sequentiallyConsistent) { usleep(2000) }
            if let failure { throw Failure(description: "\(source): line 3: \(failure)") }
            var setup = try smallSetup()
            setup.title = "\(source) → \(target)"
            return setup
        }
    }

    static func openDialog(_ model: WorkbenchModel) {
        let layout = WorkbenchLayout(width: 120, height: 40)
        model.perform(.openFiles)
        for c in "a.csv" { WorkbenchInput.handle(.key(.character(c)), model: model, layout: layout) }
        WorkbenchInput.handle(.key(.tab), model: model, layout: layout)
        for c in "b.csv" { WorkbenchInput.handle(.key(.character(c)), model: model, layout: layout) }
        WorkbenchInput.handle(.key(.enter), model: model, layout: layout)
    }

    static func waitForLoad(_ model: WorkbenchModel) -> Bool {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            _ = model.refresh()
            if model.fileLoad == nil { return true }
            usleep(2000)
        }
        return false
    }

    @Test func enterReturnsAtOnceShowsProgressThenOpens() throws {
        let provider = GatedProvider()
        let model = WorkbenchModel(setup: try smallSetup(), provider: provider)
        defer { model.shutdown() }
        Self.openDialog(model)
        // The provider is still blocked: Enter has returned, the dialog says the files are being read.
        #expect(model.fileLoad != nil)
        #expect(render(model).contains("reading the files…"))
        provider.released.store(true, ordering: .sequentiallyConsistent)
        #expect(Self.waitForLoad(model))
        #expect(model.setup.title == "a.csv → b.csv")
        #expect(model.overlay == nil)
    }

    @Test func escapeAbandonsTheLoad() throws {
        let provider = GatedProvider()
        let model = WorkbenchModel(setup: try smallSetup(), provider: provider)
        defer { model.shutdown() }
        let title = model.setup.title
        Self.openDialog(model)
        WorkbenchInput.handle(.key(.escape), model: model, layout: WorkbenchLayout(width: 120, height: 40))
        #expect(model.fileLoad == nil)
        provider.released.store(true, ordering: .sequentiallyConsistent)
        usleep(50_000)
        _ = model.refresh()
        #expect(model.setup.title == title, "an abandoned load must not open")
    }

    @Test func aHugeErrorIsShownBoundedInTheDialog() throws {
        let provider = GatedProvider(failure: "\"" + String(repeating: "z", count: 1 << 20) + "\" is not a number; expected a number")
        provider.released.store(true, ordering: .sequentiallyConsistent)
        let model = WorkbenchModel(setup: try smallSetup(), provider: provider)
        defer { model.shutdown() }
        Self.openDialog(model)
        #expect(Self.waitForLoad(model))
        guard case .openFiles(let form)? = model.overlay else {
            Issue.record("the dialog is not open: \(String(describing: model.overlay))")
            return
        }
        let error = try #require(form.error)
        #expect(error.count < 500)
        #expect(error.hasPrefix("a.csv: line 3: \"zzz"))
        #expect(error.hasSuffix("expected a number"))
        #expect(error.contains("characters left out"))
        #expect(form.source == "a.csv" && form.target == "b.csv")
        let screen = render(model)
        #expect(screen.contains("✗ a.csv: line 3"))
        #expect(screen.contains("characters left out"))
    }

    /// A provider whose presets block until released; `broken` then fails.
    final class GatedPresetProvider: SetupProvider {
        let released = Atomic<Bool>(false)
        func presetList() -> [(name: String, title: String, summary: String)] {
            [("slow", "A slow preset", "reads a large picture"), ("broken", "A broken preset", "names a bad file")]
        }
        func setup(preset name: String) throws -> ProblemSetup {
            while !released.load(ordering: .sequentiallyConsistent) { usleep(2000) }
            if name == "broken" { throw Failure(description: "presets/broken.yaml: source: big.png: 30000 x 30000 pixels is over the limit") }
            var setup = try smallSetup()
            setup.title = "preset \(name)"
            return setup
        }
        func setup(source: String, target: String, solver: SolverDescriptor, parameters: ParameterValues) throws -> ProblemSetup {
            try smallSetup()
        }
    }

    /// A preset picked with `p` is read off the UI thread: Enter returns while the provider is still
    /// blocked, the picker's title says it is opening, `q` still quits; then the preset opens, or its
    /// error is shown.
    @Test func presetsPickedWithPLoadOffTheUIThread() throws {
        let layout = WorkbenchLayout(width: 120, height: 40)
        for (selection, fails) in [(0, false), (1, true)] {
            let provider = GatedPresetProvider()
            let model = WorkbenchModel(setup: try smallSetup(), provider: provider)
            defer { model.shutdown() }
            model.overlay = .presetPicker(selection: selection)
            WorkbenchInput.handle(.key(.enter), model: model, layout: layout)
            #expect(model.fileLoad?.preset == (fails ? "broken" : "slow"))
            #expect(render(model).contains("Opening \(fails ? "broken" : "slow")…"))
            #expect(HintBar.forModel(model).fitted(width: 120).map(\.key).suffix(2) == ["Esc", "q"])
            provider.released.store(true, ordering: .sequentiallyConsistent)
            #expect(Self.waitForLoad(model))
            if fails {
                guard case .message(let title, let text, let isError) = model.overlay else {
                    Issue.record("no error shown: \(String(describing: model.overlay))")
                    continue
                }
                #expect(title == "Cannot open preset broken" && isError)
                #expect(text.contains("30000 x 30000 pixels is over the limit"))
                #expect(model.setup.title != "preset broken")
            } else {
                #expect(model.setup.title == "preset slow")
                #expect(model.overlay == nil)
            }
        }
        // While a preset is read, `q` quits (nothing is typed into the picker).
        let provider = GatedPresetProvider()
        let model = WorkbenchModel(setup: try smallSetup(), provider: provider)
        defer { provider.released.store(true, ordering: .sequentiallyConsistent); model.shutdown() }
        model.overlay = .presetPicker(selection: 0)
        WorkbenchInput.handle(.key(.enter), model: model, layout: layout)
        WorkbenchInput.handle(.key(.character("q")), model: model, layout: layout)
        #expect(model.quitRequested)
    }
}
