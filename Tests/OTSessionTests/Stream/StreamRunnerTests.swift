import Foundation
import OTCore
import OTSession
import OTSolvers
import Testing

/// `StreamRunner` turns stream lines into the snapshots and records a local run publishes.
@Suite struct StreamRunnerTests {
    static func lines(solver: String, iterations: Int, summary: Bool) -> [String] {
        var lines = [RecordStreamWriter.header(StreamHeader(engine: "pot", engineVersion: "0.9.7", host: "gpu-box", solver: solver,
                                                            parameters: [("reg", .real(0.01))], n: 3, m: 2))]
        for k in 1...iterations {
            let evaluation = k % 5 == 0 ? SolverEvaluation(cost: 1 + 1 / Double(k), objective: 2, mass: 1) : nil
            lines.append(RecordStreamWriter.record(IterationRecord(iteration: k, seconds: Double(k) / 100, marginalError: pow(0.5, Double(k)),
                                                                   evaluation: evaluation, extras: [])))
        }
        lines.append(RecordStreamWriter.plan(StreamPlanSnapshot(iteration: iterations, n: 3, m: 2,
                                                                blocks: DenseMatrix([[0.2, 0.1], [0.1, 0.3], [0.2, 0.1]]))))
        lines.append(RecordStreamWriter.potentials(DualPotentials(f: [1, 2, 3], g: [4, 5]), iteration: iterations))
        if summary { lines.append(RecordStreamWriter.summary(StreamSummary(status: .converged, iterations: iterations, cost: 1.5))) }
        return lines
    }

    private func run(_ lines: [String]) throws -> StreamRunner {
        var pipe: [Int32] = [0, 0]
        #expect(Foundation.pipe(&pipe) == 0)
        let runner = StreamRunner(input: .fileDescriptor(pipe[0], name: "test"))
        let data = Data((lines.joined(separator: "\n") + "\n").utf8)
        data.withUnsafeBytes { _ = write(pipe[1], $0.baseAddress, $0.count) }
        close(pipe[1])
        let deadline = Date().addingTimeInterval(20)
        while !runner.inputEnded && Date() < deadline { usleep(2000) }
        close(pipe[0])
        return runner
    }

    @Test func aCompleteStreamBecomesAFinishedRun() throws {
        let runner = try run(Self.lines(solver: "sinkhorn_log", iterations: 21, summary: true))
        #expect(runner.isFinished)
        let snapshot = runner.snapshot
        #expect(snapshot.status == .converged && snapshot.sourceNote == nil)
        #expect(snapshot.solverName == "sinkhorn_log" && snapshot.parameters.real("reg") == 0.01)
        #expect(runner.header?.engineLabel == "pot 0.9.7 on gpu-box")
        #expect(runner.records(from: 0).records.map(\.iteration) == Array(1...21))
        #expect(snapshot.latestEvaluated?.iteration == 21)
        #expect(snapshot.latestEvaluated?.cost == 1.5, "the summary's figures complete the last record")
        #expect(snapshot.potentials?.g == [4, 5])
        runner.setHeatmapSize(rows: 2, columns: 1)
        // Rows 0 and 1 of 3 fall in block 0 of 2 (i * 2 / 3), row 2 in block 1.
        let heatmap = try #require(runner.snapshot.heatmap)
        #expect(heatmap.rows == 2 && heatmap.columns == 1, "blocks re-aggregated to the pane's size")
        #expect(abs(heatmap.storage[0] - 0.7) < 1e-15 && abs(heatmap.storage[1] - 0.3) < 1e-15)
        runner.requestPlan()
        #expect(runner.snapshot.plan?.rows == 3)
        #expect(!runner.acceptsCommands)
    }

    @Test func aStreamWithoutSummaryEndedEarlyAndANewHeaderIsANewRun() throws {
        let early = try run(Array(Self.lines(solver: "emd", iterations: 7, summary: false)))
        #expect(early.snapshot.status == .cancelled)
        #expect(early.snapshot.sourceNote == "the stream ended early: no summary after iteration 7")
        #expect(early.snapshot.latest?.iteration == 7, "the last state is kept")

        let two = try run(Self.lines(solver: "a", iterations: 4, summary: true) + ["garbage"] + Self.lines(solver: "b", iterations: 3, summary: true))
        #expect(two.snapshot.generation == 1 && two.snapshot.solverName == "b")
        #expect(two.records(from: 0).records.map(\.iteration) == [1, 2, 3])
        #expect(two.snapshot.skippedNote?.hasPrefix("line 9: not JSON") == true, "\(two.snapshot.skippedNote ?? "")")
    }
}
