/// A dot grid at braille resolution: every cell holds 2 x 4 dots, drawn as one braille pattern
/// (U+2800 plus the dot bits) in a single colour.
///
/// Dots are addressed in dot space, (0, 0) top-left, x to the right, y downwards. Per cell the last
/// colour drawn wins, so charts draw their most important series last. Without braille (ASCII glyph
/// set) a cell with dots becomes `'` (upper half only), `.` (lower half only) or `:` (both).
public struct BrailleCanvas: Hashable, Sendable {
    public let columns: Int
    public let rows: Int
    private var bits: [UInt8]
    private var colors: [Color]

    /// Dot bits of the braille pattern by dot row (0-3) for the left and right dot column.
    private static let leftBits: [UInt8] = [0x01, 0x02, 0x04, 0x40]
    private static let rightBits: [UInt8] = [0x08, 0x10, 0x20, 0x80]
    private static let upperHalfMask: UInt8 = 0x01 | 0x02 | 0x08 | 0x10
    private static let lowerHalfMask: UInt8 = 0x04 | 0x40 | 0x20 | 0x80

    public init(columns: Int, rows: Int) {
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        bits = Array(repeating: 0, count: self.columns * self.rows)
        colors = Array(repeating: .default, count: self.columns * self.rows)
    }

    public var dotWidth: Int { columns * 2 }
    public var dotHeight: Int { rows * 4 }

    /// Sets one dot; ignored outside the canvas.
    public mutating func setDot(x: Int, y: Int, color: Color) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let index = (y / 4) * columns + x / 2
        bits[index] |= (x % 2 == 0 ? Self.leftBits : Self.rightBits)[y % 4]
        colors[index] = color
    }

    /// True when the dot is set.
    public func isDotSet(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return false }
        return bits[(y / 4) * columns + x / 2] & (x % 2 == 0 ? Self.leftBits : Self.rightBits)[y % 4] != 0
    }

    /// Draws a straight line between two dots (both included) with Bresenham's algorithm; parts
    /// outside the canvas are skipped.
    public mutating func drawLine(fromX x0: Int, y y0: Int, toX x1: Int, y y1: Int, color: Color) {
        let dx = abs(x1 - x0), dy = -abs(y1 - y0)
        let stepX = x0 < x1 ? 1 : -1, stepY = y0 < y1 ? 1 : -1
        var x = x0, y = y0, error = dx + dy
        // Bound the walk so absurd coordinates cannot loop for long.
        var remaining = dx - dy + 1
        while remaining > 0 {
            setDot(x: x, y: y, color: color)
            if x == x1 && y == y1 { break }
            let doubled = 2 * error
            if doubled >= dy { error += dy; x += stepX }
            if doubled <= dx { error += dx; y += stepY }
            remaining -= 1
        }
    }

    /// The braille glyph of a cell (U+2800 when empty).
    public func glyph(column: Int, row: Int) -> Character {
        let value = bits[row * columns + column]
        return Character(Unicode.Scalar(0x2800 + UInt32(value))!)
    }

    /// Writes every non-empty cell into `buffer` with the canvas's top-left at `area`'s top-left;
    /// empty cells are left untouched so that grid lines or labels underneath survive.
    public func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet) {
        for row in 0..<min(rows, area.height) {
            for column in 0..<min(columns, area.width) {
                let index = row * columns + column
                let value = bits[index]
                guard value != 0 else { continue }
                let glyph: Character
                if glyphs.supportsBraille {
                    glyph = Character(Unicode.Scalar(0x2800 + UInt32(value))!)
                } else {
                    let upper = value & Self.upperHalfMask != 0, lower = value & Self.lowerHalfMask != 0
                    glyph = upper && lower ? glyphs.asciiDots.both : (upper ? glyphs.asciiDots.upper : glyphs.asciiDots.lower)
                }
                buffer.set(x: area.x + column, y: area.y + row, glyph: glyph, style: Style(foreground: colors[index]))
            }
        }
    }
}
