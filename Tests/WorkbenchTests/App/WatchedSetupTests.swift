import Foundation
import OTCore
import OTData
import OTSession
import OTSolvers
import TestScratch
import Terminal
import Testing
@testable import Workbench

/// A watched stream's problem pane draws what the header sent (points, or weights) and says what
/// it did not; `x` exports the plan the stream sent.
@Suite struct WatchedSetupTests {
    static let xs = DenseMatrix([[0, 0], [1, 0], [0, 1]]), xt = DenseMatrix([[2, 2], [3, 1]])

    static func header(points: Bool) -> StreamHeader {
        StreamHeader(engine: "pot", engineVersion: "0.9.7", solver: "emd", parameters: [], n: 3, m: 2,
                     a: [0.2, 0.3, 0.5], b: [0.6, 0.4], xs: points ? xs : nil, xt: points ? xt : nil)
    }

    @Test func pointsInTheHeaderAreDrawnAndTheMissingCostIsNamed() throws {
        // The header's points survive the stream (written and read back).
        var reader = RecordStreamReader()
        guard case .success(.header(let read)?) = reader.read(line: RecordStreamWriter.header(Self.header(points: true))) else {
            Issue.record("the header did not read back")
            return
        }
        #expect(read == Self.header(points: true))
        #expect(read.xs?.storage == Self.xs.storage && read.xt?.columns == 2)
        let setup = ProblemSetup.watching(read, origin: "run.jsonl")
        #expect(setup.problem.source.points?.storage == Self.xs.storage && setup.problem.target.points?.rows == 2)
        #expect(setup.streamNote == "points and weights from the stream; the cost is not sent")
        let model = WorkbenchModel(setup: setup, source: StreamRunner(input: .file(path: TestScratch.file("none.jsonl").path)))
        defer { model.shutdown() }
        let screen = render(model).text
        #expect(screen.contains("■ source  ■ target"), "the clouds are drawn as a scatter:\n\(screen)")
        #expect(screen.contains("the cost is not sent"), "\(screen)")
    }

    @Test func weightsOnlySaySoAndBadPointsAreIgnored() throws {
        let setup = ProblemSetup.watching(Self.header(points: false), origin: "pipe")
        #expect(setup.problem.source.points == nil)
        #expect(setup.streamNote == "weights only: the stream sent no points; the cost is not sent")
        let model = WorkbenchModel(setup: setup, source: StreamRunner(input: .file(path: TestScratch.file("none2.jsonl").path)))
        defer { model.shutdown() }
        let screen = render(model).text
        // The note wraps in the narrow problem pane: joined again, it is the whole sentence.
        let joined = screen.split(separator: "\n").compactMap { line -> String? in
            guard let start = line.firstIndex(of: "│"), let end = line[line.index(after: start)...].firstIndex(of: "│") else { return nil }
            return line[line.index(after: start)..<end].trimmingCharacters(in: .whitespaces)
        }.joined(separator: " ")
        #expect(joined.contains("weights only: the stream sent no points; the cost is not sent"), "\(screen)")
        // Points of the wrong count or ragged rows are ignored, not an error for the line.
        var reader = RecordStreamReader()
        let line = #"{"stream":"otlab/1","type":"header","n":3,"m":2,"xs":[[0,0],[1]],"xt":[[2,2],[3,1]]}"#
        guard case .success(.header(let header)?) = reader.read(line: line) else {
            Issue.record("the header did not read")
            return
        }
        #expect(header.xs == nil && header.xt == nil)
    }

    /// `x` in `otlab watch`: the latest plan snapshot is exported, here the whole 3 x 2 plan.
    @Test func exportWritesThePlanTheStreamSent() throws {
        let plan = DenseMatrix([[0.2, 0], [0.1, 0.2], [0.3, 0.2]])
        let lines = [
            RecordStreamWriter.header(Self.header(points: true)),
            RecordStreamWriter.record(IterationRecord(iteration: 1, seconds: 0.01, marginalError: 0,
                                                      evaluation: SolverEvaluation(cost: 1.9, objective: 1.9, mass: 1), extras: [])),
            RecordStreamWriter.plan(StreamPlanSnapshot(iteration: 1, n: 3, m: 2, blocks: plan)),
            RecordStreamWriter.summary(StreamSummary(status: .converged, iterations: 1, cost: 1.9)),
        ]
        let file = TestScratch.file("export.jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let runner = StreamRunner(input: .file(path: file.path))
        let header = try #require(runner.waitForHeader(timeout: 20))
        let model = WorkbenchModel(setup: .watching(header, origin: "export.jsonl"), source: runner)
        defer { model.shutdown() }
        let folder = TestScratch.directory("watch-export")
        model.exportDirectory = folder.path
        model.exportWriter = { content, stem in try ExportFiles.write(content, stem: stem) }
        let deadline = Date().addingTimeInterval(20)
        while !(model.runner.isFinished && model.snapshot.heatmap != nil) && Date() < deadline {
            model.refresh()
            _ = render(model)
            usleep(5000)
        }
        model.perform(.export)
        var written: [String] = []
        while Date() < deadline {
            model.refresh()
            written = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            if model.notice?.text.hasPrefix("exported") == true { break }
            usleep(5000)
        }
        let planFile = try #require(written.first { $0.hasSuffix(".npy") }, "\(written)")
        #expect(written.contains { $0.hasSuffix(".csv") } && written.contains { $0.hasSuffix(".png") })
        let exported = try NPYReader.read(at: folder.appendingPathComponent(planFile).path).asMatrix(source: planFile)
        #expect(exported.rows == 3 && exported.columns == 2)
        #expect(exported.storage == plan.storage, "the real plan: the snapshot was full resolution")
        #expect(model.notice?.text.hasPrefix("exported") == true)
    }
}
