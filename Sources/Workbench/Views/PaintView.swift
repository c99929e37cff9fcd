import Terminal

/// The problem pane in paint mode: the side being painted as a grid the mouse and keyboard edit.
///
/// ```
/// painting source · Tab: target        header
/// ░░▒▓█·   ·                           2-D: one shade per cell (2-D), the other side as dots
/// ▁▃▅█▇▂                               1-D: bars per bin, the other side behind
///    ▲                                 1-D: the cursor's bin
/// space/+ add · x remove · b done      keys
/// ```
/// `gridCell(atX:y:in:canvas:)` is the same mapping the drawing uses, so a click lands on the cell
/// drawn under the pointer.
struct PaintView {
    var canvas: PaintCanvas

    /// The part of the pane the grid covers (between the header and the key row).
    static func gridArea(in area: Rect) -> Rect { area.inset(top: 1, bottom: 1) }

    /// The canvas cell under a screen cell, or nil outside the grid.
    static func gridCell(atX x: Int, y: Int, in area: Rect, canvas: PaintCanvas) -> (column: Int, row: Int)? {
        let grid = gridArea(in: area)
        guard !grid.isEmpty, grid.contains(x: x, y: y) else { return nil }
        let column = (x - grid.x) * canvas.columns / grid.width
        let row = canvas.rows == 1 ? 0 : (y - grid.y) * canvas.rows / grid.height
        return (column, row)
    }

    func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        guard area.height >= 4 else { return }
        let side = canvas.side, other: PaintCanvas.Side = canvas.side == .source ? .target : .source
        let sideColor = theme.seriesColor(side == .source ? 0 : 1), otherColor = theme.seriesColor(side == .source ? 1 : 0)
        let header = "painting \(side.name) · Tab: \(other.name)"
        buffer.setString(header, x: area.x, y: area.y, style: theme.title.patched(with: Style(foreground: theme.colorEnabled ? sideColor : nil)), clip: area)
        buffer.setString("space/+ add · x remove · arrows · b done", x: area.x, y: area.maxY - 1, style: theme.dimText, clip: area)
        let grid = Self.gridArea(in: area)
        if canvas.dimension == 1 {
            let bars = grid.inset(bottom: 1)
            BarHistogram(series: [.init(values: canvas.grid(side), color: sideColor), .init(values: canvas.grid(other), color: otherColor)])
                .render(in: bars, buffer: &buffer, glyphs: glyphs, theme: theme)
            for x in grid.x..<grid.maxX where Self.gridCell(atX: x, y: grid.maxY - 1, in: area, canvas: canvas)?.column == canvas.cursorColumn {
                buffer.set(x: x, y: grid.maxY - 1, glyph: glyphs.isUnicode ? "▲" : "^", style: theme.title)
            }
            return
        }
        let peak = max(canvas.grid(side).max() ?? 0, 1)
        let ramp: [Character] = glyphs.isUnicode ? ["░", "▒", "▓", "█"] : [".", ":", "*", "#"]
        for y in grid.y..<grid.maxY {
            for x in grid.x..<grid.maxX {
                guard let cell = Self.gridCell(atX: x, y: y, in: area, canvas: canvas) else { continue }
                let mass = canvas.mass(column: cell.column, row: cell.row, side: side)
                let otherMass = canvas.mass(column: cell.column, row: cell.row, side: other)
                var style = Style(foreground: theme.colorEnabled ? sideColor : nil)
                var glyph: Character = " "
                if mass > 0 {
                    glyph = ramp[PlotPosition.rounded(mass / peak * Double(ramp.count - 1), to: 0...(ramp.count - 1))]
                } else if otherMass > 0 {
                    glyph = "·"
                    style = Style(foreground: theme.colorEnabled ? otherColor : nil)
                }
                if cell.column == canvas.cursorColumn && cell.row == canvas.cursorRow { style = style.with(.reverse) }
                buffer.set(x: x, y: y, glyph: glyph, style: style)
            }
        }
    }
}
