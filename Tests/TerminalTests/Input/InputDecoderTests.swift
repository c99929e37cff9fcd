import CNcurses
import Testing
import Terminal

@Suite struct InputDecoderTests {
    @Test func charactersAndControlCodes() {
        let decoder = InputDecoder()
        #expect(decoder.decode(character: 3) == .controlC)
        #expect(decoder.decode(character: 9) == .tab)
        #expect(decoder.decode(character: 13) == .enter)
        #expect(decoder.decode(character: 10) == .enter)
        #expect(decoder.decode(character: 27) == .escape)
        #expect(decoder.decode(character: 127) == .backspace)
        #expect(decoder.decode(character: 65) == .character("A"))
        #expect(decoder.decode(character: 0x3BB) == .character("λ"))
        #expect(decoder.decode(character: 17) == .control("q"))
    }

    @Test func specialKeyCodes() {
        let decoder = InputDecoder()
        #expect(decoder.decode(keyCode: KEY_UP) == .up)
        #expect(decoder.decode(keyCode: KEY_BTAB) == .backTab)
        #expect(decoder.decode(keyCode: KEY_F0 + 5) == .function(5))
        #expect(decoder.decode(keyCode: KEY_BACKSPACE) == .backspace)
        #expect(decoder.decode(keyCode: KEY_NPAGE) == .pageDown)
        #expect(decoder.decode(keyCode: KEY_DC) == .delete)
    }

    @Test func mouseSequenceRemembersTheHeldButton() {
        var decoder = InputDecoder()
        let masks = MouseMasks.current
        #expect(masks.button4Pressed != 0 && masks.button5Pressed != 0 && masks.button4Pressed != masks.button5Pressed)
        #expect(decoder.decodeMouse(state: masks.button1Pressed, x: 3, y: 4) == MouseEvent(kind: .press, button: .left, x: 3, y: 4))
        #expect(decoder.decodeMouse(state: masks.reportPosition, x: 5, y: 4) == MouseEvent(kind: .drag, button: .left, x: 5, y: 4))
        #expect(decoder.decodeMouse(state: masks.button1Released, x: 6, y: 4) == MouseEvent(kind: .release, button: .left, x: 6, y: 4))
        #expect(decoder.decodeMouse(state: masks.reportPosition, x: 7, y: 4) == MouseEvent(kind: .move, button: .none, x: 7, y: 4))
        #expect(decoder.decodeMouse(state: masks.button4Pressed, x: 1, y: 1)?.kind == .wheelUp)
        #expect(decoder.decodeMouse(state: masks.button5Pressed, x: 1, y: 1)?.kind == .wheelDown)
        #expect(decoder.decodeMouse(state: masks.button3Pressed, x: 0, y: 0)?.button == .right)
    }
}
