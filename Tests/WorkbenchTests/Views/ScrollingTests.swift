import Foundation
import Testing
import OTCore
import Terminal
@testable import Workbench

/// The explanation, the help and the statistics scroll (PgUp/PgDn, Home/End, the wheel) and say when
/// there is more; `z` zooms the focused pane.
@Suite struct ScrollingTests {
    static let longDescription = (1...14).map { "Sentence number \($0) of a long explanation says what to watch for here." }
        .joined(separator: " ") + " The very last words."

    func key(_ key: Key, _ model: WorkbenchModel, width: Int, height: Int) {
        WorkbenchInput.handle(.key(key), model: model, layout: WorkbenchLayout(width: width, height: height, zoomed: model.zoomed))
    }

    /// At 80 x 24 the help box shows part of the bindings; PgDn pages to the end and every binding's
    /// text has been on screen on the way.
    @Test func helpIsFullyReachableAt80x24() throws {
        let model = WorkbenchModel(setup: try smallSetup(speed: 1), provider: nil)
        defer { model.shutdown() }
        model.perform(.showHelp)
        var seen = render(model, width: 80, height: 24).text
        #expect(seen.contains("▼ more ("), "the help says there is more")
        #expect(!seen.contains(KeyBindings.all.last!.label))
        for _ in 0..<10 {
            key(.pageDown, model, width: 80, height: 24)
            seen += render(model, width: 80, height: 24).text
        }
        for binding in KeyBindings.all {
            #expect(seen.contains(String(binding.label.prefix(20))), "help never showed \(binding.keys)")
        }
        let end = render(model, width: 80, height: 24)
        #expect(end.contains("above · end"))
        #expect(end.contains("A test problem"))
        key(.home, model, width: 80, height: 24)
        #expect(model.scrollOffset(.help) == 0)
        key(.escape, model, width: 80, height: 24)
        #expect(model.overlay == nil)
    }

    /// The explanation of a long description scrolls to its last line at 120 x 36 and leaves the
    /// chart most of the pane.
    @Test func explanationScrollsToItsLastLine() throws {
        var setup = try smallSetup(speed: 1)
        setup.description = Self.longDescription
        let model = WorkbenchModel(setup: setup, provider: nil)
        defer { model.shutdown() }
        model.perform(.toggleExplanation)
        let first = render(model, width: 120, height: 36)
        #expect(first.contains("▼ more ("))
        #expect(!first.contains("The very last words."))
        let pane = WorkbenchLayout(width: 120, height: 36).rect(.convergence)
        let placement = ExplanationView(text: Self.longDescription).placement(in: pane)
        #expect(placement.remaining.height >= pane.height * 3 / 5, "the chart keeps three fifths of the pane")
        for _ in 0..<20 { key(.pageDown, model, width: 120, height: 36) }
        let last = render(model, width: 120, height: 36)
        #expect(last.contains("The very last words."))
        #expect(last.contains("above · end"))
        // The wheel over the explanation scrolls it back up.
        let area = try #require(WorkbenchView(model: model, layout: WorkbenchLayout(width: 120, height: 36), glyphs: .unicode, theme: .standard).explanationArea)
        let before = model.scrollOffset(.explanation)
        WorkbenchInput.handle(.mouse(MouseEvent(kind: .wheelUp, button: .none, x: area.x + 3, y: area.y + 2)), model: model,
                              layout: WorkbenchLayout(width: 120, height: 36))
        #expect(model.scrollOffset(.explanation) == before - 3)
    }

    /// A diverged run's reason is shown whole in the statistics pane (wrapped), not cut.
    @Test func divergedReasonIsWrappedWholeInStatistics() throws {
        let model = WorkbenchModel(setup: try smallSetup(reg: 1e-5), provider: nil)
        defer { model.shutdown() }
        _ = render(model, width: 120, height: 36)
        let deadline = Date().addingTimeInterval(10)
        while !model.runner.isFinished && Date() < deadline { usleep(5000) }
        model.refresh()
        let reason = try #require(model.snapshot.status.reason)
        let buffer = render(model, width: 120, height: 36)
        let inner = WorkbenchLayout(width: 120, height: 36).rect(.statistics).inset(by: 1)
        let pane = (inner.y..<inner.maxY).map { String(buffer.string(row: $0).dropFirst(inner.x).prefix(inner.width)) }.joined(separator: " ")
        let flat = pane.split(separator: " ").joined(separator: " ")
        #expect(flat.contains(reason.split(separator: " ").joined(separator: " ")), "\(flat)")
    }

    /// The statistics scroll with ↑↓ / PgDn when focused and a short screen cuts them.
    @Test func statisticsScrollWhenFocused() throws {
        let model = WorkbenchModel(setup: try smallSetup(), provider: nil)
        defer { model.shutdown() }
        _ = render(model, width: 80, height: 24)
        #expect(waitForFinish(model))
        model.perform(.focus(.statistics))
        let layout = WorkbenchLayout(width: 80, height: 24)
        let view = WorkbenchView(model: model, layout: layout, glyphs: .unicode, theme: .standard)
        let indicator = try #require(view.scrollIndicator(.statistics))
        #expect(indicator.total > indicator.visible, "the 80 x 24 statistics pane is too short for all rows")
        #expect(render(model, width: 80, height: 24).contains("▼ more ("))
        key(.down, model, width: 80, height: 24)
        #expect(model.scrollOffset(.statistics) == 1)
        key(.end, model, width: 80, height: 24)
        #expect(model.scrollOffset(.statistics) == indicator.maximumOffset)
        #expect(render(model, width: 80, height: 24).contains("above · end"))
    }

    /// With no explanation shown PgDn scrolls the statistics whatever has the focus, and the hint bar
    /// offers PgUp/PgDn only when there is something to scroll.
    @Test func pageKeysScrollTheStatisticsWhenNothingElseScrolls() throws {
        let model = WorkbenchModel(setup: try smallSetup(), provider: nil)
        defer { model.shutdown() }
        _ = render(model, width: 80, height: 24)
        #expect(waitForFinish(model))
        #expect(model.focus == .plan)
        let short = render(model, width: 80, height: 24)
        #expect(short.string(row: 23).contains("PgUp/PgDn  scroll"), "\(short.string(row: 23))")
        #expect(short.contains("▼ more (") && short.contains("PgDn ─"))
        key(.pageDown, model, width: 80, height: 24)
        #expect(model.scrollOffset(.statistics) > 0)
        // On a tall screen the statistics fit: nothing to scroll, no hint.
        let tall = render(model, width: 200, height: 60)
        #expect(!tall.string(row: 59).contains("PgUp/PgDn"), "\(tall.string(row: 59))")
    }

    /// `z` gives the focused pane the whole body; Tab pages through the panes zoomed; `z` or Esc returns.
    @Test func zoomMaximisesTheFocusedPane() throws {
        let model = WorkbenchModel(setup: try smallSetup(speed: 1), provider: nil)
        defer { model.shutdown() }
        model.perform(.focus(.convergence))
        #expect(KeyBindings.action(for: "z") == .toggleZoom)
        model.perform(.toggleZoom)
        #expect(model.zoomed == .convergence)
        let layout = WorkbenchLayout(width: 120, height: 36, zoomed: model.zoomed)
        #expect(layout.rect(.convergence) == Rect(x: 0, y: 1, width: 120, height: 34))
        #expect(layout.rect(.plan).isEmpty)
        let buffer = render(model, width: 120, height: 36)
        #expect(buffer.string(row: 1).contains("3 Convergence"))
        #expect(!buffer.contains("1 Problem") && !buffer.contains("2 Transport plan"))
        #expect(buffer.string(row: 0).contains("zoom: Convergence"))
        model.perform(.focusNext)
        #expect(model.zoomed == .statistics)
        key(.escape, model, width: 120, height: 36)
        #expect(model.zoomed == nil)
        #expect(render(model, width: 120, height: 36).contains("1 Problem"))
    }
}
