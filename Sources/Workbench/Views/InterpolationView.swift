import OTCore
import OTSession
import Terminal

/// The problem pane while the interpolation slider is in use: μ_t drawn over the source and the
/// target, a braille scatter for 2-D points and a bar histogram of μ_t's mass for 1-D points,
/// both on the fixed range of the two measures so that the mass is seen to move.
///
/// Dense (entropic) plans have many faint entries; the scatter draws the pairs holding at least
/// `displayFraction` of the largest pair's mass, so the picture shows where the mass goes.
struct InterpolationView {
    /// Dense plan entries at or below this fraction of the largest are left out of μ_t on screen
    /// (the CLI keeps down to 1e-9): they cannot show, and a big entropic plan would otherwise
    /// hold millions of pairs on the UI thread.
    static let relativeThreshold = 1e-4
    /// Pairs lighter than this fraction of the heaviest pair are not drawn in the scatter.
    static let displayFraction = 0.01
    /// At most this many μ_t points are drawn (a braille pane has fewer dots than that anyway).
    static let maximumPoints = 20_000

    var path: DisplacementInterpolation?
    /// The pairs the scatter draws (`DisplacementInterpolation.prominentPairs`), chosen once per plan.
    var dots: [DisplacementInterpolation.Pair]
    var error: String?
    var t: Double

    func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        guard !area.isEmpty else { return }
        guard let path else {
            let text = error.map { "no interpolation: \($0)" } ?? "waiting for the plan…"
            Paragraph(glyphs.isUnicode ? text : text.replacingOccurrences(of: "…", with: "..."), style: theme.dimText)
                .render(in: area, buffer: &buffer, glyphs: glyphs, theme: theme)
            return
        }
        if path.dimension == 1 {
            renderHistogram(path, in: area, buffer: &buffer, glyphs: glyphs, theme: theme)
        } else {
            renderScatter(path, in: area, buffer: &buffer, glyphs: glyphs, theme: theme)
        }
    }

    private func renderScatter(_ path: DisplacementInterpolation, in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        let moving = dots.map { pair in
            let position = path.planarPosition(of: pair, at: t)
            return PlotPoint(x: position.x, y: position.y)
        }
        let scatter = Scatter(series: [
            Scatter.Series(name: "source", points: Self.planar(path.sourcePoints), color: theme.seriesColor(0)),
            Scatter.Series(name: "target", points: Self.planar(path.targetPoints), color: theme.seriesColor(1)),
            Scatter.Series(name: "μ_t", points: moving, color: theme.seriesColor(2)),
        ])
        scatter.render(in: area, buffer: &buffer, glyphs: glyphs, theme: theme)
    }

    private func renderHistogram(_ path: DisplacementInterpolation, in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        let values = (path.sourcePoints.storage + path.targetPoints.storage).filter(\.isFinite)
        let low = values.min() ?? 0, high = values.max() ?? 1
        let bins = max(1, area.width)
        var mass = [Double](repeating: 0, count: bins)
        for pair in path.pairs {
            let x = path.planarPosition(of: pair, at: t).x
            mass[PlotPosition.bin(PlotPosition.fraction(of: x, from: low, to: high), count: bins)] += pair.mass
        }
        BarHistogram(series: [.init(name: "μ_t", values: mass, color: theme.seriesColor(2))])
            .render(in: area, buffer: &buffer, glyphs: glyphs, theme: theme)
    }

    private static func planar(_ points: DenseMatrix) -> [PlotPoint] {
        (0..<points.rows).map { PlotPoint(x: points[$0, 0], y: points[$0, 1]) }
    }
}
