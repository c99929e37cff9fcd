import Foundation

/// Points at braille resolution (one dot each), for 2-D point clouds; several series in their own
/// colours with a legend row, and a dimmed caption row with the x and y ranges. Without colour,
/// several clouds are drawn one glyph per cell, each with its legend marker, so they stay apart.
///
/// Braille dots are square on a terminal whose cells are twice as tall as wide, so with
/// `preservesAspectRatio` one data unit spans the same distance on both axes.
public struct Scatter: Sendable {
    /// One named cloud of points.
    public typealias Series = PlotSeries

    public var series: [Series]
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?
    public var preservesAspectRatio: Bool
    public var showsLegend: Bool
    public var showsRanges: Bool

    public init(series: [Series], xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil,
                preservesAspectRatio: Bool = false, showsLegend: Bool = true, showsRanges: Bool = true) {
        self.series = series
        self.xRange = xRange
        self.yRange = yRange
        self.preservesAspectRatio = preservesAspectRatio
        self.showsLegend = showsLegend
        self.showsRanges = showsRanges
    }

    public func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        guard !area.isEmpty else { return }
        var plot = area
        if showsLegend && area.height >= 4 && series.contains(where: { !$0.name.isEmpty }) {
            let entries = series.enumerated().map { Legend.Entry(name: $0.element.name, color: color(of: $0.offset, theme)) }
            Legend(entries: entries).render(in: area.row(0), buffer: &buffer, glyphs: glyphs, theme: theme)
            plot = plot.inset(top: 1)
        }
        let finite = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite }
        var xs = xRange ?? Scatter.span(finite.map(\.x))
        var ys = yRange ?? Scatter.span(finite.map(\.y))
        if showsRanges && plot.height >= 3 {
            let caption = "x \(NumberFormat.compact(xs.lowerBound))…\(NumberFormat.compact(xs.upperBound))"
                + "  y \(NumberFormat.compact(ys.lowerBound))…\(NumberFormat.compact(ys.upperBound))"
            let text = glyphs.isUnicode ? caption : caption.replacingOccurrences(of: "…", with: "..")
            buffer.setString(text, x: plot.x, y: plot.maxY - 1, style: theme.dimText, clip: plot)
            plot = plot.inset(bottom: 1)
        }
        guard !plot.isEmpty else { return }
        var canvas = BrailleCanvas(columns: plot.width, rows: plot.height)
        let dotWidth = Double(canvas.dotWidth - 1), dotHeight = Double(canvas.dotHeight - 1)
        if preservesAspectRatio {
            // In halves, so that spans near ±1e308 do not overflow.
            let halfUnitsPerDot = max((xs.upperBound / 2 - xs.lowerBound / 2) / max(1, dotWidth),
                                      (ys.upperBound / 2 - ys.lowerBound / 2) / max(1, dotHeight))
            let xMid = xs.lowerBound / 2 + xs.upperBound / 2, yMid = ys.lowerBound / 2 + ys.upperBound / 2
            xs = PlotPosition.range(xMid - halfUnitsPerDot * dotWidth, xMid + halfUnitsPerDot * dotWidth)
            ys = PlotPosition.range(yMid - halfUnitsPerDot * dotHeight, yMid + halfUnitsPerDot * dotHeight)
        }
        if !theme.colorEnabled, series.filter({ !$0.points.isEmpty }).count > 1 {
            // Without colour, braille dots of two clouds look alike: each cloud is drawn at cell
            // resolution with its legend glyph instead (the later cloud wins a shared cell).
            for (index, cloud) in series.enumerated() {
                for point in cloud.points {
                    guard let tx = AxisScale.linear.position(of: point.x, in: xs),
                          let ty = AxisScale.linear.position(of: point.y, in: ys),
                          (0...1).contains(tx), (0...1).contains(ty) else { continue }
                    let column = min(plot.width - 1, Int(tx * Double(plot.width))), row = min(plot.height - 1, Int((1 - ty) * Double(plot.height)))
                    buffer.set(x: plot.x + column, y: plot.y + row, glyph: Legend.monochromeMarker(index), style: theme.text)
                }
            }
            return
        }
        for (index, cloud) in series.enumerated() {
            let pointColor = color(of: index, theme)
            for point in cloud.points {
                guard let tx = AxisScale.linear.position(of: point.x, in: xs),
                      let ty = AxisScale.linear.position(of: point.y, in: ys),
                      (0...1).contains(tx), (0...1).contains(ty) else { continue }
                canvas.setDot(x: PlotPosition.rounded(tx * dotWidth, to: 0...Int(dotWidth)), y: PlotPosition.rounded((1 - ty) * dotHeight, to: 0...Int(dotHeight)),
                              color: pointColor)
            }
        }
        canvas.render(in: plot, buffer: &buffer, glyphs: glyphs)
    }

    /// min...max of the values, widened a little when all are equal; 0...1 when empty.
    static func span(_ values: [Double]) -> ClosedRange<Double> {
        guard let low = values.min(), let high = values.max() else { return 0...1 }
        if low == high { return PlotPosition.range(low - max(0.5, abs(low) * 1e-9), high + max(0.5, abs(high) * 1e-9)) }
        return PlotPosition.range(low, high)
    }

    private func color(of index: Int, _ theme: Theme) -> Color {
        theme.colorEnabled ? (series[index].color ?? theme.seriesColor(index)) : .default
    }
}
