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
}
