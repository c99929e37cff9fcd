import Testing
import Terminal

@Suite struct TextWidgetTests {
    @Test func keyValueTableAlignsValues() {
        var buffer = Buffer(width: 20, height: 3)
        KeyValueTable(rows: [.init("cost", "1.5"), .init("iterations", "42", valueStyle: Style(foreground: .red))])
            .render(in: buffer.area, buffer: &buffer, glyphs: .unicode, theme: .standard)
        #expect(buffer.string(row: 0) == "cost       1.5      ")
        #expect(buffer.string(row: 1) == "iterations 42       ")
        #expect(buffer.cell(x: 11, y: 1).foreground == .red)

        var right = Buffer(width: 16, height: 1)
        KeyValueTable(rows: [.init("cost", "1.5")], rightAlignsValues: true)
            .render(in: right.area, buffer: &right, glyphs: .unicode, theme: .standard)
        #expect(right.string(row: 0) == "cost         1.5")
    }

    @Test func statusBarShowsHintsAndRightText() {
        var buffer = Buffer(width: 40, height: 1)
        StatusBar(left: "sinkhorn", hints: [.init("q", "quit"), .init("?", "help")], right: "running")
            .render(in: buffer.area, buffer: &buffer, glyphs: .unicode, theme: .standard)
        let row = buffer.string(row: 0)
        #expect(row.hasPrefix("sinkhorn   q quit  ? help"))
        #expect(row.hasSuffix("running"))
        #expect(buffer.cell(x: 11, y: 0).attributes.contains(.bold))
        #expect(buffer.cell(x: 39, y: 0).background == .white)
    }

    @Test func blockDrawsFrameAndTitle() {
        var buffer = Buffer(width: 12, height: 3)
        Block(title: "plan").render(in: buffer.area, buffer: &buffer, glyphs: .unicode, theme: .standard)
        #expect(buffer.text == "┌ plan ────┐\n│          │\n└──────────┘")
        Block(title: "plan", isFocused: true).render(in: buffer.area, buffer: &buffer, glyphs: .unicode, theme: .standard)
        #expect(buffer.string(row: 0) == "┏ plan ━━━━┓")
        #expect(buffer.cell(x: 0, y: 0).foreground == Theme.standard.focusedBorder.foreground)
        Block(title: "plan").render(in: buffer.area, buffer: &buffer, glyphs: .ascii, theme: .monochrome)
        #expect(buffer.text == "+ plan ----+\n|          |\n+----------+")
        #expect(Block().inner(buffer.area) == Rect(x: 1, y: 1, width: 10, height: 1))
    }

    @Test func helpOverlayListsKeys() {
        var buffer = Buffer(width: 40, height: 10, filledWith: Cell("x"))
        HelpOverlay(entries: [.init("q", "quit"), .init("Tab", "next pane")])
            .render(in: buffer.area, buffer: &buffer, glyphs: .unicode, theme: .standard)
        let text = buffer.text
        #expect(text.contains("Tab  next pane"))
        #expect(text.contains("q    quit"))
        #expect(text.contains("press any key to close"))
        #expect(text.contains("Help"))
        #expect(buffer.string(row: 0) == String(repeating: "x", count: 40))
    }
}

@Suite struct ParagraphTests {
    @Test func wrapsAndScrolls() {
        var buffer = Buffer(width: 10, height: 2)
        Paragraph("cannot read weights.csv: line 3 has 2 columns", scrollOffset: 2)
            .render(in: buffer.area, buffer: &buffer, glyphs: .unicode, theme: .standard)
        #expect(buffer.string(row: 0) == "weights.cs")
        #expect(buffer.string(row: 1) == "v: line 3 ")
        #expect(Paragraph("a b c").lines(width: 3) == ["a b", "c"])
    }
}
