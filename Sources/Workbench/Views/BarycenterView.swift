import OTCore
import Terminal

/// The plan pane of a barycenter problem (DESIGN.md "Problem kinds"): the current barycenter as a
/// picture, not a plan. The runner's aggregated "plan" of a barycenter solver is the barycenter
/// itself (a grid picture, a histogram, or the free support binned as a density), so this view draws
/// that matrix as a half-block image, brighter with more mass, under a caption with λ and the
/// iteration. Without colour the shade ramp stands in (as for the problem pane's pictures).
struct BarycenterView {
    /// The barycenter (rows x columns), or nil before the first one arrives.
    var picture: DenseMatrix?
    var weights: [Double]
    var iteration: Int
    var finished: Bool
    var colormap: Colormap = .viridis

    func caption(width: Int) -> String {
        let lambdas = weights.map { NumberFormat.compact($0) }.joined(separator: ", ")
        let state = finished ? "final, iteration \(iteration)" : "iteration \(iteration)"
        let candidates = ["barycenter, λ = (\(lambdas)), \(state)", "barycenter, \(state)", "barycenter"]
        return candidates.first { $0.count <= width } ?? "barycenter"
    }

    func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        guard area.width >= 3, area.height >= 2 else { return }
        _ = buffer.setString(caption(width: area.width), x: area.x, y: area.y, style: theme.dimText, clip: area)
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
        let body = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
        image.render(in: image.fitted(in: body), buffer: &buffer, glyphs: glyphs, theme: theme)
    }

    /// The heatmap size to ask the runner for: the grid itself for pictures (no resampling), else
    /// a square fitting the pane.
    static func requestedSize(problem: TransportProblem, area: Rect) -> (rows: Int, columns: Int) {
        if let shape = problem.barycenter?.gridShape { return shape }
        let side = max(1, min(area.width, 2 * (area.height - 1)))
        return (side, side)
    }
}
