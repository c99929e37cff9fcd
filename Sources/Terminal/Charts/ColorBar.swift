/// A vertical colour bar (two columns) with labels: the maximum at the top, the minimum at the
/// bottom, the value halfway (geometric mean on a log scale) when there are five rows or more, and
/// an optional caption under the maximum that says what the colour measures (e.g. "P/(a·b)").
///
/// Layout inside its area: the two bar columns, a gap, then the labels. Without colour the bar is a
/// shade ramp, the same glyphs a `Heatmap` draws then.
public struct ColorBar: Sendable {
    public var colormap: Colormap
    public var scale: AxisScale
    public var range: ClosedRange<Double>
    public var caption: String

    public init(colormap: Colormap = .viridis, scale: AxisScale = .linear, range: ClosedRange<Double>, caption: String = "") {
        self.colormap = colormap
        self.scale = scale
        self.range = range
        self.caption = caption
    }

    /// Maximum, minimum, and the value halfway up the bar (geometric mean on a log scale).
    public var labels: [String] {
        let low = range.lowerBound, high = range.upperBound
        let middle = scale == .log10 ? (low * high).squareRoot() : (low + high) / 2
        return [NumberFormat.compact(high), NumberFormat.compact(low), NumberFormat.compact(middle)]
    }

    /// Columns the bar takes: two bar columns, a gap, the widest label or caption.
    public var width: Int {
        3 + max(DisplayWidth.of(caption), labels.map { DisplayWidth.of($0) }.max() ?? 0)
    }

    public func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        guard area.width >= 2, area.height >= 1 else { return }
        let useHalfBlocks = theme.colorEnabled && glyphs.upperHalfBlock != nil
        let steps = max(1, area.height * (useHalfBlocks ? 2 : 1) - 1)
        for row in 0..<area.height {
            let y = area.y + row
            for offset in 0..<2 {
                let x = area.x + offset
                if useHalfBlocks {
                    let upper = 1 - Double(2 * row) / Double(steps), lower = 1 - Double(2 * row + 1) / Double(steps)
                    buffer.set(x: x, y: y, Cell(glyphs.upperHalfBlock ?? " ", foreground: .rgb(colormap.color(at: max(0, upper))),
                                                background: .rgb(colormap.color(at: max(0, lower)))))
                } else {
                    let t = 1 - Double(row) / Double(max(1, area.height - 1))
                    buffer.set(x: x, y: y, theme.colorEnabled ? Cell(" ", background: .rgb(colormap.color(at: t))) : Cell(glyphs.shade(t)))
                }
            }
        }
        let labelArea = Rect(x: area.x + 3, y: area.y, width: area.maxX - area.x - 3, height: area.height)
        guard labelArea.width > 0 else { return }
        let labels = self.labels
        buffer.setString(labels[0], x: labelArea.x, y: area.y, style: theme.axisLabel, clip: labelArea)
        if area.height > 1 {
            buffer.setString(labels[1], x: labelArea.x, y: area.maxY - 1, style: theme.axisLabel, clip: labelArea)
        }
        if !caption.isEmpty, area.height >= 4 {
            buffer.setString(caption, x: labelArea.x, y: area.y + 1, style: theme.dimText, clip: labelArea)
        }
        if area.height >= 5 {
            buffer.setString(labels[2], x: labelArea.x, y: area.y + (area.height - 1) / 2, style: theme.dimText, clip: labelArea)
        }
    }
}
