import Foundation
import OTCore
import OTData
import OTSession
import OTSolvers

/// `otlab solve ... --engine pot|ott [--host USER@HOST]`: the solve runs in POT or OTT-JAX through
/// the Python probe (`python/otlab_probe`), locally or over ssh, and is read back as a record
/// stream (docs/record-stream.md) by the same `StreamRunner` that `otlab watch` uses.
///
/// Locally the probe reads the problem from an .npz written to a temporary file; over ssh the
/// .npz goes on the probe's standard input (`python3 -m otlab_probe solve -`), so the remote
/// machine needs only Python, the engine and `pip install ./python`, not the files.
struct EngineRun {
    var engine: String
    var host: String?
    var problem: TransportProblem
    var solver: SolverDescriptor
    var parameters: ParameterValues
    var json: Bool
    var progress: Bool

    /// The probe's command line for this solve, reading the problem from `input`.
    func probeArguments(input: String) -> [String] {
        var arguments = ["-m", "otlab_probe", "solve", "--engine", engine, input, "--solver", solver.name]
        for (flag, name) in [("--reg", "reg"), ("--reg-m", "reg-m"), ("--tol", "tol"), ("--max-iter", "max-iter")] where parameters.has(name) {
            arguments += [flag, parameters[name]!.description]
        }
        return arguments
    }

    func execute() throws -> ExitStatus {
        guard !problem.hasImplicitCost else {
            throw InputError("--engine", nil, "the \(problem.sourceCount) x \(problem.targetCount) cost matrix is too large to send to \(engine); use --engine swift with sinkhorn-online")
        }
        let archive = ProbeArchive.encode(a: problem.a, b: problem.b, cost: problem.cost)
        let runner: StreamRunner
        var temporary: URL?
        if let host {
            // ssh runs the probe remotely; the archive goes on its standard input.
            let remote = (["python3"] + probeArguments(input: "-")).map(Self.shellQuoted).joined(separator: " ")
            runner = StreamRunner(input: .command(["ssh", "-o", "BatchMode=yes", host, remote]), standardInput: archive, keepsLines: progress)
        } else {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("otlab-probe-\(UUID().uuidString).npz")
            try archive.write(to: url)
            temporary = url
            runner = StreamRunner(input: .command(["python3"] + probeArguments(input: url.path)), keepsLines: progress)
        }
        defer { if let temporary { try? FileManager.default.removeItem(at: temporary) } }
        let interrupt = InterruptFlag.install()
        var printed = 0
        while !runner.isFinished || !runner.inputEnded {
            if interrupt.isSet { runner.shutdown() }
            usleep(2000)
            if progress { printed = printLines(runner, from: printed) }
        }
        if progress { _ = printLines(runner, from: printed) }
        for line in runner.messages { FileHandle.standardError.write(Data("\(engine): \(line)\n".utf8)) }
        let snapshot = runner.snapshot
        if runner.header == nil {
            let hint = engine == "ott" ? "pip install ott-jax" : "pip install pot"
            throw ExitStatusMessage(status: .badInput, message: "--engine \(engine)\(host.map { " on \($0)" } ?? ""): the probe wrote no stream (\(snapshot.sourceNote ?? "no header")); install it with `pip install ./python` and `\(hint)`")
        }
        if !progress {
            var report = RunReport.summary(snapshot: snapshot, plan: nil, problem: problem)
            if case .object(var pairs) = report {
                pairs.insert(("engine", .string(runner.header?.engineLabel ?? engine)), at: 1)
                report = .object(pairs)
            }
            if json {
                print(report.rendered)
            } else {
                let evaluation = snapshot.latestEvaluated?.evaluation
                print("engine          \(runner.header?.engineLabel ?? engine)")
                print("solver          \(snapshot.solverName)")
                print("status          \(snapshot.status.name)")
                print("iterations      \(snapshot.latest?.iteration ?? 0)")
                print("cost            \(evaluation.map { String(format: "%.12g", $0.cost) } ?? "-")")
                print("objective       \(evaluation.map { String(format: "%.12g", $0.objective) } ?? "-")")
                print("marginal error  \(snapshot.latest.map { String(format: "%.12g", $0.marginalError) } ?? "-")")
            }
        }
        if let note = snapshot.sourceNote { FileHandle.standardError.write(Data("otlab: \(note)\n".utf8)) }
        switch snapshot.status {
        case .diverged: return .numericalFailure
        case .cancelled: return snapshot.sourceNote != nil ? .numericalFailure : .interrupted
        default: return .finished
        }
    }

    /// With `--progress`, the stream's lines as read (re-written by `RecordStreamWriter`, so the
    /// output is the same format whichever engine ran).
    private func printLines(_ runner: StreamRunner, from index: Int) -> Int {
        let lines = runner.lines(from: index)
        for line in lines { print(line) }
        if !lines.isEmpty { fflush(nil) }
        return index + lines.count
    }

    static func shellQuoted(_ word: String) -> String {
        if word.allSatisfy({ $0.isLetter || $0.isNumber || "-_./=:+".contains($0) }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// An .npz archive (a stored, uncompressed zip of .npy members) of POT's `a`, `b` and `M`, the
/// problem the probe reads.
enum ProbeArchive {
    static func encode(a: [Double], b: [Double], cost: DenseMatrix) -> Data {
        let members = [("a.npy", NPYWriter.encode(vector: a)), ("b.npy", NPYWriter.encode(vector: b)), ("M.npy", NPYWriter.encode(matrix: cost))]
        var archive = Data()
        var central = Data()
        for (name, data) in members {
            let offset = UInt32(archive.count)
            let crc = crc32(data)
            let nameBytes = Data(name.utf8)
            archive.append(le32(0x0403_4b50)); archive.append(le16(20)); archive.append(le16(0)); archive.append(le16(0))
            archive.append(le16(0)); archive.append(le16(0)); archive.append(le32(crc))
            archive.append(le32(UInt32(data.count))); archive.append(le32(UInt32(data.count)))
            archive.append(le16(UInt16(nameBytes.count))); archive.append(le16(0))
            archive.append(nameBytes); archive.append(data)
            central.append(le32(0x0201_4b50)); central.append(le16(20)); central.append(le16(20)); central.append(le16(0))
            central.append(le16(0)); central.append(le16(0)); central.append(le16(0)); central.append(le32(crc))
            central.append(le32(UInt32(data.count))); central.append(le32(UInt32(data.count)))
            central.append(le16(UInt16(nameBytes.count))); central.append(le16(0)); central.append(le16(0))
            central.append(le16(0)); central.append(le16(0)); central.append(le32(0)); central.append(le32(offset))
            central.append(nameBytes)
        }
        let centralOffset = UInt32(archive.count)
        archive.append(central)
        archive.append(le32(0x0605_4b50)); archive.append(le16(0)); archive.append(le16(0))
        archive.append(le16(UInt16(members.count))); archive.append(le16(UInt16(members.count)))
        archive.append(le32(UInt32(central.count))); archive.append(le32(centralOffset)); archive.append(le16(0))
        return archive
    }

    private static func le16(_ x: UInt16) -> Data { withUnsafeBytes(of: x.littleEndian) { Data($0) } }
    private static func le32(_ x: UInt32) -> Data { withUnsafeBytes(of: x.littleEndian) { Data($0) } }

    /// CRC-32 (IEEE 802.3), as zip wants it.
    static func crc32(_ data: Data) -> UInt32 {
        var table = [UInt32](repeating: 0, count: 256)
        for i in 0..<256 {
            var c = UInt32(i)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            table[i] = c
        }
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
