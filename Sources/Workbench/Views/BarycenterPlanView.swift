import Foundation
import OTCore
import Terminal

/// One of a barycenter's K plans in the plan pane (`K` cycles through them): the plan between
/// input k (rows: its pixels in row-major order, or its points in input order) and the current
/// barycenter (columns), summed into blocks by the runner (`SolverRunner.setHeatmapInput`), drawn
/// as block mass on a log or linear colour scale, under a caption naming the plan.
struct BarycenterPlanView {
    /// The block sums, or nil while the runner has not yet sent this input's plan.
    var heatmap: DenseMatrix?
    /// 0-based input index and the number of inputs K.
    var input: Int
    var count: Int
    var iteration: Int
    var finished: Bool
    var logScale: Bool
    var colormap: Colormap = .viridis

    func caption(width: Int) -> String {
        let state = finished ? "final, iteration \(iteration)" : "iteration \(iteration)"
        let candidates = [
            "plan \(input + 1) of \(count): input \(input + 1) (rows) → barycenter (columns), \(state) · K next",
            "plan \(input + 1)/\(count): input \(input + 1) → barycenter, \(state)",
            "plan \(input + 1)/\(count), \(state)", "plan \(input + 1)/\(count)",
        ]
        return candidates.first { $0.count <= width } ?? "plan"
    }

    func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        guard area.width >= 3, area.height >= 2 else { return }
        _ = buffer.setString(caption(width: area.width), x: area.x, y: area.y, style: theme.dimText, clip: area)
        guard let heatmap, heatmap.rows > 0, heatmap.columns > 0 else {
            _ = buffer.setString("forming plan \(input + 1)…", x: area.x, y: area.y + 1, style: theme.dimText, clip: area)
            return
        }
        let values = heatmap.storage.map { $0.isFinite && $0 > 0 ? $0 : 0 }
        let heaviest = values.max() ?? 0
        let floor = heaviest * 1e-6
        let pixels = values.map { mass -> RGB in
            guard mass > 0, heaviest > 0 else { return RGB(0, 0, 0) }
            let t = logScale ? max(0, (log10(max(mass, floor)) - log10(floor)) / (log10(heaviest) - log10(floor))) : mass / heaviest
            return colormap.color(at: t)
        }
        var image = HalfBlockImage(pixels: pixels, rows: heatmap.rows, columns: heatmap.columns)
        image.leavesBlackBlank = true
        let body = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
        image.render(in: body, buffer: &buffer, glyphs: glyphs, theme: theme)
    }
}
