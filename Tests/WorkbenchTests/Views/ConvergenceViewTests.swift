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
}
