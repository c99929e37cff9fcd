import Foundation
import OTCore
@testable import OTSession
import OTSolvers
import Testing

/// The record stream: what the writer writes, the reader reads back exactly; bad lines are named.
@Suite struct RecordStreamTests {
    /// A 5 x 4 problem with a squared-distance cost on a line.
    static func problem() -> TransportProblem {
        let a = [0.1, 0.2, 0.3, 0.15, 0.25], b = [0.4, 0.1, 0.3, 0.2]
        let cost = DenseMatrix(rows: 5, columns: 4, storage: (0..<20).map { k in
            let x = Double(k / 4) / 4, y = Double(k % 4) / 3
            return (x - y) * (x - y)
        })
        return TransportProblem(source: Measure(weights: a), target: Measure(weights: b), cost: cost)
    }

    @Test func aRealRunRoundTripsRecordForRecord() throws {
        let problem = Self.problem()
        let solver = try #require(SolverRegistry.descriptor(named: "sinkhorn"))
        var parameters = solver.defaults
        try parameters.set("reg", .real(0.05))
        try parameters.set("max-iter", .integer(40))
        try parameters.set("tol", .real(1e-14))
        let runner = SolverRunner(configuration: RunConfiguration(
            problem: problem, solver: solver, parameters: parameters, evaluation: .everyIteration, streamsRecords: true, keepsFinalPlan: true))
        runner.setHeatmapSize(rows: 3, columns: 2)
        #expect(runner.waitUntilFinished(timeout: 60))
        // A run this small can end before the heatmap size arrives; the lingering solver then
        // publishes the heatmap shortly after.
        let deadline = Date().addingTimeInterval(20)
        while runner.snapshot.heatmap == nil && Date() < deadline { usleep(2000) }
        let records = runner.takeStreamedRecords()
        let snapshot = runner.snapshot
        runner.shutdown()
        #expect(records.count == 40)

        let header = RecordStreamWriter.localHeader(problem: problem, solver: "sinkhorn", parameters: parameters, engineVersion: "0.1.0", description: "a -> b")
        let plan = StreamPlanSnapshot(iteration: 40, n: 5, m: 4, blocks: try #require(snapshot.heatmap),
                                      rowSums: [0.1, 0.2, 0.3, 0.15, 0.25], columnSums: [0.4, 0.1, 0.3, 0.2])
        let potentials = DualPotentials(f: [1, -2.5, 1e-300, 3, 0.1], g: [0, 1, 2, 1.0 / 3])
        let summary = StreamSummary(status: .maxIterations, iterations: 40, seconds: records.last?.seconds, cost: records.last?.cost,
                                    objective: records.last?.objective, marginalError: records.last?.marginalError, mass: 1, nonzeros: 20)
        let lines = [RecordStreamWriter.header(header)] + records.map(RecordStreamWriter.record)
            + [RecordStreamWriter.plan(plan), RecordStreamWriter.potentials(potentials, iteration: 40), RecordStreamWriter.summary(summary)]

        var reader = RecordStreamReader()
        var events: [RecordStream.Event] = []
        for line in lines {
            #expect(!line.contains("\n"), "one object per line")
            events.append(try #require(try reader.read(line: line).get()))
        }
        #expect(events.first == .header(header))
        #expect(reader.header?.parameters.first { $0.name == "reg" }?.value == .real(0.05))
        #expect(reader.header?.a == problem.a, "the weights travel with a small problem")
        let readRecords = events.compactMap { event -> IterationRecord? in
            if case .record(let record) = event { return record }
            return nil
        }
        #expect(readRecords == records, "every record reads back equal, every double bit for bit")
        #expect(readRecords.contains { $0.evaluation != nil })
        #expect(events[events.count - 3] == .plan(plan))
        #expect(events[events.count - 2] == .potentials(iteration: 40, potentials))
        #expect(events.last == .summary(summary))
        #expect(lines[0].hasPrefix("{\"stream\":\"otlab/1\",\"type\":\"header\""))
    }

    /// A header with `auto`'s choice reads back with it, and a watched run shows it before its
    /// first record.
    @Test func autoChoiceTravelsInTheHeader() throws {
        let choice = SolverChoice(method: "sns", reason: "C/reg reaches 1.2e3, tol 1e-9: \"quoted\" text")
        let header = StreamHeader(engine: "swift", solver: "auto", parameters: [("reg", .real(0.01))], n: 3, m: 2, choice: choice)
        let line = RecordStreamWriter.header(header)
        #expect(line.contains("\"auto_choice\":{\"method\":\"sns\""))
        var reader = RecordStreamReader()
        #expect(try reader.read(line: line).get() == .header(header))
        #expect(reader.header?.choice == choice)
        #expect(StreamRunner.emptySnapshot(generation: 0, header: header).choice == choice)
        let plain = StreamHeader(engine: "pot", solver: "sinkhorn", parameters: [], n: 3, m: 2)
        #expect(!RecordStreamWriter.header(plain).contains("auto_choice"))
    }

    @Test func nonFiniteNumbersAndMissingOptionalFields() throws {
        let record = IterationRecord(iteration: 1, seconds: 0.5, marginalError: .infinity, evaluation: nil, extras: [SolverExtra("step", .nan)])
        var reader = RecordStreamReader()
        let line = RecordStreamWriter.record(record)
        #expect(line.contains("\"marginal_error\":\"inf\""))
        guard case .record(let back)? = try reader.read(line: line).get() else { Issue.record("not a record"); return }
        #expect(back.marginalError == .infinity && back.evaluation == nil && back.extras.first?.value.isNaN == true)
        // Python's json.dumps writes bare NaN / Infinity; fields otlab does not know are ignored;
        // seconds may be left out (the last clock is kept).
        guard case .record(let python)? = try reader.read(line: #"{"type":"record","iteration":2,"marginal_error":Infinity,"cost":NaN,"gpu":"A100"}"#).get() else {
            Issue.record("not a record"); return
        }
        #expect(python.iteration == 2 && python.seconds == 0.5 && python.marginalError == .infinity && python.cost?.isNaN == true)
        // otlab's older --progress lines had no "type".
        guard case .record(let old)? = try reader.read(line: #"{"iteration":3,"seconds":0.7,"marginal_error":0.25,"cost":1.5,"objective":1.6,"dual_objective":null}"#).get() else {
            Issue.record("not a record"); return
        }
        #expect(old.objective == 1.6 && old.dualObjective == nil && old.evaluation?.mass.isNaN == true)
        #expect(try reader.read(line: #"{"type":"telemetry","watts":300}"#).get() == .unknown(type: "telemetry"))
        #expect(try reader.read(line: "   ").get() == nil)
    }

    @Test func badLinesAreNamedByNumberAndReadingGoesOn() throws {
        var reader = RecordStreamReader()
        let lines = [
            #"{"stream":"otlab/1","type":"header","solver":"sinkhorn","n":2,"m":3}"#,
            "Warning: numerical errors at iteration 10",
            #"{"type":"record","iteration":1,"marginal_error":0.5}"#,
            #"{"type":"record","iteration":"two"}"#,
            #"[1, 2]"#,
            #"{"type":"record","iteration":3,"marginal_error":0.125"#,
            #"{"type":"summary","status":"converged"}"#,
        ]
        var errors: [StreamLineError] = []
        var kinds: [String] = []
        for line in lines {
            switch reader.read(line: line) {
            case .success(let event?): kinds.append("\(event)".prefix(while: { $0 != "(" }).description)
            case .success(nil): kinds.append("blank")
            case .failure(let error): errors.append(error)
            }
        }
        #expect(kinds == ["header", "record", "summary"])
        #expect(errors.map(\.line) == [2, 4, 5, 6])
        #expect(errors[0].description.hasPrefix("line 2: not JSON"))
        #expect(errors[0].description.contains("Warning: numerical"))
        #expect(errors[1].message.contains("iteration"))
        #expect(errors[3].message.contains("not JSON"))
        #expect(reader.header?.solver == "sinkhorn" && reader.header?.engine == "unknown")
    }

    @Test func aNewerMajorVersionIsRefusedWithTheReason() {
        var reader = RecordStreamReader()
        guard case .failure(let error) = reader.read(line: #"{"stream":"otlab/2","type":"header","n":1,"m":1}"#) else {
            Issue.record("accepted otlab/2"); return
        }
        #expect(error.message.contains("newer than this otlab reads"))
        #expect((try? reader.read(line: #"{"stream":"otlab/1.3","type":"header","n":1,"m":1}"#).get()) != nil, "minor versions read")
    }

    @Test func jsonParserKeepsOrderAndKinds() throws {
        let value = try JSONParser.parse(#" {"b": [1, 2.5, -3e-2, true, null], "a": "x\"\u00e9\n", "c": {}} "#)
        #expect(value.objectPairs?.map(\.0) == ["b", "a", "c"])
        #expect(value["b"] == .array([.integer(1), .number(2.5), .number(-0.03), .bool(true), .null]))
        #expect(value["a"]?.stringValue == "x\"é\n")
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse("{\"a\": 1,}") }
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse("{\"a\": 1} x") }
        let x = 0.1 + 0.2
        #expect(try JSONParser.parse(JSONValue.number(x).rendered).doubleValue == x, "shortest round-trip digits")
    }
}
