import Foundation
import OTSolvers
import Terminal

/// The convergence pane: marginal error and objective gap on a log scale against iterations or
/// seconds, with the kept runs overlaid in their own colours, and an optional crosshair that reads
/// off the nearest record (iteration, error, objective).
///
/// A Gromov-Wasserstein run (records with a per-start `loss`) is drawn as its loss curves instead,
/// one per start overlaid from a common origin, the best start named `best` in the legend and marked
/// with a bold point at its end (`StartCurves`); the crosshair reads the best start's records.
///
/// The legend lists the current run's series first (so kept runs, not "duality gap", are what a
/// narrow legend drops) and only series that have a curve. For a solver without a dual, the gap
/// curve is the objective's distance to its final value, so it is drawn only once the run has
/// ended: while running, "final" would be the latest record and the curve would dive to zero at
/// the right edge whatever the solver did.
struct ConvergenceView {
    var records: [IterationRecord]
    var keptRuns: [(label: String, records: [IterationRecord])]
    var timeAxis: Bool
    var currentLabel: String
    /// Whether the current run has ended (converged, stopped at max-iter, diverged).
    var isFinished: Bool = true
    /// The iteration the crosshair is on (the nearest record is read off), nil when it is off.
    var cursorIteration: Int? = nil

    /// The per-start loss curves of a Gromov-Wasserstein run, nil for other solvers.
    var startCurves: StartCurves? { StartCurves(records: records) }

    func chart() -> LineChart {
        if let curves = startCurves { return chart(curves) }
        var series: [LineChart.Series] = []
        for (index, kept) in keptRuns.enumerated() {
            series.append(LineChart.Series(name: kept.label, points: errorPoints(kept.records), color: Theme.standard.seriesColor(index + 2)))
        }
        let current = series.count
        series.append(LineChart.Series(name: "error \(currentLabel)", points: errorPoints(records), color: Theme.standard.seriesColor(0)))
        let gap = gapPoints(records)
        if !gap.points.isEmpty {
            series.append(LineChart.Series(name: gap.name, points: gap.points, color: Theme.standard.seriesColor(1)))
        }
        let legendOrder = Array(current..<series.count) + Array(0..<current)
        return logChart(series, xTitle: timeAxis ? "seconds" : "iteration", yTitle: "log10", legendOrder: legendOrder)
    }

    /// The loss of each start against its own steps, the best start drawn last (on top).
    private func chart(_ curves: StartCurves) -> LineChart {
        var series: [LineChart.Series] = []
        // The best start's curve last, so it is drawn over the others.
        let drawOrder = curves.curves.indices.filter { $0 != curves.bestIndex } + (curves.bestIndex.map { [$0] } ?? [])
        for index in drawOrder {
            let curve = curves.curves[index]
            let points = curve.records.compactMap { r in r.extra("loss").map { PlotPoint(x: x(r, curves), y: $0) } }
            series.append(LineChart.Series(name: curves.name(index), points: points, color: Theme.standard.seriesColor(index)))
        }
        // The legend names the best start first, then the latest ones (a narrow legend drops the oldest).
        let order = Array(series.indices.reversed())
        return logChart(series, xTitle: timeAxis ? "seconds in start" : "step in start", yTitle: "GW loss", legendOrder: order)
    }

    /// `series` on a log scale against iterations or seconds, with the crosshair and its readout on
    /// `cursorRecord` when the crosshair is on: what the error chart and the GW loss chart share.
    private func logChart(_ series: [LineChart.Series], xTitle: String, yTitle: String, legendOrder: [Int]) -> LineChart {
        var chart = LineChart(series: series, xScale: .linear, yScale: .log10, xTitle: xTitle, yTitle: yTitle,
                              wholeNumberX: !timeAxis, legendOrder: legendOrder)
        if let record = cursorRecord {
            chart.crosshairX = x(record)
            chart.crosshairReadout = Self.readout(record, evaluated: nearestEvaluated(to: record.iteration))
        }
        return chart
    }

    func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        let chart = chart()
        chart.render(in: area, buffer: &buffer, glyphs: glyphs, theme: theme)
        guard let layout = chart.layout(in: area) else { return }
        let curves = startCurves
        // The best start's end: a bold diamond on its last point.
        if let curves, let best = curves.bestIndex, let record = curves.curves[best].records.last, let loss = record.extra("loss") {
            mark(x: x(record), y: loss, chart: chart, layout: layout, glyph: glyphs.isUnicode ? "◆" : "*", buffer: &buffer, theme: theme)
        }
        // The crosshair's record: a bold mark on its error point (its loss on a GW chart).
        if let record = cursorRecord {
            let y = curves != nil ? (record.extra("loss") ?? .nan) : record.marginalError
            mark(x: x(record), y: y, chart: chart, layout: layout, glyph: glyphs.isUnicode ? "●" : "o", buffer: &buffer, theme: theme)
        }
    }

    private func mark(x: Double, y: Double, chart: LineChart, layout: LineChart.Layout, glyph: Character, buffer: inout Buffer, theme: Theme) {
        guard let column = chart.column(of: x, layout: layout),
              let t = AxisScale.log10.position(of: y, in: layout.yRange), (0...1).contains(t) else { return }
        let row = layout.plot.y + min(layout.plot.height - 1, Int(((1 - t) * Double(layout.plot.height * 4 - 1)).rounded(.down)) / 4)
        buffer.set(x: column, y: row, glyph: glyph, style: theme.text.with(.bold))
    }

    /// The records the crosshair moves over: all of them, or the best start's on a GW chart.
    private var cursorRecords: [IterationRecord] { startCurves?.focus?.records ?? records }

    /// The record nearest the cursor's iteration.
    var cursorRecord: IterationRecord? {
        let records = cursorRecords
        guard let cursorIteration, !records.isEmpty else { return nil }
        return records.min { abs($0.iteration - cursorIteration) < abs($1.iteration - cursorIteration) }
    }

    /// The record nearest `iteration` that carries objectives (while a run goes, objectives are
    /// evaluated a few times a second, not at every record).
    func nearestEvaluated(to iteration: Int) -> IterationRecord? {
        records.filter { $0.evaluation != nil }.min { abs($0.iteration - iteration) < abs($1.iteration - iteration) }
    }

    /// What the crosshair reads off a record (ASCII, so it reads the same under any locale): its
    /// iteration, time and error, and the objective (and duality gap) of the record itself, or of
    /// `evaluated`, the nearest record that has them, named by its iteration.
    static func readout(_ record: IterationRecord, evaluated: IterationRecord? = nil) -> String {
        var text = "it \(record.iteration)  t \(NumberFormat.compact(record.seconds))s  error \(NumberFormat.scientific(record.marginalError, significantDigits: 3))"
        if let start = record.extra("start"), let loss = record.extra("loss") {
            text += "  start \(Int(start))  loss \(NumberFormat.compact(loss, significantDigits: 8))"
        }
        let source = record.evaluation != nil ? record : evaluated
        if let source, let evaluation = source.evaluation {
            let at = source.iteration == record.iteration ? "" : " (it \(source.iteration))"
            text += "  objective \(NumberFormat.compact(evaluation.objective, significantDigits: 8))\(at)"
            if let dual = evaluation.dualObjective {
                text += "  gap \(NumberFormat.scientific(abs(evaluation.objective - dual), significantDigits: 2))\(at)"
            }
        }
        return text
    }

    /// The iteration of the record under a screen column of the plot (a click), nil off the plot.
    func iteration(atColumn column: Int, in area: Rect) -> Int? {
        let chart = chart()
        guard let layout = chart.layout(in: area), let value = chart.xValue(atColumn: column, layout: layout) else { return nil }
        return nearest(to: value)?.iteration
    }

    /// The iteration of the nearest record `steps` plot columns left (negative) or right of the
    /// cursor's, skipping columns without a different record; the last record when the cursor is off.
    func movedCursor(by steps: Int, in area: Rect) -> Int? {
        guard var record = cursorRecord else { return cursorRecords.last?.iteration }
        let chart = chart()
        guard let layout = chart.layout(in: area) else { return record.iteration }
        let direction = steps < 0 ? -1 : 1
        for _ in 0..<abs(steps) {
            guard var column = chart.column(of: x(record), layout: layout) else { break }
            var next: IterationRecord?
            while next == nil, let value = chart.xValue(atColumn: column + direction, layout: layout) {
                column += direction
                if let nearest = nearest(to: value), direction * (nearest.iteration - record.iteration) > 0 { next = nearest }
            }
            guard let next else { break }
            record = next
        }
        return record.iteration
    }

    private func nearest(to value: Double) -> IterationRecord? {
        let curves = startCurves
        return cursorRecords.min { abs(x($0, curves) - value) < abs(x($1, curves) - value) }
    }

    private func x(_ record: IterationRecord) -> Double { x(record, startCurves) }

    /// On a GW chart the step within the record's start (or the seconds since the start began).
    private func x(_ record: IterationRecord, _ curves: StartCurves?) -> Double {
        if let curves { return curves.x(of: record, seconds: timeAxis) }
        return timeAxis ? record.seconds : Double(record.iteration)
    }

    private func errorPoints(_ records: [IterationRecord]) -> [PlotPoint] {
        records.map { PlotPoint(x: x($0), y: $0.marginalError) }
    }

    /// The duality gap where the solver has a dual, else (once the run has ended) the distance of
    /// the objective to its final value, which shows how fast the objective settled.
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
        guard isFinished else { return ("", []) }
        let points = evaluated.dropLast().map { PlotPoint(x: x($0), y: abs($0.evaluation!.objective - last.objective)) }
        return ("objective − final", points)
    }
}
