import OTCore
import Terminal

/// The plan pane of a barycenter problem (DESIGN.md "Problem kinds"): the current barycenter, not a
/// plan. For pictures and histograms the runner's aggregated "plan" of a barycenter solver is the
/// barycenter itself, drawn as a half-block image, brighter with more mass; for a free-support
/// barycenter the support points are drawn as a scatter over the input clouds. A caption gives λ
/// and the iteration. Without colour the shade ramp stands in (as for the problem pane's pictures).
/// `K` shows the K plans between each input and the barycenter instead (`BarycenterPlanView`).
struct BarycenterView {
    /// The barycenter (rows x columns), or nil before the first one arrives.
    var picture: DenseMatrix?
    var weights: [Double]
    var iteration: Int
    var finished: Bool
    /// For a free-support barycenter: the input clouds (one matrix of points each) and the current
    /// support points (k x d, from the latest plan), drawn as a scatter instead of the picture.
    var clouds: [DenseMatrix]? = nil
    var support: DenseMatrix? = nil
    var colormap: Colormap = .viridis

    func caption(width: Int) -> String {
        let lambdas = weights.map { NumberFormat.compact($0) }.joined(separator: ", ")
        let state = finished ? "final, iteration \(iteration)" : "iteration \(iteration)"
        let candidates = ["barycenter, λ = (\(lambdas)), \(state) · K plans", "barycenter, λ = (\(lambdas)), \(state)",
                          "barycenter, \(state)", "barycenter"]
        return candidates.first { $0.count <= width } ?? "barycenter"
    }

    func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        guard area.width >= 3, area.height >= 2 else { return }
        _ = buffer.setString(caption(width: area.width), x: area.x, y: area.y, style: theme.dimText, clip: area)
        let body = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
        if let clouds {
            renderScatter(clouds: clouds, in: body, buffer: &buffer, glyphs: glyphs, theme: theme)
            return
        }
        guard let picture, picture.rows > 0, picture.columns > 0 else {
            _ = buffer.setString("waiting for the first barycenter…", x: area.x, y: area.y + 1, style: theme.dimText, clip: area)
            return
        }
        let heaviest = picture.storage.filter(\.isFinite).max() ?? 0
        let pixels = picture.storage.map { mass -> RGB in
            mass.isFinite && mass > 0 && heaviest > 0 ? colormap.color(at: mass / heaviest) : RGB(0, 0, 0)
        }
        var image = HalfBlockImage(pixels: pixels, rows: picture.rows, columns: picture.columns)
        image.leavesBlackBlank = true
        image.render(in: image.fitted(in: body), buffer: &buffer, glyphs: glyphs, theme: theme)
    }

    /// The input clouds (first two coordinates) and the barycenter's support on top, one series
    /// each, on one aspect-preserving frame.
    private func renderScatter(clouds: [DenseMatrix], in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        var series = clouds.enumerated().map { k, points in
            Scatter.Series(name: "input \(k + 1)", points: Self.planar(points), color: theme.seriesColor(k))
        }
        if let support, support.rows > 0 {
            series.append(Scatter.Series(name: "barycenter", points: Self.planar(support), color: theme.seriesColor(clouds.count)))
        } else {
            _ = buffer.setString("waiting for the first support…", x: area.x, y: area.maxY - 1, style: theme.dimText, clip: area)
        }
        Scatter(series: series, preservesAspectRatio: true).render(in: area, buffer: &buffer, glyphs: glyphs, theme: theme)
    }

    static func planar(_ points: DenseMatrix) -> [PlotPoint] {
        guard points.columns >= 1 else { return [] }
        return (0..<points.rows).map { PlotPoint(x: points[$0, 0], y: points.columns >= 2 ? points[$0, 1] : 0) }
    }

    /// The heatmap size to ask the runner for: the grid itself for pictures (no resampling), else
    /// a square fitting the pane.
    static func requestedSize(problem: TransportProblem, area: Rect) -> (rows: Int, columns: Int) {
        if let shape = problem.barycenter?.gridShape { return shape }
        let side = max(1, min(area.width, 2 * (area.height - 1)))
        return (side, side)
    }
}
