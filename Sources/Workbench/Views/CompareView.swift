import OTSession
import OTSolvers
import Terminal

/// The compare view (`m`): several solvers on the loaded problem, their marginal errors overlaid on
/// one log-scale chart (by iteration or, with `t`, by seconds) above a table of their figures, all
/// updating live while the runs go on their own threads.
struct CompareView {
    var outcomes: [RunOutcome]
    var timeAxis: Bool
    var problemTitle: String
    /// The solver chooser, drawn over the view while open.
    var picker: ComparePicker? = nil

    func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        let inner = Frame.draw(area, title: "Compare solvers · \(problemTitle)", focused: true, buffer: &buffer, glyphs: glyphs, theme: theme)
        guard inner.height >= 6 else { return }
        let tableHeight = min(outcomes.count + 1, inner.height / 2)
        let footer = inner.row(inner.height - 1)
        let table = Rect(x: inner.x, y: footer.y - tableHeight, width: inner.width, height: tableHeight)
        let chart = Rect(x: inner.x, y: inner.y, width: inner.width, height: table.y - inner.y - 1)

        let series = outcomes.enumerated().map { index, outcome in
            LineChart.Series(name: outcome.label, points: outcome.records.map {
                PlotPoint(x: timeAxis ? $0.seconds : Double($0.iteration), y: $0.marginalError)
            }, color: theme.seriesColor(index))
        }
        LineChart(series: series, xScale: .linear, yScale: .log10, xTitle: timeAxis ? "seconds" : "iteration",
                  yTitle: "marginal error", wholeNumberX: !timeAxis)
            .render(in: chart, buffer: &buffer, glyphs: glyphs, theme: theme)

        KeyValueTable(rows: Self.tableRows(outcomes)).render(in: table, buffer: &buffer, glyphs: glyphs, theme: theme)
        _ = buffer.setString("m / Esc close · s choose solvers · t x axis: \(timeAxis ? "seconds" : "iterations") · q quit",
                             x: footer.x, y: footer.y, style: theme.dimText, clip: footer)
        if let picker {
            let box = area.centered(width: min(area.width - 4, 76), height: min(area.height - 2, picker.list.items.count + 2))
            buffer.fill(box, with: Cell(" ", style: theme.text))
            picker.list.render(in: box, buffer: &buffer, glyphs: glyphs, theme: theme)
        }
    }

    /// A header, then one row per run: status, iterations, solver time, final marginal error, cost.
    static func tableRows(_ outcomes: [RunOutcome]) -> [KeyValueTable.Row] {
        let header = KeyValueTable.Row("solver", columns("status", "iterations", "time", "error", "cost"))
        return [header] + outcomes.map { outcome in
            let status = outcome.startError != nil ? "cannot start" : outcome.status.name
            let row = columns(status, String(outcome.iterations), StatisticsContent.format(seconds: outcome.seconds),
                              outcome.marginalError.map(StatisticsContent.scientific) ?? "-",
                              outcome.cost.map(StatisticsContent.precise) ?? "-")
            return KeyValueTable.Row(outcome.label, outcome.startError.map { row + "  " + $0 } ?? row)
        }
    }

    private static func columns(_ status: String, _ iterations: String, _ time: String, _ error: String, _ cost: String) -> String {
        func pad(_ text: String, _ width: Int) -> String { text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0) }
        return pad(status, 11) + " " + pad(iterations, 10) + " " + pad(time, 10) + " " + pad(error, 10) + " " + cost
    }
}
