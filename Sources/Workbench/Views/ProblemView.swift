import OTCore
import OTSession
import Terminal

/// The problem pane: both measures drawn. 1-D measures (points on a line, or weight vectors) as
/// overlaid bar histograms, 2-D and higher as a scatter of the first two coordinates, pictures (see
/// `PictureProblemView`) as half-block images.
struct ProblemView {
    var problem: TransportProblem
    /// A colour transfer draws its pictures instead of the measures.
    var colorTransfer: ColorTransferView? = nil
    /// Pixel grids of measures that are pictures: drawn as half-block pictures instead of a scatter.
    var pictures: ProblemPictures? = nil
    /// A lesson statistic's figures: their bars (e.g. expert loads) or labelled points (e.g.
    /// clusters before and after) are drawn instead of the measures.
    var lesson: LessonFigures? = nil
    /// A map given by paired points: drawn as arrows from each source point to its image.
    var mapArrows = false
    /// A coupling other than the plan (the W-CFM lesson's Gibbs coupling), drawn instead of the measures.
    var coupling: CouplingHeatmapView? = nil

    func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        guard !area.isEmpty else { return }
        if let colorTransfer { return colorTransfer.render(in: area, buffer: &buffer, glyphs: glyphs, theme: theme) }
        if let pictures, let view = PictureProblemView(problem: problem, grids: pictures) {
            return view.render(in: area, buffer: &buffer, glyphs: glyphs, theme: theme)
        }
        if let coupling { return coupling.render(in: area, buffer: &buffer, glyphs: glyphs, theme: theme) }
        if mapArrows, let xs = problem.source.points, let ys = problem.target.points, xs.columns >= 2 {
            return MapArrowsView(source: xs, image: ys).render(in: area, buffer: &buffer, glyphs: glyphs, theme: theme)
        }
        if let bars = lesson?.bars { return LessonBarsView(bars: bars).render(in: area, buffer: &buffer, glyphs: glyphs, theme: theme) }
        if let labels = lesson?.labels, let points = problem.source.points, points.columns >= 2 {
            return LabelledScatterView(points: points, centres: problem.target.points, labels: labels)
                .render(in: area, buffer: &buffer, glyphs: glyphs, theme: theme)
        }
        let source = problem.source, target = problem.target
        let sourceColor = theme.seriesColor(0), targetColor = theme.seriesColor(1)
        switch (source.dimension, target.dimension) {
        case (let d?, _) where d >= 2:
            let scatter = Scatter(series: [
                Scatter.Series(name: "source", points: planar(source), color: sourceColor),
                Scatter.Series(name: "target", points: planar(target), color: targetColor),
            ])
            scatter.render(in: area, buffer: &buffer, glyphs: glyphs, theme: theme)
        case (1?, 1?):
            let bins = max(1, area.width)
            let values = (source.points!.storage + target.points!.storage).filter(\.isFinite)
            let low = values.min() ?? 0, high = values.max() ?? 1
            let histogram = BarHistogram(series: [
                .init(name: "source", values: binned(source, bins: bins, low: low, high: high), color: sourceColor),
                .init(name: "target", values: binned(target, bins: bins, low: low, high: high), color: targetColor),
            ])
            histogram.render(in: area, buffer: &buffer, glyphs: glyphs, theme: theme)
        default:
            // Weight vectors (POT's a and b): bars by index.
            let histogram = BarHistogram(series: [
                .init(name: "a", values: source.weights, color: sourceColor),
                .init(name: "b", values: target.weights, color: targetColor),
            ])
            histogram.render(in: area, buffer: &buffer, glyphs: glyphs, theme: theme)
        }
    }

    private func planar(_ measure: Measure) -> [PlotPoint] {
        guard let points = measure.points, points.columns >= 2 else { return [] }
        return (0..<points.rows).filter { measure.weights[$0] > 0 }.map { PlotPoint(x: points[$0, 0], y: points[$0, 1]) }
    }

    /// Mass per bin over a shared range, so both measures use the same x axis.
    private func binned(_ measure: Measure, bins: Int, low: Double, high: Double) -> [Double] {
        var mass = [Double](repeating: 0, count: bins)
        guard let points = measure.points else { return mass }
        for i in 0..<points.rows {
            let bin = PlotPosition.bin(PlotPosition.fraction(of: points[i, 0], from: low, to: high), count: bins)
            mass[bin] += measure.weights[i]
        }
        return mass
    }
}
