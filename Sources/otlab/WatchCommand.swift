import ArgumentParser
import Foundation
import OTCore
import OTSession
import Terminal
import Workbench

/// `otlab watch FILE...`, `otlab watch -`, `otlab watch -- CMD ARGS`: the workbench driven by
/// record streams (docs/record-stream.md) instead of a local solver.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Watch solves that run elsewhere: the workbench on record streams (JSON lines).",
        discussion: HelpExamples.discussion(
            """
                FILE is followed as it grows (like tail -f); - reads standard input (a pipe); after --, the \
                command is run and its standard output read (its standard error is shown in the solver pane), \
                e.g. `otlab watch -- ssh gpu-box python -m otlab_probe solve --engine ott a.npy b.npy --reg 0.01`. \
                With several streams the first drives the panes and the others overlay their curves. \
                The stream format is in docs/record-stream.md; `otlab solve --progress` and the Python probe write it.
                """,
            [
                ("otlab watch run.jsonl", "The workbench on a stream file, followed as it grows."),
                ("otlab solve a.csv b.csv --progress | otlab watch -", "A headless solve, watched live through a pipe."),
                ("otlab watch -- python -m otlab_probe solve --engine pot a.npy b.npy --reg 0.01", "POT's solve, through the Python probe."),
            ]))

    /// Files, then optionally `--` and a command (ArgumentParser cannot have a second positional
    /// array after the first, so the two are split here). Options go before them.
    @Argument(parsing: .captureForPassthrough, help: "Stream files to follow (- for standard input), then optionally -- CMD ARGS: a command whose standard output is a stream.")
    var streams: [String] = []

    var files: [String] { Array(streams.prefix { $0 != "--" }) }
    var command: [String] { streams.firstIndex(of: "--").map { Array(streams[($0 + 1)...]) } ?? [] }

    @Option(name: .customLong("header-timeout"), help: "Seconds to wait for the first stream's header before giving up.")
    var headerTimeout: Double = 120

    @Option(name: .long, help: "Record the session as an asciicast v2 file.")
    var record: String?

    func run() throws {
        // The passthrough argument captures everything, --help included: answer it here.
        if let first = streams.first, first == "--help" || first == "-h" { throw CleanExit.helpRequest(self) }
        var inputs: [StreamInput] = []
        for file in files {
            if file == "-" {
                guard !inputs.contains(where: { if case .fileDescriptor = $0 { true } else { false } }) else {
                    throw InputError("watch", nil, "- (standard input) can be given once")
                }
                inputs.append(.fileDescriptor(try Self.takeStandardInput(), name: "stdin"))
            } else {
                inputs.append(.file(path: file))
            }
        }
        if !command.isEmpty { inputs.append(.command(command)) }
        guard !inputs.isEmpty else {
            throw InputError("watch", nil, "needs a stream: FILE (followed), - (standard input) or -- CMD ARGS (a command's output)")
        }
        if case .file(let path)? = inputs.first, !FileManager.default.fileExists(atPath: path) {
            throw InputError(path, nil, "no such file (otlab watch follows a file that exists; start the producer first)")
        }
        let runners = inputs.map { StreamRunner(input: $0) }
        let first = runners[0]
        FileHandle.standardError.write(Data("otlab watch: waiting for the header of \(inputs[0].label)…\n".utf8))
        guard let header = first.waitForHeader(timeout: headerTimeout) else {
            for runner in runners { runner.shutdown() }
            let snapshot = first.snapshot
            var reason = snapshot.sourceNote ?? "no header within \(Int(headerTimeout)) s"
            if let skipped = snapshot.skippedNote { reason += " (\(skipped))" }
            if let lastWords = first.messages.last { reason += "; its stderr ends: \(lastWords)" }
            throw InputError(inputs[0].label, nil, reason)
        }
        let setup = ProblemSetup.watching(header, origin: Self.shortLabel(inputs[0]))
        let companions = zip(inputs, runners).dropFirst().map { input, runner in
            (label: Self.shortLabel(input), source: runner as any RunSource)
        }
        let model = WorkbenchModel(setup: setup, source: first, companions: companions)
        try WorkbenchLaunch.run(model, recordPath: record)
    }

    /// Moves the stream off standard input and puts the terminal there, so ncurses reads keys from
    /// the terminal while the pipe feeds the stream. Returns the stream's descriptor.
    static func takeStandardInput() throws -> Int32 {
        let stream = dup(0)
        let terminal = open("/dev/tty", O_RDWR)
        guard stream >= 0, terminal >= 0 else {
            throw InputError("watch", nil, "- needs a terminal besides the pipe (/dev/tty could not be opened)")
        }
        dup2(terminal, 0)
        close(terminal)
        return stream
    }

    static func shortLabel(_ input: StreamInput) -> String {
        switch input {
        case .file(let path): URL(fileURLWithPath: path).lastPathComponent
        case .fileDescriptor(_, let name): name
        case .command(let arguments):
            ([URL(fileURLWithPath: arguments.first ?? "").lastPathComponent] + arguments.dropFirst().prefix(2)).joined(separator: " ")
        }
    }
}
