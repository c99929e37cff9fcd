/// A width x height grid of cells: the whole screen as widgets draw it.
///
/// Widgets render into a `Buffer`; a `Backend` shows it. Every write is clipped to the buffer (and
/// optionally to a rectangle), so a widget given too little room draws less instead of corrupting
/// its neighbours. Tests read cells back with `cell(x:y:)` and `string(row:)`.
public struct Buffer: Hashable, Sendable {
    public private(set) var width: Int
    public private(set) var height: Int
    /// Row-major cells, `cells[y * width + x]`.
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, filledWith cell: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = Array(repeating: cell, count: self.width * self.height)
    }

    /// The rectangle covering the whole buffer.
    public var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at (x, y); a blank cell outside the buffer.
    public func cell(x: Int, y: Int) -> Cell {
        guard x >= 0, y >= 0, x < width, y < height else { return .blank }
        return cells[y * width + x]
    }

    /// Reads or replaces one cell; writes outside the buffer are ignored.
    public subscript(x: Int, y: Int) -> Cell {
        get { cell(x: x, y: y) }
        set { set(x: x, y: y, newValue) }
    }

    /// Replaces one cell; ignored outside the buffer.
    public mutating func set(x: Int, y: Int, _ cell: Cell) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        breakWideGlyph(at: x, y: y)
        cells[y * width + x] = cell
    }

    /// Before (x, y) is overwritten: a wide glyph that covers it loses its other half, which
    /// becomes a plain space, so no half of a double-width glyph is left orphaned.
    private mutating func breakWideGlyph(at x: Int, y: Int) {
        let index = y * width + x
        if cells[index].isContinuation, x > 0 {
            cells[index - 1].glyph = " "
        } else if x + 1 < width, cells[index + 1].isContinuation, DisplayWidth.of(cells[index].glyph) == 2 {
            cells[index + 1].isContinuation = false
            cells[index + 1].glyph = " "
        }
    }

    /// Applies `style` to one cell, keeping its glyph.
    public mutating func setStyle(x: Int, y: Int, _ style: Style) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        style.apply(to: &cells[y * width + x])
    }

    /// Applies `style` to every cell of `rect`, keeping glyphs.
    public mutating func setStyle(_ style: Style, in rect: Rect) {
        let clipped = rect.intersection(area)
        for y in clipped.y..<clipped.maxY { for x in clipped.x..<clipped.maxX { setStyle(x: x, y: y, style) } }
    }

    /// Writes one glyph, styling it on top of what the cell had.
    public mutating func set(x: Int, y: Int, glyph: Character, style: Style = .plain) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        breakWideGlyph(at: x, y: y)
        var cell = cells[y * width + x]
        cell.glyph = glyph
        cell.isContinuation = false
        style.apply(to: &cell)
        cells[y * width + x] = cell
    }

    /// Writes `text` starting at (x, y), styling each written cell, clipped to `clip` (default:
    /// the whole buffer) on the right and left. Control characters become spaces; a double-width
    /// glyph that would straddle the clip edge is dropped. Returns the column after the last written
    /// glyph.
    @discardableResult
    public mutating func setString(_ text: String, x: Int, y: Int, style: Style = .plain, clip: Rect? = nil) -> Int {
        let bounds = (clip ?? area).intersection(area)
        guard y >= bounds.y, y < bounds.maxY else { return x + DisplayWidth.of(text) }
        var column = x
        for character in text {
            let glyph: Character = character.unicodeScalars.allSatisfy({ $0.value < 0x20 || $0.value == 0x7F }) ? " " : character
            let columns = DisplayWidth.of(glyph)
            if column >= bounds.maxX { break }
            if column >= bounds.x && column + columns <= bounds.maxX {
                set(x: column, y: y, glyph: glyph, style: style)
                if columns == 2 {
                    breakWideGlyph(at: column + 1, y: y)
                    var continuation = cells[y * width + column + 1]
                    continuation.glyph = " "
                    continuation.isContinuation = true
                    style.apply(to: &continuation)
                    cells[y * width + column + 1] = continuation
                }
            }
            column += columns
        }
        return column
    }

    /// Replaces every cell of `rect` (clipped) with `cell`.
    public mutating func fill(_ rect: Rect, with cell: Cell = .blank) {
        let clipped = rect.intersection(area)
        for y in clipped.y..<clipped.maxY {
            for x in clipped.x..<clipped.maxX { cells[y * width + x] = cell }
        }
    }

    /// The glyphs of one row as a string (continuation cells omitted), for tests and snapshots.
    public func string(row y: Int) -> String {
        guard y >= 0, y < height else { return "" }
        var text = ""
        for x in 0..<width where !cells[y * width + x].isContinuation { text.append(cells[y * width + x].glyph) }
        return text
    }

    /// All rows joined by newlines.
    public var text: String { (0..<height).map { string(row: $0) }.joined(separator: "\n") }

    /// The cells that differ from `previous`, in row-major order. When the sizes differ every cell is
    /// reported, since the screen must be redrawn completely.
    public func changes(since previous: Buffer) -> [CellChange] {
        var result: [CellChange] = []
        let sameSize = previous.width == width && previous.height == height
        for y in 0..<height {
            for x in 0..<width {
                let cell = cells[y * width + x]
                if !sameSize || previous.cells[y * width + x] != cell {
                    result.append(CellChange(x: x, y: y, cell: cell))
                }
            }
        }
        return result
    }

    /// Resizes the buffer, keeping the overlapping top-left content and blanking the rest.
    public mutating func resize(width newWidth: Int, height newHeight: Int) {
        var resized = Buffer(width: newWidth, height: newHeight)
        for y in 0..<min(height, resized.height) {
            for x in 0..<min(width, resized.width) { resized.cells[y * resized.width + x] = cells[y * width + x] }
        }
        self = resized
    }

    /// Blanks every cell.
    public mutating func clear() { fill(area) }
}

/// One cell that changed between two buffers.
public struct CellChange: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var cell: Cell

    public init(x: Int, y: Int, cell: Cell) {
        self.x = x
        self.y = y
        self.cell = cell
    }
}
