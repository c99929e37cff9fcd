import CNcurses

/// Turns what ncurses' `get_wch` and `getmouse` return into `InputEvent`s.
///
/// Pure and stateless except for the held mouse button (X10 mouse reports motion and release
/// without saying which button, so the decoder remembers the last press). Kept apart from the
/// backend so that tests can feed it codes without a terminal.
public struct InputDecoder: Sendable {
    public var masks: MouseMasks
    /// The button pressed last and not yet released, if any.
    public private(set) var heldButton: MouseEvent.Button?

    public init(masks: MouseMasks = .current) {
        self.masks = masks
    }

    /// Decodes a character `get_wch` returned with `OK`.
    public func decode(character code: UInt32) -> Key? {
        switch code {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 0: return .control(" ")
        case 1...26: return .control(Character(Unicode.Scalar(UInt8(code) + 96)))
        case 28...31: return nil
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            return .character(Character(scalar))
        }
    }

    /// Decodes a key code `get_wch` returned with `KEY_CODE_YES` (other than mouse and resize).
    public func decode(keyCode code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_IC: return .insert
        case KEY_DC: return .delete
        case KEY_BTAB: return .backTab
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case (KEY_F0 + 1)...(KEY_F0 + 63): return .function(Int(code - KEY_F0))
        default: return nil
        }
    }

    /// Decodes a mouse state from `getmouse` at cell (x, y).
    public mutating func decodeMouse(state: UInt, x: Int, y: Int) -> MouseEvent? {
        func has(_ mask: UInt) -> Bool { mask != 0 && state & mask != 0 }
        if has(masks.button4Pressed) { return MouseEvent(kind: .wheelUp, button: .none, x: x, y: y) }
        if has(masks.button5Pressed) { return MouseEvent(kind: .wheelDown, button: .none, x: x, y: y) }
        let presses: [(UInt, MouseEvent.Button)] = [
            (masks.button1Pressed | masks.button1Clicked, .left),
            (masks.button2Pressed | masks.button2Clicked, .middle),
            (masks.button3Pressed | masks.button3Clicked, .right),
        ]
        let releases: [(UInt, MouseEvent.Button)] = [
            (masks.button1Released, .left), (masks.button2Released, .middle), (masks.button3Released, .right),
        ]
        for (mask, button) in presses where has(mask) {
            heldButton = button
            return MouseEvent(kind: .press, button: button, x: x, y: y)
        }
        for (mask, button) in releases where has(mask) {
            heldButton = nil
            return MouseEvent(kind: .release, button: button, x: x, y: y)
        }
        if has(masks.reportPosition) || state == 0 {
            if let held = heldButton { return MouseEvent(kind: .drag, button: held, x: x, y: y) }
            return MouseEvent(kind: .move, button: .none, x: x, y: y)
        }
        return nil
    }
}
