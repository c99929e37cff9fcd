import OTCore
import Terminal

/// A coupling that is not the run's plan drawn in the problem pane, beside the plan pane (the W-CFM
/// lesson: the Gibbs coupling exp(-C/reg)/Z next to the entropic OT plan). Drawn as the plan pane
/// draws a plan, the density `G / (a b^T)` block by block with the same colour scale rule, so the
/// two panes compare at a glance; the title names it and the caption gives its marginal bias.
struct CouplingHeatmapView {
    var title: String
    var coupling: DenseMatrix
    var a: [Double]
    var b: [Double]
    var caption: String
    var logScale: Bool

    func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        guard area.height >= 3, area.width >= 4, coupling.rows == a.count, coupling.columns == b.count else { return }
        _ = buffer.setString(title, x: area.x, y: area.y, style: theme.title, clip: area)
        _ = buffer.setString(caption, x: area.x, y: area.maxY - 1, style: theme.dimText, clip: area)
        let body = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 2)
        let pixels = PlanView.pixelsPerCell(glyphs: glyphs, theme: theme)
        let sums = BlockAggregation.aggregate(.dense(coupling), maxRows: body.height * pixels, maxColumns: body.width)
        guard let density = PlanView.density(of: sums, a: a, b: b, maxRows: body.height * pixels, maxColumns: body.width) else { return }
        PlanView.renderGrid(density.densities, rows: density.sums.rows, columns: density.sums.columns, logScale: logScale,
                            in: body, buffer: &buffer, glyphs: glyphs, theme: theme)
    }
}
