import Testing
import Terminal

@Suite struct BrailleCanvasTests {
    @Test func dotBitsFollowTheBrailleLayout() {
        var canvas = BrailleCanvas(columns: 2, rows: 1)
        canvas.setDot(x: 0, y: 0, color: .red)   // 0x01
        canvas.setDot(x: 0, y: 3, color: .red)   // 0x40
        canvas.setDot(x: 3, y: 1, color: .red)   // right column, row 1: 0x10
        canvas.setDot(x: 3, y: 3, color: .red)   // 0x80
        #expect(canvas.glyph(column: 0, row: 0) == "\u{2841}")
        #expect(canvas.glyph(column: 1, row: 0) == "\u{2890}")
        canvas.setDot(x: 99, y: 0, color: .red)  // outside: ignored
        #expect(canvas.isDotSet(x: 3, y: 3) && !canvas.isDotSet(x: 2, y: 3))
    }

    @Test func diagonalLineHitsEveryDot() {
        var canvas = BrailleCanvas(columns: 2, rows: 1)
        canvas.drawLine(fromX: 0, y: 0, toX: 3, y: 3, color: .green)
        var buffer = Buffer(width: 2, height: 1)
        canvas.render(in: buffer.area, buffer: &buffer, glyphs: .unicode)
        #expect(buffer.string(row: 0) == "⠑⢄")
        #expect(buffer.cell(x: 0, y: 0).foreground == .green)
    }

    @Test func horizontalLineAndAsciiFallback() {
        var canvas = BrailleCanvas(columns: 3, rows: 1)
        canvas.drawLine(fromX: 5, y: 0, toX: 0, y: 0, color: .default)
        var buffer = Buffer(width: 3, height: 1)
        canvas.render(in: buffer.area, buffer: &buffer, glyphs: .unicode)
        #expect(buffer.string(row: 0) == "⠉⠉⠉")

        var diagonal = BrailleCanvas(columns: 2, rows: 1)
        diagonal.drawLine(fromX: 0, y: 0, toX: 3, y: 3, color: .default)
        var ascii = Buffer(width: 2, height: 1)
        diagonal.render(in: ascii.area, buffer: &ascii, glyphs: .ascii)
        #expect(ascii.string(row: 0) == "'.")
    }
}
