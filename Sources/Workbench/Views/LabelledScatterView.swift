import OTCore
import OTSession
import Terminal

/// A lesson's labelled points in the problem pane (e.g. cluster labels before and after the
/// equipartition of self-labelling): one scatter panel per labelling, side by side on the same
/// axes, each label a series of its own (its own colour, and without colour its own glyph), with
/// the target points (e.g. the clusters' centres) drawn on top and the count per label under it.
struct LabelledScatterView {
    var points: DenseMatrix
    var centres: DenseMatrix?
    var labels: LessonFigures.Labels

    func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        guard !area.isEmpty, points.columns >= 2, !labels.labellings.isEmpty else { return }
        let all = (0..<points.rows).map { PlotPoint(x: points[$0, 0], y: points[$0, 1]) }
            + (centres.map { c in (0..<c.rows).map { PlotPoint(x: c[$0, 0], y: c[$0, 1]) } } ?? [])
        let xs = Self.span(all.map(\.x)), ys = Self.span(all.map(\.y))
        let panels = labels.labellings.count
        let width = area.width / panels
        for (p, labelling) in labels.labellings.enumerated() {
            let panel = Rect(x: area.x + p * width, y: area.y, width: p == panels - 1 ? area.width - p * width : width - 1, height: area.height)
            var counts = [Int](repeating: 0, count: labels.classes)
            for label in labelling.labels where label >= 0 && label < labels.classes { counts[label] += 1 }
            // A narrow panel keeps the name's part before the colon and its iteration ("after: plan it 12" -> "after it 12").
            var title = labelling.name
            if DisplayWidth.of(title) > panel.width, let colon = title.firstIndex(of: ":") {
                title = String(title[..<colon]) + (title.range(of: " it ").map { String(title[$0.lowerBound...]) } ?? "")
            }
            _ = buffer.setString(title, x: panel.x, y: panel.y, style: theme.text.with(.bold), clip: panel)
            let counted = counts.map(String.init).joined(separator: " ")
            let sizes = DisplayWidth.of("sizes " + counted) <= panel.width ? "sizes " + counted : counted
            _ = buffer.setString(sizes, x: panel.x, y: panel.maxY - 1, style: theme.dimText, clip: panel)
            guard panel.height >= 4 else { continue }
            let series = (0..<labels.classes).map { label in
                Scatter.Series(name: "", points: labelling.labels.enumerated().compactMap { i, l in
                    l == label && i < points.rows ? PlotPoint(x: points[i, 0], y: points[i, 1]) : nil
                }, color: theme.seriesColor(label))
            }
            let plot = Rect(x: panel.x, y: panel.y + 1, width: panel.width, height: panel.height - 2)
            Scatter(series: series, xRange: xs, yRange: ys, showsLegend: false, showsRanges: false)
                .render(in: plot, buffer: &buffer, glyphs: glyphs, theme: theme)
            // Each centre as its cluster's number, on top of the points.
            guard let centres else { continue }
            for c in 0..<min(centres.rows, 9) {
                guard let tx = AxisScale.linear.position(of: centres[c, 0], in: xs),
                      let ty = AxisScale.linear.position(of: centres[c, 1], in: ys),
                      (0...1).contains(tx), (0...1).contains(ty) else { continue }
                let column = min(plot.width - 1, Int(tx * Double(plot.width))), row = min(plot.height - 1, Int((1 - ty) * Double(plot.height)))
                let style = theme.colorEnabled ? Style(foreground: theme.seriesColor(c), adding: .bold).with(.reverse) : theme.text.with(.reverse)
                buffer.set(x: plot.x + column, y: plot.y + row, glyph: Character(String(c + 1)), style: style)
            }
        }
    }

    /// The range of the finite values, widened when they are all equal.
    static func span(_ values: [Double]) -> ClosedRange<Double> {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return 0...1 }
        return low < high ? low...high : (low - 1)...(high + 1)
    }
}
