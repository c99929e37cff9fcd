import OTCore
import OTSession
import OTSolvers
import Terminal

/// The sweep view (`w`): one solver at several regularizations, their plans as small-multiple
/// heatmaps side by side (each titled with its reg; each the density `P/(ab)` as the plan pane
/// draws it, so a flat plan is one colour), and below them the transport cost against reg
/// on log-scale x with the exact (emd) cost as a reference line, so the entropic bias shows.
struct SweepView {
    var outcomes: [RunOutcome]
    var heatmaps: [DenseMatrix?]
    /// Source and target weights of the swept problem, for the blocks' masses.
    var a: [Double]
    var b: [Double]
    var exactIndex: Int?
    var logScale: Bool
    var problemTitle: String
    /// A lesson's own sweep (a preset's `sweep:`): its setting on x, the lesson statistic's figures
    /// on y, each run's plan over its own problem; nil for the regularization sweep.
    var lesson: LessonChart? = nil

    /// What the view needs of a lesson sweep: the sweep and the figures of its finished points.
    struct LessonChart {
        var sweep: LessonSweep
        var figures: [LessonFigures?]
    }

    /// The sweep's runs, without the exact reference run.
    private var sweepIndices: [Int] { outcomes.indices.filter { $0 != exactIndex } }
    private var exactCost: Double? { exactIndex.flatMap { outcomes.indices.contains($0) ? outcomes[$0].cost : nil } }

    func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        let solver = outcomes.first?.solverName ?? ""
        let heading = lesson.map { "Lesson sweep over \($0.sweep.spec.setting)" } ?? "Regularization sweep"
        let inner = Frame.draw(area, title: "\(heading) · \(solver) · \(problemTitle)", focused: true,
                               buffer: &buffer, glyphs: glyphs, theme: theme)
        guard inner.height >= 10, !outcomes.isEmpty else { return }
        let footer = inner.row(inner.height - 1)
        let plansHeight = (inner.height - 1) * 55 / 100
        renderPlans(in: Rect(x: inner.x, y: inner.y, width: inner.width, height: plansHeight), buffer: &buffer, glyphs: glyphs, theme: theme)

        let lower = Rect(x: inner.x, y: inner.y + plansHeight, width: inner.width, height: footer.y - inner.y - plansHeight)
        let tableWidth = min(46, lower.width / 2)
        let chart = Rect(x: lower.x, y: lower.y, width: lower.width - tableWidth - 1, height: lower.height)
        if let lesson {
            renderLessonChart(lesson, in: chart, buffer: &buffer, glyphs: glyphs, theme: theme)
        } else {
            renderCostChart(in: chart, buffer: &buffer, glyphs: glyphs, theme: theme)
        }
        let table = Rect(x: chart.maxX + 1, y: lower.y + 1, width: tableWidth, height: lower.height - 1)
        KeyValueTable(rows: lesson.map(lessonRows) ?? tableRows()).render(in: table, buffer: &buffer, glyphs: glyphs, theme: theme)

        _ = buffer.setString("w / Esc close · l log / linear colour · q quit", x: footer.x, y: footer.y, style: theme.dimText, clip: footer)
    }

    /// One heatmap per run side by side, each titled `reg=X` with its status.
    private func renderPlans(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        let indices = sweepIndices + (exactIndex.map { [$0] } ?? [])
        guard !indices.isEmpty, area.height >= 3 else { return }
        let width = area.width / indices.count
        for (slot, index) in indices.enumerated() {
            let cell = Rect(x: area.x + slot * width, y: area.y, width: width - 1, height: area.height)
            let outcome = outcomes[index]
            let title = index == exactIndex ? "exact (emd)" : outcome.label
            _ = buffer.setString(title, x: cell.x, y: cell.y, style: theme.title, clip: cell)
            let body = Rect(x: cell.x, y: cell.y + 1, width: cell.width, height: cell.height - 1)
            let pixels = PlanView.pixelsPerCell(glyphs: glyphs, theme: theme)
            // A lesson sweep's runs each have their own problem (another shift, another batch size),
            // whose weights can span hundreds of decades (softmax tails): its plans show their mass
            // per block, where the mass goes, rather than the density P/(ab).
            if lesson != nil, let sums = heatmaps.indices.contains(index) ? heatmaps[index] : nil, sums.rows > 0, sums.columns > 0 {
                PlanView.renderGrid(sums.storage, rows: sums.rows, columns: sums.columns, logScale: logScale,
                                    in: body, buffer: &buffer, glyphs: glyphs, theme: theme)
                continue
            }
            let problem = lesson.flatMap { $0.sweep.points.indices.contains(index) ? $0.sweep.points[index].problem : nil }
            guard let density = PlanView.density(of: heatmaps.indices.contains(index) ? heatmaps[index] : nil,
                                                 a: problem?.a ?? a, b: problem?.b ?? b,
                                                 maxRows: body.height * pixels, maxColumns: body.width) else {
                let note = outcome.startError != nil ? "cannot start" : (outcome.status.isFinished ? outcome.status.name : "running…")
                _ = buffer.setString(note, x: body.x, y: body.y, style: outcome.status.reason != nil ? theme.error : theme.dimText, clip: body)
                continue
            }
            PlanView.renderGrid(density.densities, rows: density.sums.rows, columns: density.sums.columns, logScale: logScale,
                                in: body, buffer: &buffer, glyphs: glyphs, theme: theme)
        }
    }

    /// Cost against reg (log x), and the exact cost as a flat reference line across the same regs.
    private func renderCostChart(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        let points = sweepIndices.compactMap { index -> PlotPoint? in
            guard let reg = outcomes[index].regularization, let cost = outcomes[index].cost else { return nil }
            return PlotPoint(x: reg, y: cost)
        }.sorted { $0.x < $1.x }
        var series = [LineChart.Series(name: "cost <P,C>", points: points, color: theme.seriesColor(0))]
        let regs = sweepIndices.compactMap { outcomes[$0].regularization }
        if let exactCost, let low = regs.min(), let high = regs.max() {
            series.append(LineChart.Series(name: "exact \(StatisticsContent.precise(exactCost))",
                                           points: [PlotPoint(x: low, y: exactCost), PlotPoint(x: high, y: exactCost)],
                                           color: theme.seriesColor(1)))
        }
        LineChart(series: series, xScale: .log10, yScale: .linear, xTitle: "reg", yTitle: "cost")
            .render(in: area, buffer: &buffer, glyphs: glyphs, theme: theme)
    }

    /// reg, status, cost and the bias over the exact cost, then the exact cost itself.
    func tableRows() -> [KeyValueTable.Row] {
        var rows = [KeyValueTable.Row("reg", "status     cost           bias")]
        for index in sweepIndices {
            let outcome = outcomes[index]
            let cost = outcome.cost.map(StatisticsContent.precise) ?? "-"
            let bias = outcome.cost.flatMap { cost in exactCost.map { StatisticsContent.scientific(cost - $0) } } ?? "-"
            let reg = outcome.regularization.map(ParameterValue.format) ?? "-"
            let status = outcome.status.name.padding(toLength: 10, withPad: " ", startingAt: 0)
            rows.append(KeyValueTable.Row(reg, status + " " + cost.padding(toLength: max(14, cost.count), withPad: " ", startingAt: 0) + " " + bias))
        }
        if let exactIndex, outcomes.indices.contains(exactIndex) {
            let exact = outcomes[exactIndex]
            rows.append(KeyValueTable.Row("exact", exact.cost.map { "emd cost " + StatisticsContent.precise($0) } ?? "emd \(exact.status.name)…"))
        }
        return rows
    }

    /// The lesson statistic's figures against the swept setting (each divided by its largest value
    /// over the sweep when the sweep is normalized), one series per figure.
    private func renderLessonChart(_ lesson: LessonChart, in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        let values = lesson.sweep.values
        let series = lesson.sweep.series(lesson.figures).enumerated().map { index, item in
            LineChart.Series(name: item.key, points: zip(values, item.values).compactMap { x, y in
                y.flatMap { $0.isFinite ? PlotPoint(x: x, y: $0) : nil }
            }.sorted { $0.x < $1.x }, color: theme.seriesColor(index))
        }
        let yTitle = lesson.sweep.spec.normalized ? "share of largest" : "value"
        LineChart(series: series, xScale: lesson.sweep.logScale ? .log10 : .linear, yScale: .linear,
                  xTitle: lesson.sweep.spec.setting, yTitle: yTitle)
            .render(in: area, buffer: &buffer, glyphs: glyphs, theme: theme)
    }

    /// The setting's value, then each plotted figure's value (not normalized), or the run's status.
    func lessonRows(_ lesson: LessonChart) -> [KeyValueTable.Row] {
        let keys = lesson.sweep.spec.figures
        // Columns as wide as the table allows (it is at most 46 wide), at least 8.
        let column = max(8, min(20, 38 / max(1, keys.count) - 1))
        var rows = [KeyValueTable.Row(lesson.sweep.spec.setting, keys.map { String($0.prefix(column)).padding(toLength: column, withPad: " ", startingAt: 0) }.joined(separator: " "))]
        for (index, point) in lesson.sweep.points.enumerated() {
            let text: String
            if let figures = lesson.figures.indices.contains(index) ? lesson.figures[index] : nil {
                text = keys.map { key in
                    (figures.number(key).map { NumberFormat.compact($0, significantDigits: column > 8 ? 4 : 3) } ?? "-").padding(toLength: column, withPad: " ", startingAt: 0)
                }.joined(separator: " ")
            } else {
                text = outcomes.indices.contains(index) ? (outcomes[index].status.isFinished ? outcomes[index].status.name : "running…") : "-"
            }
            rows.append(KeyValueTable.Row(ParameterValue.format(point.value), text))
        }
        return rows
    }
}
