import OTCore
import Terminal

/// The problem pane with `f` on: the dual potentials of the current iterate.
///
/// 1-D problems (and weight vectors, over their index) get two braille curves, f over the source
/// support and g over the target support. 2-D problems get two maps, f coloured over the source
/// points above and g over the target points below, each on its own viridis range (the ranges are
/// in the caption); without colour a shade ramp ░▒▓█ stands in for the colormap.
struct PotentialsView {
    var problem: TransportProblem
    var potentials: DualPotentials?
    var solverName: String

    func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        guard !area.isEmpty else { return }
        guard let potentials, potentials.f.count == problem.sourceCount, potentials.g.count == problem.targetCount else {
            Paragraph("\(solverName) has no dual potentials (yet); f shows them for solvers that have a dual", style: theme.dimText)
                .render(in: area, buffer: &buffer, glyphs: glyphs, theme: theme)
            return
        }
        if let xs = problem.source.points, let ys = problem.target.points, xs.columns >= 2, ys.columns >= 2 {
            let top = Rect(x: area.x, y: area.y, width: area.width, height: area.height / 2)
            let bottom = Rect(x: area.x, y: area.y + top.height, width: area.width, height: area.height - top.height)
            let range = Self.bounds(xs, ys)
            renderMap(name: "f", values: potentials.f, points: xs, range: range, in: top, buffer: &buffer, glyphs: glyphs, theme: theme)
            renderMap(name: "g", values: potentials.g, points: ys, range: range, in: bottom, buffer: &buffer, glyphs: glyphs, theme: theme)
        } else {
            let chart = LineChart(series: [
                LineChart.Series(name: "f", points: Self.curve(potentials.f, support: problem.source.points), color: theme.seriesColor(0)),
                LineChart.Series(name: "g", points: Self.curve(potentials.g, support: problem.target.points), color: theme.seriesColor(1)),
            ], xTitle: problem.source.points == nil ? "index" : "x")
            chart.render(in: area, buffer: &buffer, glyphs: glyphs, theme: theme)
        }
    }

    /// One potential coloured over its points; the first row is the caption with the value range.
    private func renderMap(name: String, values: [Double], points: DenseMatrix, range: (x: ClosedRange<Double>, y: ClosedRange<Double>),
                           in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        guard area.height >= 2 else { return }
        let finite = values.filter(\.isFinite)
        let low = finite.min() ?? 0, high = finite.max() ?? 0
        let caption = "\(name) on \(name == "f" ? "source" : "target")  \(NumberFormat.compact(low)) \(glyphs.isUnicode ? "…" : "..") \(NumberFormat.compact(high))"
        buffer.setString(caption, x: area.x, y: area.y, style: theme.dimText, clip: area)
        let plot = area.inset(top: 1)
        let ramp: [Character] = glyphs.isUnicode ? ["░", "▒", "▓", "█"] : [".", ":", "*", "#"]
        for i in 0..<points.rows where values[i].isFinite {
            let tx = PlotPosition.fraction(of: points[i, 0], from: range.x.lowerBound, to: range.x.upperBound)
            let ty = PlotPosition.fraction(of: points[i, 1], from: range.y.lowerBound, to: range.y.upperBound)
            let x = plot.x + PlotPosition.bin(tx, count: plot.width)
            let y = plot.maxY - 1 - PlotPosition.bin(ty, count: plot.height)
            let level = high > low ? PlotPosition.fraction(of: values[i], from: low, to: high) : 0.5
            if theme.colorEnabled {
                buffer.set(x: x, y: y, glyph: glyphs.isUnicode ? "●" : "o", style: Style(foreground: .rgb(Colormap.viridis.color(at: level))))
            } else {
                buffer.set(x: x, y: y, glyph: ramp[PlotPosition.bin(level, count: ramp.count)])
            }
        }
    }

    /// (x, value) sorted by x; over the index when there are no points.
    private static func curve(_ values: [Double], support: DenseMatrix?) -> [PlotPoint] {
        let points = values.indices.map { i in PlotPoint(x: support.map { $0[i, 0] } ?? Double(i), y: values[i]) }
        return points.sorted { $0.x < $1.x }
    }

    /// The bounding box of both clouds' first two coordinates (a unit box around a single point).
    private static func bounds(_ xs: DenseMatrix, _ ys: DenseMatrix) -> (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        func span(_ k: Int) -> ClosedRange<Double> {
            let values = (0..<xs.rows).map { xs[$0, k] } + (0..<ys.rows).map { ys[$0, k] }
            let low = values.min() ?? 0, high = values.max() ?? 1
            return low < high ? low...high : (low - 0.5)...(high + 0.5)
        }
        return (span(0), span(1))
    }
}
