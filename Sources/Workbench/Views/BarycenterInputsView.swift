import OTCore
import Terminal

/// The problem pane of a picture barycenter: all K input pictures (the linear problem's pane shows
/// two), in a grid of panels each under a caption "input k, λ = ...", brighter with more mass.
struct BarycenterInputsView {
    var barycenter: BarycenterProblem
    var colormap: Colormap = .grey

    func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        guard let shape = barycenter.gridShape, area.width >= 3, area.height >= 2 else { return }
        let count = barycenter.count
        // Columns x rows of panels that show the pictures largest.
        var best = (columns: 1, rows: count, area: 0)
        for columns in 1...count {
            let rows = (count + columns - 1) / columns
            let panel = Rect(x: 0, y: 0, width: area.width / columns, height: max(0, area.height / rows - 1))
            let fit = HalfBlockImage.fitted(rows: shape.rows, columns: shape.columns, in: panel)
            if fit.width * fit.height > best.area { best = (columns, rows, fit.width * fit.height) }
        }
        let width = area.width / best.columns, height = area.height / best.rows
        for (k, measure) in barycenter.measures.enumerated() {
            let panel = Rect(x: area.x + (k % best.columns) * width, y: area.y + (k / best.columns) * height, width: width, height: height)
            let lambda = (barycenter.weights[k] * 100).rounded() / 100
            let candidates = ["input \(k + 1), λ = \(lambda)", "\(k + 1): λ \(lambda)", "\(k + 1)"]
            let caption = candidates.first { $0.count < panel.width } ?? ""
            _ = buffer.setString(caption, x: panel.x, y: panel.y, style: theme.dimText, clip: panel)
            let heaviest = measure.weights.max() ?? 0
            let pixels = measure.weights.map { mass -> RGB in
                mass > 0 && heaviest > 0 ? colormap.color(at: mass / heaviest) : RGB(0, 0, 0)
            }
            var image = HalfBlockImage(pixels: pixels, rows: shape.rows, columns: shape.columns)
            image.leavesBlackBlank = true
            let body = Rect(x: panel.x, y: panel.y + 1, width: max(0, panel.width - 1), height: max(0, panel.height - 1))
            image.render(in: image.fitted(in: body), buffer: &buffer, glyphs: glyphs, theme: theme)
        }
    }
}
