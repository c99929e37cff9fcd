import Foundation
import Testing
import OTCore
import Terminal
@testable import Workbench

@Suite struct ExplanationViewTests {
    static let description = "Watch the marginal error fall on a straight line in the log-scale chart: Sinkhorn converges linearly. "
        + "The plan heatmap sharpens from a blur into a few bright blocks. Press plus or minus to change reg."

    func setup() throws -> ProblemSetup {
        var setup = try smallSetup()
        setup.description = Self.description
        return setup
    }

    /// The cells of `rect` as text lines.
    func lines(_ buffer: Buffer, in rect: Rect) -> [String] {
        (rect.y..<rect.maxY).map { y in
            String(buffer.string(row: y).dropFirst(rect.x).prefix(rect.width))
        }
    }

    @Test func eShowsTheDescriptionWrappedInTheConvergencePane() throws {
        let model = WorkbenchModel(setup: try setup(), provider: nil)
        defer { model.shutdown() }
        #expect(KeyBindings.action(for: "E") == .toggleExplanation)
        #expect(!render(model).contains("What to watch"))

        model.perform(.toggleExplanation)
        let buffer = render(model)
        let pane = WorkbenchLayout(width: 120, height: 40).rect(.convergence)
        let text = lines(buffer, in: pane).joined(separator: "\n")
        #expect(text.contains("What to watch"))
        // Every word of the description is inside the convergence pane's area, in order.
        let words = Self.description.split(separator: " ").map(String.init)
        let shown = text.replacingOccurrences(of: "│", with: " ").split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        var cursor = shown.startIndex
        for word in words {
            let found = shown[cursor...].firstIndex(of: word)
            #expect(found != nil, "word \(word) is shown")
            if let found { cursor = found + 1 }
        }
        // The chart keeps the top of the pane; the explanation takes the rows it needs at the bottom
        // (3 wrapped lines at this width, plus the frame).
        let placement = ExplanationView(text: Self.description).placement(in: pane)
        #expect(placement.area.height == ExplanationView(text: Self.description).lines(width: pane.width - 2).count + 2)
        #expect(placement.area.maxY == pane.maxY && placement.remaining.height == pane.height - placement.area.height)
        #expect(buffer.string(row: pane.y).contains("3 Convergence"))

        model.perform(.toggleExplanation)
        #expect(!render(model).contains("What to watch"))
    }

    @Test func shortScreenClipsTheTextWithAnEllipsis() throws {
        let model = WorkbenchModel(setup: try setup(), provider: nil)
        defer { model.shutdown() }
        model.perform(.toggleExplanation)
        let buffer = render(model, width: 80, height: 24)
        let pane = WorkbenchLayout(width: 80, height: 24).rect(.convergence)
        let text = lines(buffer, in: pane).joined(separator: "\n")
        #expect(text.contains("What to watch"))
        #expect(text.contains("Watch the marginal error"))
        // The 80 x 24 convergence pane (46 x 10) is too short to share: the explanation takes all of it.
        #expect(!text.contains("3 Convergence"))
        // A pane with room for 3 lines of a longer text says on its border how much more there is,
        // and scrolled to the end shows the last line.
        let view = ExplanationView(text: Self.description)
        var small = Buffer(width: 40, height: 5)
        view.render(in: small.area, buffer: &small, glyphs: .unicode, theme: .standard)
        let total = view.lines(width: 38).count
        #expect(total > 3)
        #expect(small.string(row: 4).contains("▼ more (\(total - 3) line"))
        var end = Buffer(width: 40, height: 5)
        ExplanationView(text: Self.description, scrollOffset: total).render(in: end.area, buffer: &end, glyphs: .unicode, theme: .standard)
        #expect(end.string(row: 3).contains(view.lines(width: 38).last!))
        #expect(end.string(row: 4).contains("above · end"))
    }

    @Test func helpListsTheExplanationKey() throws {
        let model = WorkbenchModel(setup: try setup(), provider: nil)
        defer { model.shutdown() }
        model.perform(.showHelp)
        #expect(render(model).contains("explanation: what to watch for"))
    }
}
