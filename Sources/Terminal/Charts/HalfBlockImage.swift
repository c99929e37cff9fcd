/// An RGB picture at two pixels per cell with the upper half block (foreground = upper pixel,
/// background = lower pixel), scaled to fill the area.
///
/// Larger pictures are reduced by averaging the block of source pixels behind each screen pixel,
/// smaller ones are enlarged by repetition. Without colour each cell becomes a shade glyph of the
/// mean lightness (OKLab L) of its pixels; without half blocks each cell is one pixel.
public struct HalfBlockImage: Hashable, Sendable {
    /// Row-major pixels, `rows * columns` of them.
    public var pixels: [RGB]
    public var rows: Int
    public var columns: Int
    /// Cells whose pixels are all black are left blank (a space on the terminal's own background)
    /// instead of drawn, so a density picture shows glyphs only where it has mass.
    public var leavesBlackBlank = false

    public init(pixels: [RGB], rows: Int, columns: Int) {
        precondition(pixels.count == rows * columns, "HalfBlockImage needs rows * columns pixels")
        self.pixels = pixels
        self.rows = rows
        self.columns = columns
    }

    /// The largest area inside `area` with the picture's aspect ratio (a cell is two pixels high),
    /// at its top-left corner.
    public func fitted(in area: Rect) -> Rect {
        Self.fitted(rows: rows, columns: columns, in: area)
    }

    /// The largest area inside `area` for a picture of `rows x columns` pixels, aspect preserved.
    public static func fitted(rows: Int, columns: Int, in area: Rect) -> Rect {
        guard rows > 0, columns > 0, area.width > 0, area.height > 0 else { return area }
        let aspect = Double(columns) / Double(rows)
        var width = area.width, height = Int((Double(width) / aspect / 2).rounded())
        if height > area.height {
            height = area.height
            width = max(1, min(area.width, Int((Double(height) * 2 * aspect).rounded())))
        }
        return Rect(x: area.x, y: area.y, width: width, height: max(1, height))
    }

    /// The mean colour of source block (row, column) when the picture is split into
    /// `targetRows` x `targetColumns` blocks (block edges at `i * rows / targetRows`).
    func averageColor(row: Int, column: Int, targetRows: Int, targetColumns: Int) -> RGB {
        let top = row * rows / targetRows, bottom = max(top + 1, (row + 1) * rows / targetRows)
        let left = column * columns / targetColumns, right = max(left + 1, (column + 1) * columns / targetColumns)
        var red = 0, green = 0, blue = 0, count = 0
        for y in top..<min(bottom, rows) {
            for x in left..<min(right, columns) {
                let pixel = pixels[y * columns + x]
                red += Int(pixel.red)
                green += Int(pixel.green)
                blue += Int(pixel.blue)
                count += 1
            }
        }
        guard count > 0 else { return RGB(0, 0, 0) }
        return RGB(UInt8((red + count / 2) / count), UInt8((green + count / 2) / count), UInt8((blue + count / 2) / count))
    }

    public func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        guard !area.isEmpty, rows > 0, columns > 0 else { return }
        let useHalfBlocks = theme.colorEnabled && glyphs.upperHalfBlock != nil
        let pixelRows = area.height * (useHalfBlocks ? 2 : 1)
        for row in 0..<area.height {
            for column in 0..<area.width {
                let x = area.x + column, y = area.y + row
                if useHalfBlocks, let halfBlock = glyphs.upperHalfBlock {
                    let upper = averageColor(row: 2 * row, column: column, targetRows: pixelRows, targetColumns: area.width)
                    let lower = averageColor(row: 2 * row + 1, column: column, targetRows: pixelRows, targetColumns: area.width)
                    if leavesBlackBlank, upper == Self.black, lower == Self.black {
                        buffer.set(x: x, y: y, Cell(" "))
                        continue
                    }
                    buffer.set(x: x, y: y, Cell(halfBlock, foreground: .rgb(upper), background: .rgb(lower)))
                } else {
                    let color = averageColor(row: row, column: column, targetRows: pixelRows, targetColumns: area.width)
                    buffer.set(x: x, y: y, theme.colorEnabled
                               ? Cell(" ", background: leavesBlackBlank && color == Self.black ? .default : .rgb(color))
                               : Cell(glyphs.shade(OKLab(color).lightness)))
                }
            }
        }
    }
}

extension HalfBlockImage: Widget {}

extension HalfBlockImage {
    static let black = RGB(0, 0, 0)
}
