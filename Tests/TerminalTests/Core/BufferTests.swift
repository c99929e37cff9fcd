import Testing
import Terminal

@Suite struct BufferTests {
    @Test func setStringWritesAndClipsToTheRect() {
        var buffer = Buffer(width: 10, height: 2)
        let end = buffer.setString("hello world", x: 2, y: 0, clip: Rect(x: 0, y: 0, width: 7, height: 2))
        #expect(buffer.string(row: 0) == "  hello   ")
        #expect(end == 7)
        buffer.setString("abc", x: -1, y: 1)
        #expect(buffer.string(row: 1) == "bc        ")
    }

    @Test func stylesPatchCellsAndKeepOtherColours() {
        var buffer = Buffer(width: 3, height: 1)
        buffer.setString("ab", x: 0, y: 0, style: Style(foreground: .red, background: .blue))
        buffer.setString("X", x: 0, y: 0, style: Style(adding: .bold))
        #expect(buffer.cell(x: 0, y: 0) == Cell("X", foreground: .red, background: .blue, attributes: .bold))
        #expect(buffer.cell(x: 1, y: 0).foreground == .red)
        #expect(buffer.cell(x: 9, y: 9) == .blank)
    }

    @Test func wideGlyphsTakeTwoCells() {
        var buffer = Buffer(width: 4, height: 1)
        buffer.setString("日x", x: 0, y: 0)
        #expect(buffer.cell(x: 0, y: 0).glyph == "日")
        #expect(buffer.cell(x: 1, y: 0).isContinuation)
        #expect(buffer.cell(x: 2, y: 0).glyph == "x")
        #expect(buffer.string(row: 0) == "日x ")
        // A wide glyph that would straddle the clip edge is dropped.
        var narrow = Buffer(width: 1, height: 1)
        narrow.setString("日", x: 0, y: 0)
        #expect(narrow.string(row: 0) == " ")
    }

    @Test func diffReportsOnlyChangedCells() {
        var before = Buffer(width: 5, height: 3)
        before.setString("abc", x: 0, y: 0)
        var after = before
        after.setString("Z", x: 1, y: 0)
        after.set(x: 4, y: 2, Cell("q", foreground: .green))
        after.setString("c", x: 2, y: 0)  // same as before: not a change
        let changes = after.changes(since: before)
        #expect(changes == [
            CellChange(x: 1, y: 0, cell: Cell("Z")),
            CellChange(x: 4, y: 2, cell: Cell("q", foreground: .green)),
        ])
        #expect(after.changes(since: after).isEmpty)
        #expect(after.changes(since: Buffer(width: 2, height: 2)).count == 15)
    }

    @Test func fillAndResizeKeepTheOverlap() {
        var buffer = Buffer(width: 4, height: 2)
        buffer.fill(Rect(x: 1, y: 0, width: 10, height: 1), with: Cell("#"))
        #expect(buffer.string(row: 0) == " ###")
        buffer.resize(width: 2, height: 3)
        #expect(buffer.text == " #\n  \n  ")
    }

    @Test func controlCharactersBecomeSpaces() {
        var buffer = Buffer(width: 3, height: 1)
        buffer.setString("a\tb", x: 0, y: 0)
        #expect(buffer.string(row: 0) == "a b")
    }
}

@Suite struct WideGlyphOverwriteTests {
    @Test func overwritingHalfOfAWideGlyphBlanksTheOtherHalf() {
        var buffer = Buffer(width: 4, height: 1)
        buffer.setString("日本", x: 0, y: 0)
        buffer.setString("a", x: 0, y: 0)
        #expect(buffer.string(row: 0) == "a 本")
        #expect(!buffer.cell(x: 1, y: 0).isContinuation)
        buffer.setString("b", x: 3, y: 0)
        #expect(buffer.string(row: 0) == "a  b")
        buffer.setString("日", x: 1, y: 0)
        #expect(buffer.string(row: 0) == "a日b")
    }
}
