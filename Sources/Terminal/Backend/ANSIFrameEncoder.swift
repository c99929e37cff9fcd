/// Turns a frame (a `Buffer`) into the ANSI text a terminal needs to show it: cursor moves
/// (`ESC[row;colH`), SGR colours and attributes (`ESC[0;1;38;5;Nm`, 24-bit as `38;2;r;g;b`) and
/// UTF-8 glyphs.
///
/// Given the previous frame of the same size it sends only the changed cells; otherwise (first frame,
/// resize) it clears the screen and sends every cell. The recording backend uses this because ncurses
/// writes the real screen itself and its output cannot be captured.
public struct ANSIFrameEncoder: Sendable {
    public init() {}

    /// The text that turns a screen showing `previous` (nil: unknown) into one showing `buffer`.
    public func encode(_ buffer: Buffer, since previous: Buffer?) -> String {
        let full = previous.map { $0.width != buffer.width || $0.height != buffer.height } ?? true
        let changes = buffer.changes(since: full ? Buffer(width: 0, height: 0) : previous!)
        guard !changes.isEmpty else { return "" }
        var out = full ? "\u{1B}[0m\u{1B}[2J" : ""
        var cursor: (x: Int, y: Int)? = nil
        var current: Cell? = nil
        for change in changes where !change.cell.isContinuation {
            if cursor.map({ $0.x != change.x || $0.y != change.y }) ?? true {
                out += "\u{1B}[\(change.y + 1);\(change.x + 1)H"
            }
            if current.map({ !Self.sameLook($0, change.cell) }) ?? true {
                out += Self.sgr(change.cell)
                current = change.cell
            }
            out.append(change.cell.glyph)
            cursor = (change.x + max(1, DisplayWidth.of(change.cell.glyph)), change.y)
        }
        return out + "\u{1B}[0m"
    }

    private static func sameLook(_ a: Cell, _ b: Cell) -> Bool {
        a.foreground == b.foreground && a.background == b.background && a.attributes == b.attributes
    }

    /// One SGR sequence that sets the cell's whole look from the reset state.
    static func sgr(_ cell: Cell) -> String {
        var codes = ["0"]
        if cell.attributes.contains(.bold) { codes.append("1") }
        if cell.attributes.contains(.dim) { codes.append("2") }
        if cell.attributes.contains(.underline) { codes.append("4") }
        if cell.attributes.contains(.reverse) { codes.append("7") }
        codes += colorCodes(cell.foreground, base: 38)
        codes += colorCodes(cell.background, base: 48)
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    private static func colorCodes(_ color: Color, base: Int) -> [String] {
        switch color {
        case .default: return []
        case .palette(let index): return ["\(base)", "5", "\(index)"]
        case .rgb(let value): return ["\(base)", "2", "\(value.red)", "\(value.green)", "\(value.blue)"]
        }
    }
}
