import Foundation
import OTData
import Testing

/// `otlab watch` in a real terminal (tmux) on streams recorded by `otlab solve --progress`: the
/// curve, statistics and heatmap come up; a truncated stream says it ended early; a garbage line is
/// named and skipped; a pipe and a command are read live; several streams overlay their curves.
@Suite(.serialized) struct WatchEndToEndTests {
    let directory: URL
    /// The recorded stream's lines.
    let lines: [String]

    init() throws {
        directory = try OtlabProcess.temporaryDirectory()
        // Two 30-point clouds on a spiral and a line: a few hundred sinkhorn-log iterations at reg 0.05.
        var source = "x,y\n", target = "x,y\n"
        for k in 0..<30 {
            let t = Double(k) / 29
            source += "\(cos(6 * t) * t),\(sin(6 * t) * t)\n"
            target += "\(t - 0.5),\(0.3 * t)\n"
        }
        try source.write(to: directory.appendingPathComponent("a.csv"), atomically: true, encoding: .utf8)
        try target.write(to: directory.appendingPathComponent("b.csv"), atomically: true, encoding: .utf8)
        let result = try OtlabProcess.run(["solve", "a.csv", "b.csv", "--solver", "sinkhorn-log", "--reg", "0.05", "--progress"], in: directory)
        guard result.status == 0 else { throw CocoaError(.fileReadCorruptFile) }
        lines = result.stdout.split(separator: "\n").map(String.init)
        try write(lines, to: "run.jsonl")
    }

    private func write(_ lines: [String], to name: String) throws {
        try (lines.joined(separator: "\n") + "\n").write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    private var otlab: String { "'\(OtlabProcess.executable.path)'" }

    /// The number after "iteration" in the statistics pane.
    private static func iteration(in screen: String) -> Int? {
        for line in screen.split(separator: "\n") {
            guard let range = line.range(of: "│iteration ") else { continue }
            return Int(line[range.upperBound...].drop { $0 == " " }.prefix { $0.isNumber })
        }
        return nil
    }

    private var lastIteration: Int {
        lines.compactMap { line -> Int? in
            guard line.contains("\"type\":\"record\""), let range = line.range(of: "\"iteration\":") else { return nil }
            return Int(line[range.upperBound...].prefix { $0.isNumber })
        }.last ?? -1
    }

    @Test(.enabled(if: TmuxSession.isAvailable, "needs tmux"))
    func aRecordedStreamShowsCurveStatisticsAndHeatmap() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(lines.first?.contains("\"stream\":\"otlab/1\"") == true)
        let session = try TmuxSession(command: "\(otlab) watch run.jsonl", directory: directory)
        let screen = try #require(session.waitFor(timeout: 30) { $0.contains("converged") && $0.hasBraille && $0.contains("▀") && $0.contains("cost <P,C>") },
                                  "watch did not show the run:\n\(session.screen())")
        #expect(screen.contains("watch run.jsonl"))
        #expect(screen.contains("swift"), "the engine is named")
        #expect(Self.iteration(in: screen) == lastIteration, "the statistics show the last record")
        // Keys that would change the run say why they do nothing.
        session.send("r")
        #expect(session.waitFor(timeout: 10) { $0.contains("watching a stream") } != nil)
        // c keeps the watched run on the chart.
        session.send("c")
        #expect(session.waitFor(timeout: 10) { $0.contains("kept sinkhorn-log") } != nil, "\(session.screen())")
        session.send("q")
        #expect(session.exitStatus(timeout: 15) == 0)
    }

    @Test(.enabled(if: TmuxSession.isAvailable, "needs tmux"))
    func aTruncatedStreamSaysItEndedEarlyAndKeepsTheLastState() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let cut = Array(lines.prefix(lines.count / 2))
        let expected = cut.filter { $0.contains("\"type\":\"record\"") }.count
        try write(cut, to: "cut.jsonl")
        let session = try TmuxSession(command: "\(otlab) watch cut.jsonl", directory: directory)
        let screen = try #require(session.waitFor(timeout: 30) { $0.contains("ended early") && $0.hasBraille },
                                  "no ended-early note:\n\(session.screen())")
        #expect(screen.contains("no summary after iteration \(expected)"), "\(screen)")
        #expect(screen.contains("stream stopped"))
        #expect(Self.iteration(in: screen) == expected, "the last state stays on screen")
        session.send("q")
        #expect(session.exitStatus(timeout: 15) == 0)
    }

    @Test(.enabled(if: TmuxSession.isAvailable, "needs tmux"))
    func garbageLinesAreNamedAndSkipped() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        var mixed = lines
        mixed.insert("Warning: this is no JSON", at: 40)
        mixed.insert("{\"type\":\"record\",\"iteration\":\"forty\"}", at: 80)
        try write(mixed, to: "mixed.jsonl")
        let session = try TmuxSession(command: "\(otlab) watch mixed.jsonl", directory: directory)
        let screen = try #require(session.waitFor(timeout: 30) { $0.contains("converged") && $0.contains("line 81") },
                                  "garbage not named:\n\(session.screen())")
        #expect(screen.contains("2 bad lines"), "\(screen)")
        #expect(Self.iteration(in: screen) == lastIteration, "reading went on past the bad lines")
        session.send("q")
        #expect(session.exitStatus(timeout: 15) == 0)
    }

    @Test(.enabled(if: TmuxSession.isAvailable, "needs tmux"))
    func aPipeAndACommandAreReadLiveWithTheCommandsStderr() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let head = Array(lines.prefix(60))
        let headRecords = head.filter { $0.contains("\"type\":\"record\"") }.count
        try write(head, to: "head.jsonl")
        try write(Array(lines.dropFirst(60)), to: "tail.jsonl")
        // The command writes half, says something on stderr, waits for the test's go, then writes the rest.
        let command = "\(otlab) watch -- sh -c 'cat head.jsonl; echo \"probe: warming up\" >&2; while [ ! -f go ]; do sleep 0.1; done; cat tail.jsonl'"
        let session = try TmuxSession(command: command, directory: directory)
        let half = try #require(session.waitFor(timeout: 30) { Self.iteration(in: $0) == headRecords && $0.contains("probe: warming up") },
                                "the first half and the stderr line did not show:\n\(session.screen())")
        #expect(half.contains("running"))
        try "".write(to: directory.appendingPathComponent("go"), atomically: true, encoding: .utf8)
        let done = try #require(session.waitFor(timeout: 30) { $0.contains("converged") }, "\(session.screen())")
        #expect(Self.iteration(in: done) == lastIteration)
        session.send("q")
        #expect(session.exitStatus(timeout: 15) == 0)

        // A pipe on standard input; the keys still come from the terminal.
        let piped = try TmuxSession(command: "cat run.jsonl | \(otlab) watch -", directory: directory)
        #expect(piped.waitFor(timeout: 30) { $0.contains("converged") && $0.contains("watch stdin") } != nil, "\(piped.screen())")
        piped.send("q")
        #expect(piped.exitStatus(timeout: 15) == 0)
    }

    @Test(.enabled(if: TmuxSession.isAvailable, "needs tmux"))
    func severalStreamsOverlayTheirCurves() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let second = try OtlabProcess.run(["solve", "a.csv", "b.csv", "--solver", "sinkhorn", "--reg", "0.2", "--progress"], in: directory)
        try second.stdout.write(to: directory.appendingPathComponent("other.jsonl"), atomically: true, encoding: .utf8)
        let session = try TmuxSession(command: "\(otlab) watch run.jsonl other.jsonl", directory: directory)
        let screen = try #require(session.waitFor(timeout: 30) { $0.contains("converged") && $0.contains("other.jsonl") && $0.hasBraille },
                                  "the second stream is not on the chart:\n\(session.screen())")
        let legend = try #require(screen.split(separator: "\n").first { $0.contains("■ other.jsonl") })
        #expect(legend.contains("error sinkhorn-log"), "both curves in one legend: \(legend)")
        session.send("q")
        #expect(session.exitStatus(timeout: 15) == 0)
    }

    /// `x` in `otlab watch` writes the plan, log and heatmap; the 30 x 30 plan came whole in the
    /// stream (no bigger than 64 x 64), so the exported plan is the one `otlab solve --plan-out`
    /// writes for the same solve. The problem pane draws the clouds the header sent.
    @Test(.enabled(if: TmuxSession.isAvailable, "needs tmux"))
    func exportWritesThePlanTheStreamSent() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let solved = try OtlabProcess.run(["solve", "a.csv", "b.csv", "--solver", "sinkhorn-log", "--reg", "0.05", "--plan-out", "solved.npy"],
                                          in: directory)
        #expect(solved.status == 0)
        let session = try TmuxSession(command: "\(otlab) watch run.jsonl", directory: directory)
        let screen = try #require(session.waitFor(timeout: 30) { $0.contains("converged") && $0.contains("▀") },
                                  "watch did not show the run:\n\(session.screen())")
        #expect(screen.contains("■ source  ■ target"), "the header's points are drawn:\n\(screen)")
        session.send("x")
        #expect(session.waitFor(timeout: 20) { $0.contains("exported") } != nil, "\(session.screen())")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        let planFile = try #require(files.first { $0.hasPrefix("otlab-") && $0.hasSuffix(".npy") }, "\(files)")
        #expect(files.contains { $0.hasPrefix("otlab-") && $0.hasSuffix(".csv") } && files.contains { $0.hasPrefix("otlab-") && $0.hasSuffix(".png") })
        let exported = try NPYReader.read(at: directory.appendingPathComponent(planFile).path).asMatrix(source: planFile)
        let expected = try NPYReader.read(at: directory.appendingPathComponent("solved.npy").path).asMatrix(source: "solved.npy")
        #expect(exported.rows == 30 && exported.columns == 30)
        #expect(zip(exported.storage, expected.storage).allSatisfy { abs($0 - $1) <= 1e-15 }, "the exported plan is the solve's plan")
        session.send("q")
        #expect(session.exitStatus(timeout: 15) == 0)
    }

    @Test func aStreamWithoutAHeaderIsBadInput() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try OtlabProcess.run(["watch", "--", "sh", "-c", "echo not a stream; echo 'ssh: connect to host gpu-box: refused' >&2; exit 255"], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains("ended before its header"), "\(result.stderr)")
        #expect(result.stderr.contains("exited with status 255"))
        #expect(result.stderr.contains("connect to host gpu-box"), "the command's last stderr line is shown")
        #expect(result.stderr.contains("line 1: not JSON"))
    }
}
