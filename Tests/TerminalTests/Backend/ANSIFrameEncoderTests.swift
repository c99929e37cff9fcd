import Testing
@testable import Terminal

@Suite struct ANSIFrameEncoderTests {
    @Test func firstFrameClearsAndDrawsEveryCell() {
        var buffer = Buffer(width: 3, height: 2)
        buffer.setString("ab", x: 0, y: 0, style: Style(foreground: .palette(39), adding: .bold))
        let text = ANSIFrameEncoder().encode(buffer, since: nil)
        #expect(text == "\u{1B}[0m\u{1B}[2J\u{1B}[1;1H\u{1B}[0;1;38;5;39mab\u{1B}[0m \u{1B}[2;1H   \u{1B}[0m")
    }

    @Test func laterFramesSendOnlyTheChangedCells() {
        let before = Buffer(width: 10, height: 4)
        var after = before
        after.set(x: 4, y: 2, glyph: "X", style: Style(foreground: .rgb(RGB(1, 2, 3)), background: .palette(236), adding: [.reverse, .underline]))
        after.set(x: 5, y: 2, glyph: "Y", style: Style(foreground: .rgb(RGB(1, 2, 3)), background: .palette(236), adding: [.reverse, .underline]))
        after.set(x: 0, y: 3, glyph: "漢")
        let text = ANSIFrameEncoder().encode(after, since: before)
        #expect(text == "\u{1B}[3;5H\u{1B}[0;4;7;38;2;1;2;3;48;5;236mXY\u{1B}[4;1H\u{1B}[0m漢\u{1B}[0m")
        #expect(ANSIFrameEncoder().encode(after, since: after) == "", "no change, no output")
    }
}
