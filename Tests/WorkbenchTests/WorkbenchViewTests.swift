import Foundation
import Testing
import OTCore
import Terminal
@testable import Workbench

@Suite struct WorkbenchViewTests {
    @Test func finishedRunShowsEveryPaneWithItsFigures() throws {
        let model = WorkbenchModel(setup: try smallSetup(), provider: nil)
        defer { model.shutdown() }
        // The heatmap size is requested by the first render, as in the app loop.
        _ = render(model)
        #expect(waitForFinish(model))
        let buffer = render(model)
        for title in ["1 Problem", "2 Transport plan", "3 Convergence", "4 Statistics", "5 Solver"] {
            #expect(buffer.contains(title), "pane \(title)")
        }
        #expect(buffer.string(row: 0).contains("otlab"))
        #expect(buffer.string(row: 0).contains("converged"))
        #expect(buffer.contains("marginal error"))
        #expect(buffer.contains("cost <P,C>"))
        // A finished run offers restart (there is nothing to pause), and the way to help and out.
        #expect(buffer.string(row: 39).contains("r  restart") && !buffer.string(row: 39).contains("pause"))
        #expect(buffer.string(row: 39).contains("?  help  q  quit"))

        // The plan pane holds half-block pixels with colours.
        let plan = WorkbenchLayout(width: 120, height: 40).rect(.plan).inset(by: 1)
        var halfBlocks = 0
        for y in plan.y..<plan.maxY {
            for x in plan.x..<plan.maxX where buffer[x, y].glyph == "▀" { halfBlocks += 1 }
        }
        #expect(halfBlocks > 100)

        // The convergence chart holds braille curves; the problem pane a braille scatter.
        #expect(buffer.brailleCount > 20)
    }

    /// `auto` says on screen what it runs and why (statistics pane, row `auto`).
    @Test func statisticsShowAutoChoice() throws {
        let model = WorkbenchModel(setup: try smallSetup(solver: "auto", reg: 0.2), provider: nil)
        defer { model.shutdown() }
        _ = render(model)
        #expect(waitForFinish(model))
        let buffer = render(model)
        #expect(buffer.string(row: 0).contains("converged"))
        #expect(buffer.contains("auto"))
        let rows = (0..<40).map { buffer.string(row: $0) }.filter { $0.contains("auto") || $0.contains("why") }
        #expect(rows.contains { $0.contains("auto") && $0.contains("→ sinkhorn") }, "the statistics pane names the method: \(rows)")
        #expect(rows.contains { $0.contains("why") && $0.contains("C/reg") }, "and the reason: \(rows)")
    }

    @Test func statisticsShowDivergenceReason() throws {
        let model = WorkbenchModel(setup: try smallSetup(reg: 1e-5), provider: nil)
        defer { model.shutdown() }
        _ = render(model)
        let deadline = Date().addingTimeInterval(10)
        while !model.runner.isFinished && Date() < deadline { usleep(5000) }
        model.refresh()
        let buffer = render(model)
        #expect(buffer.contains("diverged"))
        #expect(buffer.string(row: 39).contains("kernel underflow"))
    }

    /// A run whose error floors above an unreachable tol: the status line says it stalled and what
    /// helps, the statistics pane flags it, and the run is not called diverged.
    @Test func stalledRunIsFlaggedInStatusLineAndStatistics() throws {
        var setup = try smallSetup(solver: "sinkhorn-log", reg: 1)
        try setup.parameters.set("tol", .real(1e-30))
        try setup.parameters.set("max-iter", .integer(1500))
        let model = WorkbenchModel(setup: setup, provider: nil)
        defer { model.shutdown() }
        _ = render(model)
        #expect(waitForFinish(model))
        let buffer = render(model)
        #expect(buffer.string(row: 39).contains("⚠ stalled: the marginal error has stayed near"), "\(buffer.string(row: 39))")
        let flagged = buffer.contains("stalled ⚠"), diverged = buffer.contains("diverged")
        #expect(flagged, "the statistics pane flags the stall")
        #expect(!diverged)
    }

    @Test func tooSmallTerminalSaysTheSizeNeeded() throws {
        let model = WorkbenchModel(setup: try smallSetup(), provider: nil)
        defer { model.shutdown() }
        let buffer = render(model, width: 60, height: 20)
        #expect(buffer.contains("otlab needs at least 80×24; this terminal is 60×20"))
    }

    @Test func helpOverlayListsTheKeysAndTheDescription() throws {
        let model = WorkbenchModel(setup: try smallSetup(), provider: nil)
        defer { model.shutdown() }
        model.perform(.showHelp)
        let buffer = render(model)
        #expect(buffer.contains("pick solver"))
        #expect(buffer.contains("keep this run for comparison"))
        // The description follows the bindings, at the end of the (scrolling) help.
        WorkbenchInput.handle(.key(.end), model: model, layout: WorkbenchLayout(width: 120, height: 40))
        #expect(render(model).contains("A test problem"))
        model.perform(.showHelp)
        #expect(model.overlay == nil)
    }

    @Test func asciiFallbackUsesNoUnicodeGlyphs() throws {
        let model = WorkbenchModel(setup: try smallSetup(), provider: nil)
        defer { model.shutdown() }
        _ = render(model, glyphs: .ascii, theme: .monochrome)
        #expect(waitForFinish(model))
        let buffer = render(model, glyphs: .ascii, theme: .monochrome)
        let nonASCII = buffer.cells.filter { !$0.glyph.isASCII && !$0.isContinuation }
        // Values such as "×" or "≈" in text are allowed; drawing glyphs are not.
        #expect(!nonASCII.contains { "▀┌┐└┘│─".contains($0.glyph) || ($0.glyph.unicodeScalars.first?.value ?? 0) >= 0x2800 && ($0.glyph.unicodeScalars.first?.value ?? 0) <= 0x28FF })
    }

    @Test(arguments: [(80, 24), (120, 40), (200, 60)])
    func layoutTilesTheScreen(size: (Int, Int)) {
        let layout = WorkbenchLayout(width: size.0, height: size.1)
        #expect(layout.fits)
        let area = Pane.allCases.map { layout.rect($0).area }.reduce(0, +)
        #expect(area == size.0 * (size.1 - 2), "panes cover the body exactly")
        for a in Pane.allCases {
            for b in Pane.allCases where a != b {
                #expect(layout.rect(a).intersection(layout.rect(b)).isEmpty, "\(a) and \(b) overlap")
            }
        }
    }
}
