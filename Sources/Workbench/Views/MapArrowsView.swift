import Foundation
import OTCore
import Terminal

/// A map given by paired points drawn as arrows (the Monge gap lessons): a braille line from every
/// source point x_i to its image T(x_i), with a head at T(x_i) that points the way the arrow goes
/// (→ ↗ ↑ ↖ ← ↙ ↓ ↘, or > / ^ \ < v in ASCII), and a dot where a point does not move. One data unit
/// spans the same distance on both axes, so a rotation looks like one. Without colour the lines and
/// heads still read: the heads are glyphs, not colours.
struct MapArrowsView {
    /// μ's points x_i and their images T(x_i) (row i to row i); the first two coordinates are drawn.
    var source: DenseMatrix
    var image: DenseMatrix

    func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        guard !area.isEmpty, source.columns >= 2, image.columns >= 2, source.rows == image.rows else { return }
        var plot = area
        let lineColor = theme.colorEnabled ? theme.seriesColor(0) : Color.default
        let headColor = theme.colorEnabled ? theme.seriesColor(1) : Color.default
        if area.height >= 4 {
            Legend(entries: [
                Legend.Entry(name: "x", color: lineColor, marker: glyphs.isUnicode ? "⠒" : ":"),
                Legend.Entry(name: "T(x)", color: headColor, marker: Self.head(angle: 0, unicode: glyphs.isUnicode)),
            ], caption: "\(source.rows) arrows").render(in: area.row(0), buffer: &buffer, glyphs: glyphs, theme: theme)
            plot = plot.inset(top: 1)
        }
        let points = (0..<source.rows).flatMap { [(source[$0, 0], source[$0, 1]), (image[$0, 0], image[$0, 1])] }
            .filter { $0.0.isFinite && $0.1.isFinite }
        var xs = LabelledScatterView.span(points.map(\.0)), ys = LabelledScatterView.span(points.map(\.1))
        if plot.height >= 3 {
            let caption = "x \(NumberFormat.compact(xs.lowerBound))…\(NumberFormat.compact(xs.upperBound))"
                + "  y \(NumberFormat.compact(ys.lowerBound))…\(NumberFormat.compact(ys.upperBound))"
            _ = buffer.setString(glyphs.isUnicode ? caption : caption.replacingOccurrences(of: "…", with: ".."),
                                 x: plot.x, y: plot.maxY - 1, style: theme.dimText, clip: plot)
            plot = plot.inset(bottom: 1)
        }
        guard !plot.isEmpty else { return }
        var canvas = BrailleCanvas(columns: plot.width, rows: plot.height)
        let dotWidth = Double(canvas.dotWidth - 1), dotHeight = Double(canvas.dotHeight - 1)
        // Equal units on both axes (braille dots are square on a 1:2 cell), centred.
        // In halves, so that spans near ±1e308 do not overflow.
        let halfUnitsPerDot = max((xs.upperBound / 2 - xs.lowerBound / 2) / max(1, dotWidth),
                                  (ys.upperBound / 2 - ys.lowerBound / 2) / max(1, dotHeight))
        let xMid = xs.lowerBound / 2 + xs.upperBound / 2, yMid = ys.lowerBound / 2 + ys.upperBound / 2
        xs = PlotPosition.range(xMid - halfUnitsPerDot * dotWidth, xMid + halfUnitsPerDot * dotWidth)
        ys = PlotPosition.range(yMid - halfUnitsPerDot * dotHeight, yMid + halfUnitsPerDot * dotHeight)
        func dot(_ x: Double, _ y: Double) -> (Int, Int)? {
            guard let tx = AxisScale.linear.position(of: x, in: xs), let ty = AxisScale.linear.position(of: y, in: ys),
                  (0...1).contains(tx), (0...1).contains(ty) else { return nil }
            return (PlotPosition.rounded(tx * dotWidth, to: 0...Int(dotWidth)), PlotPosition.rounded((1 - ty) * dotHeight, to: 0...Int(dotHeight)))
        }
        var heads: [(column: Int, row: Int, glyph: Character)] = []
        for i in 0..<source.rows {
            guard let tail = dot(source[i, 0], source[i, 1]), let head = dot(image[i, 0], image[i, 1]) else { continue }
            let dx = head.0 - tail.0, dy = head.1 - tail.1
            let column = head.0 / 2, row = head.1 / 4
            if abs(dx) <= 1 && abs(dy) <= 1 {
                heads.append((column, row, glyphs.isUnicode ? "•" : "o"))
                continue
            }
            canvas.drawLine(fromX: tail.0, y: tail.1, toX: head.0, y: head.1, color: lineColor)
            heads.append((column, row, Self.head(angle: atan2(Double(-dy), Double(dx)), unicode: glyphs.isUnicode)))
        }
        canvas.render(in: plot, buffer: &buffer, glyphs: glyphs)
        let headStyle = theme.colorEnabled ? Style(foreground: headColor, adding: .bold) : theme.text.with(.bold)
        for head in heads where head.column < plot.width && head.row < plot.height {
            buffer.set(x: plot.x + head.column, y: plot.y + head.row, glyph: head.glyph, style: headStyle)
        }
    }

    /// The arrow glyph closest to `angle` (radians, counter-clockwise from the x axis).
    static func head(angle: Double, unicode: Bool) -> Character {
        let unicodeHeads: [Character] = ["→", "↗", "↑", "↖", "←", "↙", "↓", "↘"]
        let asciiHeads: [Character] = [">", "/", "^", "\\", "<", "/", "v", "\\"]
        let sector = Int((angle / (Double.pi / 4)).rounded())
        let index = ((sector % 8) + 8) % 8
        return (unicode ? unicodeHeads : asciiHeads)[index]
    }
}
