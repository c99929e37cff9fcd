import Testing
import OTSolvers
import Terminal
@testable import Workbench

@Suite struct ConvergenceViewTests {
    static func records(_ count: Int, dual: Bool) -> [IterationRecord] {
        (1...count).map { k in
            let objective = 2 + 1 / Double(k)
            return IterationRecord(iteration: k, seconds: Double(k) / 100, marginalError: 1 / Double(k * k),
                                   evaluation: SolverEvaluation(cost: objective, objective: objective,
                                                                dualObjective: dual ? objective - 1e-2 / Double(k) : nil, mass: 1),
                                   extras: [])
        }
    }

    static func render(_ view: ConvergenceView, width: Int = 80, height: Int = 14, theme: Theme = .standard) -> Buffer {
        var buffer = Buffer(width: width, height: height)
        view.render(in: buffer.area, buffer: &buffer, glyphs: .unicode, theme: theme)
        return buffer
    }

    /// "objective − final" measures the distance to the run's final objective: while running there
    /// is no final value, so the curve (and its legend) waits for the run to end.
    @Test func objectiveGapOnlyOnceTheRunHasEnded() {
        let records = Self.records(30, dual: false)
        let running = Self.render(ConvergenceView(records: records, keptRuns: [], timeAxis: false, currentLabel: "x", isFinished: false))
        #expect(!running.string(row: 0).contains("objective"))
        let done = Self.render(ConvergenceView(records: records, keptRuns: [], timeAxis: false, currentLabel: "x", isFinished: true))
        #expect(done.string(row: 0).contains("objective − final"))
    }

    /// After keeping runs (`c`), the legend still names the duality gap while its curve is drawn.
    @Test func keptRunsDoNotPushTheGapOutOfTheLegend() {
        let records = Self.records(30, dual: true)
        let kept = (0..<3).map { (label: "sinkhorn-log reg=\($0)", records: Self.records(20, dual: true)) }
        let buffer = Self.render(ConvergenceView(records: records, keptRuns: kept, timeAxis: false, currentLabel: "sinkhorn"), width: 70)
        #expect(buffer.string(row: 0).contains("error sinkhorn"))
        #expect(buffer.string(row: 0).contains("duality gap"))
    }

    /// The crosshair reads off the nearest record; moving by a column reaches the next record.
    @Test func crosshairReadsTheNearestRecord() throws {
        let records = Self.records(30, dual: true)
        var view = ConvergenceView(records: records, keptRuns: [], timeAxis: false, currentLabel: "s", cursorIteration: 12)
        let buffer = Self.render(view)
        #expect(buffer.string(row: 0).hasPrefix("it 12  t 0.12s  error 6.94e-3  objective 2.0833333"))
        #expect(buffer.string(row: 0).contains("gap 8.3e-4"))
        let area = buffer.area
        let forward: Int = try #require(view.movedCursor(by: 1, in: area))
        view.cursorIteration = forward
        #expect(view.cursorIteration == 13)
        let back: Int = try #require(view.movedCursor(by: -3, in: area))
        view.cursorIteration = back
        #expect(view.cursorIteration == 10)
        let chart = view.chart()
        let layout = try #require(chart.layout(in: area))
        #expect(view.iteration(atColumn: try #require(chart.column(of: 20, layout: layout)), in: area) == 20)
    }

    /// In the 44-column chart of an 80 x 24 screen the readout does not fit the legend row: the
    /// fields that do not fit go on rows over the plot, on the side away from the crosshair, and
    /// none is cut.
    @Test func aNarrowChartShowsTheWholeReadout() throws {
        let records = Self.records(30, dual: true)
        for cursor in [3, 28] {
            let view = ConvergenceView(records: records, keptRuns: [], timeAxis: false, currentLabel: "s", cursorIteration: cursor)
            let buffer = Self.render(view, width: 44, height: 9)
            let readout = ConvergenceView.readout(try #require(view.cursorRecord))
            #expect(DisplayWidth.of(readout) > 44, "the readout is wider than the chart: \(readout)")
            let rows = (0..<buffer.height).map { buffer.string(row: $0) }
            for field in TextWrap.fields(of: readout) {
                #expect(rows.contains { $0.contains(field) }, "cursor \(cursor): \"\(field)\" is missing from \(rows)")
            }
            // The extra rows sit away from the crosshair's column.
            let layout = try #require(view.chart().layout(in: buffer.area))
            let column = try #require(view.chart().column(of: Double(cursor), layout: layout))
            let gapRow = try #require(rows.firstIndex { $0.contains("gap ") })
            #expect(gapRow >= 1)
            let start = try #require(rows[gapRow].range(of: "gap ")).lowerBound
            let gapColumn = rows[gapRow].distance(from: rows[gapRow].startIndex, to: start)
            #expect(cursor < 15 ? gapColumn > column : gapColumn < column, "cursor at column \(column), readout at \(gapColumn)")
        }
    }

    /// While a run goes most records carry no objective: the crosshair then reads the objective of
    /// the nearest record that has one, and says which iteration that is.
    @Test func crosshairReadsTheNearestObjectiveWhenItsRecordHasNone() {
        var records = Self.records(30, dual: true)
        for k in records.indices where records[k].iteration % 10 != 0 {
            records[k] = IterationRecord(iteration: records[k].iteration, seconds: records[k].seconds,
                                         marginalError: records[k].marginalError, evaluation: nil, extras: [])
        }
        let view = ConvergenceView(records: records, keptRuns: [], timeAxis: false, currentLabel: "s", cursorIteration: 12)
        let row = Self.render(view, width: 120).string(row: 0)
        #expect(row.hasPrefix("it 12  t 0.12s  error 6.94e-3  objective 2.1 (it 10)"), "\(row)")
        #expect(row.contains("gap 1e-3 (it 10)"), "\(row)")
    }

    /// Records of a three-start GW run: start k takes 10 + 5k steps down to a loss of 0.01 k
    /// (start 1 the best, as the solver says in `best_start` on its last record).
    static func gromovRecords(finished: Bool) -> [IterationRecord] {
        var records: [IterationRecord] = []
        for start in 1...3 {
            let steps = 10 + 5 * start
            for step in 1...steps {
                let loss = 0.01 * Double(start) + 0.5 / Double(step * step)
                var extras = [SolverExtra("loss", loss), SolverExtra("start", Double(start)), SolverExtra("best_loss", 0.01)]
                if finished && start == 3 && step == steps { extras.append(SolverExtra("best_start", 1)) }
                records.append(IterationRecord(iteration: records.count + 1, seconds: Double(records.count + 1) / 100, marginalError: 1e-16,
                                               evaluation: SolverEvaluation(cost: loss, objective: loss, mass: 1), extras: extras))
            }
        }
        return records
    }

    /// With several starts (GW's --restarts) the chart overlays each start's loss from a common
    /// origin, names the best start in the legend and marks its end; the crosshair reads the best
    /// start's records.
    @Test func eachStartHasItsLossCurveAndTheBestIsMarked() throws {
        let records = Self.gromovRecords(finished: true)
        let view = ConvergenceView(records: records, keptRuns: [], timeAxis: false, currentLabel: "gw")
        let chart = view.chart()
        // The best start is drawn last (on top) and named first in the legend.
        #expect(chart.series.map(\.name) == ["start 2", "start 3", "start 1 best"])
        #expect(chart.legendOrder == [2, 1, 0])
        #expect(chart.series.map { $0.points.count } == [20, 25, 15])
        // Overlaid: every curve begins at step 1 and reaches its own length.
        #expect(chart.series.allSatisfy { $0.points.first?.x == 1 })
        #expect(chart.series.map { $0.points.last?.x } == [20, 25, 15])
        #expect(chart.series[1].points.last?.y == 0.03 + 0.5 / 625)
        let buffer = Self.render(view, width: 90, height: 16)
        #expect(buffer.string(row: 0).contains("start 1 best"))
        #expect(buffer.text.contains("◆"))
        // The ◆ sits at the best curve's last point.
        let layout = try #require(chart.layout(in: buffer.area))
        let column = try #require(chart.column(of: 15, layout: layout))
        #expect((layout.plot.y..<layout.plot.maxY).contains { buffer.cell(x: column, y: $0).glyph == "◆" })
        // The crosshair on iteration 7 reads start 1's seventh step.
        let cursor = ConvergenceView(records: records, keptRuns: [], timeAxis: false, currentLabel: "gw", cursorIteration: 7)
        #expect(Self.render(cursor, width: 120).string(row: 0).contains("it 7 "))
        #expect(Self.render(cursor, width: 120).string(row: 0).contains("start 1  loss 0.0202"))
    }

    /// While the run is going, the best start is the one with the least loss so far.
    @Test func whileRunningTheBestSoFarIsMarked() {
        let records = Array(Self.gromovRecords(finished: false).prefix(40))
        let chart = ConvergenceView(records: records, keptRuns: [], timeAxis: false, currentLabel: "gw", isFinished: false).chart()
        #expect(chart.series.map(\.name) == ["start 2", "start 3", "start 1 best"])
        #expect(chart.series.map { $0.points.count } == [20, 5, 15])
    }
}
