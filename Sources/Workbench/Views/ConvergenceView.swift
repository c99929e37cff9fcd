import OTSolvers
import Terminal

/// The convergence pane: marginal error and objective gap on a log scale against iterations or
/// seconds, with the kept runs overlaid in their own colours.
struct ConvergenceView {
    var records: [IterationRecord]
    var keptRuns: [(label: String, records: [IterationRecord])]
    var timeAxis: Bool
    var currentLabel: String

    func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        var series: [LineChart.Series] = []
        for (index, kept) in keptRuns.enumerated() {
            series.append(LineChart.Series(name: kept.label, points: errorPoints(kept.records), color: theme.seriesColor(index + 2)))
        }
        series.append(LineChart.Series(name: "error \(currentLabel)", points: errorPoints(records), color: theme.seriesColor(0)))
        let gap = gapPoints(records)
        if !gap.points.isEmpty {
            series.append(LineChart.Series(name: gap.name, points: gap.points, color: theme.seriesColor(1)))
        }
        let chart = LineChart(series: series, xScale: .linear, yScale: .log10,
                              xTitle: timeAxis ? "seconds" : "iteration", yTitle: "log10")
        chart.render(in: area, buffer: &buffer, glyphs: glyphs, theme: theme)
    }

    private func x(_ record: IterationRecord) -> Double { timeAxis ? record.seconds : Double(record.iteration) }

    private func errorPoints(_ records: [IterationRecord]) -> [PlotPoint] {
        records.map { PlotPoint(x: x($0), y: $0.marginalError) }
    }

    /// The duality gap where the solver has a dual, else the distance of the objective to its
    /// latest value (which shows how fast the objective settles).
    private func gapPoints(_ records: [IterationRecord]) -> (name: String, points: [PlotPoint]) {
        let evaluated = records.filter { $0.evaluation != nil }
        guard let last = evaluated.last?.evaluation else { return ("", []) }
        if evaluated.contains(where: { $0.dualObjective != nil }) {
            let points = evaluated.compactMap { r -> PlotPoint? in
                guard let e = r.evaluation, let d = e.dualObjective else { return nil }
                return PlotPoint(x: x(r), y: abs(e.objective - d))
            }
            return ("duality gap", points)
        }
        let points = evaluated.dropLast().map { PlotPoint(x: x($0), y: abs($0.evaluation!.objective - last.objective)) }
        return ("objective − final", points)
    }
}
