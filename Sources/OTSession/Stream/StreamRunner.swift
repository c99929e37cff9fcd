import Foundation
import OTCore
import OTSolvers
import Synchronization

/// A run read from a record stream instead of solved here: the Session-layer twin of
/// `SolverRunner` for `otlab watch`.
///
/// One background thread reads the input (a followed file, a pipe, or a command's stdout), splits
/// it into lines, reads them with `RecordStreamReader` and publishes the same `RunSnapshot` and
/// `RecordHistory` that a local solve publishes; the UI copies them under a `Mutex` once a frame and
/// never waits on the input. A header after a finished run starts a new generation (a script that
/// solves several times). Unreadable lines are skipped and named (`skippedNote`); a stream that
/// ends without a summary, or whose command fails, says so (`sourceNote`) and keeps its last state.
public final class StreamRunner: RunSource {
    private struct State {
        var snapshot: RunSnapshot
        var history = RecordHistory()
        var header: StreamHeader?
        var finished = false
        var summarized = false
        var inputEnded = false
        /// The latest plan snapshot's blocks, re-aggregated to the requested heatmap size.
        var blocks: DenseMatrix?
        var heatmapSize: (rows: Int, columns: Int)?
        var skipped = 0
        var messages: [String] = []
        var rateStart: (seconds: Double, iteration: Int)?
        var processID: Int32?
        var shutdown = false
        /// True while the followed file has been quiet without a summary (the note says so).
        var idleNoted = false
        var reader = RecordStreamReader()
        /// Every line read well, re-written (only with `keepsLines`), for `lines(from:)`.
        var lines: [String]?
    }

    private let state: Mutex<State>
    public let input: StreamInput
    /// Seconds a followed file may stay quiet without a summary before the run is called stopped.
    public let idleSeconds: Double
    /// Most lines of a command's stderr kept.
    public static let messageLimit = 200

    /// What a command reads on its standard input (the problem sent to a remote probe), or nil
    /// for none.
    public let standardInput: Data?

    /// Starts reading at once. `keepsLines` keeps every line read for `lines(from:)` (the headless
    /// `--engine ... --progress`, which passes the stream on).
    public init(input: StreamInput, idleSeconds: Double = 2, standardInput: Data? = nil, keepsLines: Bool = false) {
        self.input = input
        self.idleSeconds = idleSeconds
        self.standardInput = standardInput
        var initial = State(snapshot: StreamRunner.emptySnapshot(generation: 0, header: nil))
        if keepsLines { initial.lines = [] }
        state = Mutex(initial)
        let thread = Thread { [self] in self.readLoop() }
        thread.name = "otlab-stream"
        thread.start()
    }

    // MARK: RunSource

    public var snapshot: RunSnapshot { state.withLock { $0.snapshot } }
    public var isFinished: Bool { state.withLock { $0.finished } }
    public var acceptsCommands: Bool { false }
    public var messages: [String] { state.withLock { $0.messages } }

    public func records(from index: Int) -> (records: ArraySlice<IterationRecord>, epoch: Int) {
        state.withLock { state in
            let all = state.history.records
            let start = min(max(0, index), all.count)
            return (all[start...], state.history.epoch)
        }
    }

    /// The lines read well since `index`, each re-written by `RecordStreamWriter` (empty unless
    /// the runner was made with `keepsLines`).
    public func lines(from index: Int) -> [String] {
        state.withLock { state in
            guard let lines = state.lines, index < lines.count else { return [] }
            return Array(lines[max(0, index)...])
        }
    }

    /// The header of the current run, once read.
    public var header: StreamHeader? { state.withLock { $0.header } }
    /// True once the input has ended (a pipe closed, a command exited); a followed file never ends.
    public var inputEnded: Bool { state.withLock { $0.inputEnded } }

    public func pause() {}
    public func resume() {}
    public func togglePause() {}
    public func step() {}
    public func cancel() {}
    public func setSpeed(iterationsPerSecond: Double?) {}
    @discardableResult public func restart(with configuration: RunConfiguration) -> Int { snapshot.generation }

    /// Re-aggregates the latest plan snapshot (at most 64 x 64 blocks, cheap) to the pane's size.
    public func setHeatmapSize(rows: Int, columns: Int) {
        state.withLock { state in
            if let current = state.heatmapSize, current == (rows, columns) { return }
            state.heatmapSize = (rows, columns)
            Self.publishHeatmap(&state)
        }
    }

    /// The latest plan snapshot becomes `snapshot.plan` (the blocks: the plan itself when the
    /// producer sent it whole).
    public func requestPlan() {
        state.withLock { state in
            guard let blocks = state.blocks else { return }
            state.snapshot.plan = .dense(blocks)
            state.snapshot.planIteration = state.snapshot.latest?.iteration ?? 0
            state.snapshot.revision += 1
        }
    }

    /// Stops reading; a watched command is sent SIGTERM.
    public func shutdown() {
        let pid = state.withLock { state -> Int32? in
            state.shutdown = true
            return state.processID
        }
        if let pid { kill(pid, SIGTERM) }
    }

    /// Sends `signal` to the watched command (SIGSTOP and SIGCONT pause and resume an engine run);
    /// nothing for a file or a pipe.
    public func send(signal: Int32) {
        if let pid = state.withLock({ $0.processID }) { kill(pid, signal) }
    }

    /// Blocks the caller (the watch command before the workbench opens, or a test; never the UI)
    /// until the header is read or the input ends.
    public func waitForHeader(timeout: Double) -> StreamHeader? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let (header, ended) = state.withLock { ($0.header, $0.inputEnded) }
            if header != nil || ended { return header }
            usleep(10_000)
        }
        return nil
    }

    // MARK: Reading (the stream's own thread)

    private var isShutDown: Bool { state.withLock { $0.shutdown } }

    private func readLoop() {
        var splitter = LineSplitter()
        switch input {
        case .file(let path): followFile(path, splitter: &splitter)
        case .fileDescriptor(let fd, _):
            readToEnd(fd, splitter: &splitter)
            inputDidEnd(splitter: &splitter, exit: nil)
        case .command(let arguments): runCommand(arguments, splitter: &splitter)
        }
    }

    private func readToEnd(_ fd: Int32, splitter: inout LineSplitter) {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while !isShutDown {
            let count = buffer.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return }
            consume(buffer[0..<count], splitter: &splitter)
        }
    }

    private func followFile(_ path: String, splitter: inout LineSplitter) {
        var fd: Int32 = -1
        var offset = 0
        var lastData = Date()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        defer { if fd >= 0 { close(fd) } }
        while !isShutDown {
            if fd < 0 {
                fd = open(path, O_RDONLY)
                if fd < 0 {
                    note("waiting for \(path) to appear")
                    usleep(100_000)
                    continue
                }
                note(nil)
            }
            let count = buffer.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                offset += count
                lastData = Date()
                consume(buffer[0..<count], splitter: &splitter)
                continue
            }
            // At the end for now: a file cut short and rewritten is read again from its start.
            var info = stat()
            if stat(path, &info) == 0, Int(info.st_size) < offset {
                lseek(fd, 0, SEEK_SET)
                offset = 0
                splitter = LineSplitter()
                continue
            }
            if Date().timeIntervalSince(lastData) >= idleSeconds { fileWentQuiet(path, splitter: &splitter) }
            usleep(50_000)
        }
    }

    private func runCommand(_ arguments: [String], splitter: inout LineSplitter) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = standardInput.map { _ in Pipe() }
        process.standardInput = input ?? FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            appendMessage("cannot run \(arguments.first ?? ""): \(error)")
            inputDidEnd(splitter: &splitter, exit: "\(arguments.first ?? "the command") could not be started")
            return
        }
        state.withLock { $0.processID = process.processIdentifier }
        let errorReader = Thread { [self] in
            var lines = LineSplitter()
            let fd = err.fileHandleForReading.fileDescriptor
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                for line in lines.push(buffer[0..<count]) { appendMessage(line) }
            }
            if let tail = lines.finish() { appendMessage(tail) }
        }
        errorReader.name = "otlab-stream-stderr"
        errorReader.start()
        if let input, let standardInput {
            // Written from its own thread: a command that reads slowly must not stall the reading.
            let writer = Thread {
                input.fileHandleForWriting.write(standardInput)
                try? input.fileHandleForWriting.close()
            }
            writer.name = "otlab-stream-stdin"
            writer.start()
        }
        readToEnd(out.fileHandleForReading.fileDescriptor, splitter: &splitter)
        if isShutDown { process.terminate() }
        process.waitUntilExit()
        let status = process.terminationStatus
        let name = URL(fileURLWithPath: arguments.first ?? "command").lastPathComponent
        let exit: String?
        if process.terminationReason == .uncaughtSignal {
            exit = "\(name) was stopped by signal \(status)"
        } else {
            exit = status == 0 ? nil : "\(name) exited with status \(status)"
        }
        // Let the stderr reader take the command's last words before the note is written.
        usleep(50_000)
        inputDidEnd(splitter: &splitter, exit: exit)
    }

    private func consume(_ bytes: ArraySlice<UInt8>, splitter: inout LineSplitter) {
        let lines = splitter.push(bytes)
        guard !lines.isEmpty else { return }
        state.withLock { state in
            for line in lines { Self.readLine(line, into: &state) }
            state.snapshot.revision += 1
        }
    }

    private func appendMessage(_ line: String) {
        state.withLock { state in
            state.messages.append(line)
            if state.messages.count > Self.messageLimit { state.messages.removeFirst(state.messages.count - Self.messageLimit) }
            state.snapshot.revision += 1
        }
    }

    private func note(_ text: String?) {
        state.withLock { state in
            guard state.snapshot.sourceNote != text else { return }
            state.snapshot.sourceNote = text
            state.snapshot.revision += 1
        }
    }

    /// A followed file quiet for `idleSeconds`: without a summary its run is shown as stopped
    /// (and running again if lines arrive).
    private func fileWentQuiet(_ path: String, splitter: inout LineSplitter) {
        state.withLock { state in
            guard !state.summarized, !state.idleNoted, state.header != nil else { return }
            state.idleNoted = true
            let iteration = state.snapshot.latest.map { " after iteration \($0.iteration)" } ?? " before any record"
            state.snapshot.sourceNote = "the stream ended early: no summary\(iteration) (still following \(URL(fileURLWithPath: path).lastPathComponent))"
            state.snapshot.status = .cancelled
            state.finished = true
            state.snapshot.revision += 1
        }
    }

    private func inputDidEnd(splitter: inout LineSplitter, exit: String?) {
        let tail = splitter.finish()
        state.withLock { state in
            if let tail { Self.readLine(tail, into: &state) }
            state.inputEnded = true
            if state.header == nil {
                state.snapshot.sourceNote = "the stream ended before its header" + (exit.map { "; \($0)" } ?? "")
                state.snapshot.status = .cancelled
            } else if !state.summarized {
                let iteration = state.snapshot.latest.map { " after iteration \($0.iteration)" } ?? " before any record"
                state.snapshot.sourceNote = "the stream ended early: no summary\(iteration)" + (exit.map { "; \($0)" } ?? "")
                state.snapshot.status = .cancelled
            } else if let exit {
                state.snapshot.sourceNote = exit
            }
            state.finished = true
            state.snapshot.revision += 1
        }
    }

    // MARK: Events

    private static func readLine(_ line: String, into state: inout State) {
        var reader = state.reader
        let result = reader.read(line: line)
        state.reader = reader
        switch result {
        case .success(nil): return
        case .success(let event?):
            apply(event, to: &state)
            if state.lines != nil, let line = rewritten(event) { state.lines?.append(line) }
        case .failure(let error):
            state.skipped += 1
            state.snapshot.skippedNote = "\(error.description) · skipped (\(state.skipped) bad line\(state.skipped == 1 ? "" : "s"))"
        }
    }

    private static func apply(_ event: RecordStream.Event, to state: inout State) {
        if state.idleNoted, state.header != nil {
            // Lines again after a quiet spell: the run goes on.
            state.idleNoted = false
            state.snapshot.sourceNote = nil
            state.snapshot.status = .running
            state.finished = false
        }
        switch event {
        case .header(let header):
            let isNewRun = state.summarized || !state.history.records.isEmpty
            state.header = header
            let generation = state.snapshot.generation + (isNewRun ? 1 : 0)
            let skipped = state.snapshot.skippedNote
            let revision = state.snapshot.revision
            state.snapshot = emptySnapshot(generation: generation, header: header)
            state.snapshot.skippedNote = skipped
            state.snapshot.revision = revision + 1
            state.history = RecordHistory()
            state.blocks = nil
            state.summarized = false
            state.finished = false
            state.rateStart = nil
        case .record(let record):
            state.history.append(record)
            state.snapshot.latest = record
            if record.evaluation != nil { state.snapshot.latestEvaluated = record }
            if let start = state.rateStart {
                if record.seconds - start.seconds >= 0.5 {
                    state.snapshot.iterationsPerSecond = Double(record.iteration - start.iteration) / (record.seconds - start.seconds)
                    state.rateStart = (record.seconds, record.iteration)
                }
            } else {
                state.rateStart = (record.seconds, record.iteration)
            }
        case .plan(let plan):
            state.blocks = plan.blocks
            publishHeatmap(&state)
        case .potentials(_, let potentials):
            guard let header = state.header, potentials.f.count == header.n, potentials.g.count == header.m else { return }
            state.snapshot.potentials = potentials
        case .summary(let summary):
            applySummary(summary, to: &state)
        case .unknown:
            return
        }
    }

    private static func rewritten(_ event: RecordStream.Event) -> String? {
        switch event {
        case .header(let header): RecordStreamWriter.header(header)
        case .record(let record): RecordStreamWriter.record(record)
        case .plan(let plan): RecordStreamWriter.plan(plan)
        case .potentials(let iteration, let potentials): RecordStreamWriter.potentials(potentials, iteration: iteration)
        case .summary(let summary): RecordStreamWriter.summary(summary)
        case .unknown: nil
        }
    }

    private static func applySummary(_ summary: StreamSummary, to state: inout State) {
        state.summarized = true
        state.finished = true
        state.snapshot.status = summary.status == .running ? .cancelled : summary.status
        state.snapshot.warning = summary.warning
        state.snapshot.sourceNote = nil
        // The summary's figures complete the last record where the producer left them out.
        let latest = state.snapshot.latest
        let iteration = summary.iterations ?? latest?.iteration ?? 0
        let evaluation = summary.cost.map {
            SolverEvaluation(cost: $0, objective: summary.objective ?? $0, dualObjective: summary.dualObjective, mass: summary.mass ?? .nan)
        }
        if latest == nil || iteration > latest!.iteration || (latest!.evaluation == nil && evaluation != nil) {
            let record = IterationRecord(
                iteration: iteration, seconds: summary.seconds ?? latest?.seconds ?? 0,
                marginalError: summary.marginalError ?? latest?.marginalError ?? .nan,
                evaluation: evaluation ?? latest?.evaluation, extras: latest?.extras ?? [])
            state.history.append(record, force: true)
            state.snapshot.latest = record
            if record.evaluation != nil { state.snapshot.latestEvaluated = record }
        }
    }

    private static func publishHeatmap(_ state: inout State) {
        guard let blocks = state.blocks else { return }
        if let size = state.heatmapSize, size.rows > 0, size.columns > 0 {
            state.snapshot.heatmap = BlockAggregation.aggregate(blocks, maxRows: size.rows, maxColumns: size.columns)
        } else {
            state.snapshot.heatmap = blocks
        }
        state.snapshot.revision += 1
    }

    static func emptySnapshot(generation: Int, header: StreamHeader?) -> RunSnapshot {
        var snapshot = RunSnapshot(
            generation: generation, solverName: header?.solver ?? "stream", parameters: header?.parameterValues ?? ParameterValues(defaultsFor: []),
            status: .running, isPaused: false, latest: nil, latestEvaluated: nil, heatmap: nil, potentials: nil, plan: nil,
            planIteration: nil, startError: nil, warning: nil, sourceNote: nil, skippedNote: nil, iterationsPerSecond: 0, revision: 0)
        snapshot.choice = header?.choice
        return snapshot
    }
}

/// Splits bytes into lines (UTF-8, `\n`-terminated), keeping an unfinished last line for later.
struct LineSplitter {
    private var pending: [UInt8] = []

    mutating func push(_ bytes: ArraySlice<UInt8>) -> [String] {
        var lines: [String] = []
        var start = bytes.startIndex
        for index in bytes.indices where bytes[index] == 0x0A {
            if pending.isEmpty {
                lines.append(String(decoding: bytes[start..<index], as: UTF8.self))
            } else {
                pending += bytes[start..<index]
                lines.append(String(decoding: pending, as: UTF8.self))
                pending.removeAll(keepingCapacity: true)
            }
            start = index + 1
        }
        pending += bytes[start...]
        return lines
    }

    /// The unfinished last line at the end of the input, if any.
    mutating func finish() -> String? {
        defer { pending.removeAll() }
        return pending.isEmpty ? nil : String(decoding: pending, as: UTF8.self)
    }
}

/// POSIX `read` (named apart from `RunSource.records` and friends inside the runner).
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.read(fd, buffer, count)
    #else
    Darwin.read(fd, buffer, count)
    #endif
}
