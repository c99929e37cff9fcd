import Foundation
import OTCore
import OTData
import OTSession
import OTSolvers
import TestScratch
import Testing

/// `EngineRunner` runs the Python probe as a subprocess and reads its stream; here a shell script
/// stands in for python3 (swift test needs no Python): it records its arguments and standard
/// input, then prints a recorded stream.
@Suite struct EngineRunnerTests {
    /// A stand-in interpreter in its own folder: `body` runs after the arguments and stdin are saved.
    static func fakePython(_ body: String) throws -> URL {
        let folder = TestScratch.directory("engine")
        let script = folder.appendingPathComponent("python3")
        let text = "#!/bin/sh\nprintf '%s\\n' \"$@\" > '\(folder.path)/args'\ncat > '\(folder.path)/stdin.npz'\n\(body)\n"
        try text.write(to: script, atomically: true, encoding: .utf8)
        chmod(script.path, 0o755)
        return script
    }

    static func problem() -> TransportProblem {
        TransportProblem(source: Measure(weights: [0.2, 0.3, 0.5]), target: Measure(weights: [0.6, 0.4]),
                         cost: DenseMatrix([[0, 1], [2, 3], [4, 5]]))
    }

    static func configuration(reg: Double, problem: TransportProblem = problem()) throws -> (RunConfiguration, EngineSolver) {
        let engine = try #require(EngineSolver.named("pot:sinkhorn-log"))
        var parameters = engine.descriptor.defaults
        try parameters.set("reg", .real(reg))
        return (RunConfiguration(problem: problem, solver: engine.descriptor, parameters: parameters), engine)
    }

    static func waitUntilFinished(_ runner: EngineRunner, timeout: Double = 30) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if runner.isFinished { return true }
            usleep(5000)
        }
        return false
    }

    @Test func anEngineRunIsTheProbesStreamAndARestartRunsItAgain() throws {
        let stream = TestScratch.file("stream.jsonl")
        try (StreamRunnerTests.lines(solver: "sinkhorn_log", iterations: 21, summary: true).joined(separator: "\n") + "\n")
            .write(to: stream, atomically: true, encoding: .utf8)
        let python = try Self.fakePython("cat '\(stream.path)'")
        let folder = python.deletingLastPathComponent()
        let (configuration, engine) = try Self.configuration(reg: 0.01)
        let runner = EngineRunner(configuration: configuration, engine: engine, python: python.path)
        defer { runner.shutdown() }
        #expect(Self.waitUntilFinished(runner))
        var snapshot = runner.snapshot
        #expect(snapshot.status == .converged && snapshot.startError == nil)
        #expect(snapshot.solverName == "pot:sinkhorn-log" && snapshot.parameters.real("reg") == 0.01 && snapshot.generation == 0)
        #expect(runner.records(from: 0).records.map(\.iteration) == Array(1...21))
        #expect(runner.acceptsCommands, "an engine run is ours: restart and new parameters reach it")
        let arguments = try String(contentsOf: folder.appendingPathComponent("args"), encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(Array(arguments.prefix(8)) == ["-m", "otlab_probe", "solve", "--engine", "pot", "-", "--solver", "sinkhorn-log"])
        #expect(arguments.contains("--reg") && arguments[arguments.firstIndex(of: "--reg")! + 1] == "0.01")
        #expect(arguments.contains("--final-plan"), "a small plan comes back whole, so x exports the real plan")
        // The problem arrived on stdin as POT's a, b, M.
        let sent = try NPZProblem.load(path: folder.appendingPathComponent("stdin.npz").path)
        #expect(sent.a == [0.2, 0.3, 0.5] && sent.b == [0.6, 0.4] && sent.cost.storage == [0, 1, 2, 3, 4, 5])

        let (again, _) = try Self.configuration(reg: 0.02)
        #expect(runner.restart(with: again) == 1)
        #expect(Self.waitUntilFinished(runner))
        snapshot = runner.snapshot
        #expect(snapshot.generation == 1 && snapshot.status == .converged && snapshot.parameters.real("reg") == 0.02)
        let second = try String(contentsOf: folder.appendingPathComponent("args"), encoding: .utf8)
        #expect(second.contains("0.02\n"))
    }

    @Test func aProbeThatCannotStartNamesTheCure() throws {
        let python = try Self.fakePython("echo \"ModuleNotFoundError: No module named 'ot'\" >&2\nexit 1")
        let (configuration, engine) = try Self.configuration(reg: 0.01)
        let runner = EngineRunner(configuration: configuration, engine: engine, python: python.path)
        defer { runner.shutdown() }
        #expect(Self.waitUntilFinished(runner))
        let error = try #require(runner.snapshot.startError)
        #expect(error.contains("POT did not start: ModuleNotFoundError: No module named 'ot'"), "\(error)")
        #expect(error.contains("pip install ./python pot"), "\(error)")
    }

    @Test func aProblemWithoutACostMatrixIsRefusedWithoutStartingPython() throws {
        let xs = DenseMatrix(rows: 2, columns: 1, storage: [0, 1])
        let implicit = TransportProblem(source: .uniform(points: xs), target: .uniform(points: xs),
                                        implicitCost: PointCloudCost(source: xs, target: xs, groundCost: .sqeuclidean))
        let (configuration, engine) = try Self.configuration(reg: 0.01, problem: implicit)
        let runner = EngineRunner(configuration: configuration, engine: engine, python: "/nonexistent/python3")
        #expect(runner.isFinished)
        #expect(runner.snapshot.startError?.contains("too large to send to pot") == true)
    }

    @Test func pauseStopsTheProcessAndCancelEndsItEvenWhilePaused() throws {
        let header = RecordStreamWriter.header(StreamHeader(engine: "pot", solver: "sinkhorn_log", parameters: [], n: 3, m: 2))
        let python = try Self.fakePython("echo '\(header)'\nexec sleep 60")
        let (configuration, engine) = try Self.configuration(reg: 0.01)
        let runner = EngineRunner(configuration: configuration, engine: engine, python: python.path)
        defer { runner.shutdown() }
        let started = python.deletingLastPathComponent().appendingPathComponent("args")
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: started.path) && Date() < deadline { usleep(5000) }
        #expect(!runner.isFinished)
        runner.togglePause()
        #expect(runner.snapshot.isPaused)
        runner.cancel()
        #expect(Self.waitUntilFinished(runner), "SIGTERM reaches a stopped probe (SIGCONT follows it)")
        #expect(runner.snapshot.status == .cancelled && !runner.snapshot.isPaused)
    }

    @Test func availabilityOfAMissingInterpreterSaysSo() {
        let state = EngineAvailability.check(engine: "pot", python: "/nonexistent/python3")
        guard case .missing(let reason) = state else {
            Issue.record("expected missing, got \(state)")
            return
        }
        #expect(reason.contains("/nonexistent/python3"))
    }

    @Test func probeCommandsRunLocallyOrOverSsh() throws {
        var parameters = try #require(EngineSolver.named("pot:unbalanced")).descriptor.defaults
        try parameters.set("reg", .real(0.05))
        let local = ProbeCommand(engine: "pot", solver: "unbalanced", parameters: parameters, ssh: ["ssh"])
        #expect(local.commandLine.prefix(3) == ["python3", "-m", "otlab_probe"])
        #expect(local.commandLine.contains("--reg-m"))
        let remote = ProbeCommand(engine: "ott", solver: "sinkhorn-log", parameters: parameters, host: "me@gpu-box",
                                  ssh: ["ssh", "-p", "2222"])
        #expect(Array(remote.commandLine.prefix(6)) == ["ssh", "-p", "2222", "-o", "BatchMode=yes", "me@gpu-box"])
        #expect(remote.commandLine.last?.hasPrefix("python3 -m otlab_probe solve --engine ott - --solver sinkhorn-log") == true)
    }
}
