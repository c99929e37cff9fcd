import OTCore
import Terminal

/// The transport plan pane: the block-aggregated plan as a half-block heatmap with a colour bar,
/// and the plan's marginals as one-pixel strips along the top (columns) and left (rows) edges.
struct PlanView {
    var heatmap: DenseMatrix?
    var logScale: Bool

    /// The pixel grid to ask the runner for, given the pane's inner area.
    static func requestedSize(for area: Rect) -> (rows: Int, columns: Int) {
        (max(1, (area.height - 1) * 2), max(1, area.width - 2 - 12))
    }

    func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        guard let heatmap, heatmap.rows > 0, heatmap.columns > 0, area.width > 16, area.height > 3 else {
            _ = buffer.setString("waiting for the first plan…", x: area.x + 1, y: area.y, style: theme.dimText, clip: area)
            return
        }
        let scale: AxisScale = logScale ? .log10 : .linear
        // Entropic plans have entries down to 1e-300; a log scale over all of them is one colour.
        // Show the top six decades, where the structure of the plan is.
        let peak = heatmap.maximum
        let range: ClosedRange<Double>? = logScale && peak > 0 ? (peak * 1e-6)...peak : nil
        // Column marginals: a strip one cell high along the top.
        let columnSums = heatmap.columnSums()
        let top = Rect(x: area.x + 2, y: area.y, width: area.width - 2, height: 1)
        Heatmap(values: columnSums, rows: 1, columns: heatmap.columns, scale: scale, showsColorBar: false)
            .render(in: Rect(x: top.x, y: top.y, width: min(top.width, plotWidth(area)), height: 1), buffer: &buffer, glyphs: glyphs, theme: theme)
        // Row marginals: a strip one cell wide along the left.
        let rowSums = heatmap.rowSums()
        let left = Rect(x: area.x, y: area.y + 1, width: 1, height: area.height - 1)
        Heatmap(values: rowSums, rows: heatmap.rows, columns: 1, scale: scale, showsColorBar: false)
            .render(in: left, buffer: &buffer, glyphs: glyphs, theme: theme)
        // The plan itself, with its colour bar.
        let body = Rect(x: area.x + 2, y: area.y + 1, width: area.width - 2, height: area.height - 1)
        Heatmap(values: heatmap.storage, rows: heatmap.rows, columns: heatmap.columns, scale: scale, valueRange: range)
            .render(in: body, buffer: &buffer, glyphs: glyphs, theme: theme)
    }

    private func plotWidth(_ area: Rect) -> Int { max(1, area.width - 2 - 12) }
}
