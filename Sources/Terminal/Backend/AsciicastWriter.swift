import Foundation

/// Writes an asciicast v2 recording (asciinema's format): one JSON header line with the terminal
/// size, then one JSON array per event, `[seconds, "o", text]` for output and `[seconds, "r", "WxH"]`
/// for a resize, with strictly increasing times measured from the header.
///
/// Lines are appended as they happen, so a session that ends abruptly still leaves a playable file.
/// Write errors after the file was opened are remembered (`failed`) rather than thrown: a full disk
/// must not take the workbench down.
public final class AsciicastWriter {
    /// The file could not be created; the description names it and the reason.
    public struct OpenError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): cannot create the recording: \(reason)" }
    }

    public let path: String
    private let handle: FileHandle
    private let clock: () -> Double
    private var start: Double?
    private var lastTime = -1.0
    /// True once a write failed; later events are dropped.
    public private(set) var failed = false

    /// Creates (or truncates) the file at `path`. `clock` gives monotonic seconds (injectable for tests).
    public init(path: String, clock: @escaping () -> Double = { ProcessInfo.processInfo.systemUptime }) throws(OpenError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw OpenError(path: path, reason: "it is a directory")
        }
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            let folder = (path as NSString).deletingLastPathComponent
            let reason = FileManager.default.fileExists(atPath: folder.isEmpty ? "." : folder) ? "permission denied" : "the folder \(folder) does not exist"
            throw OpenError(path: path, reason: reason)
        }
        self.path = path
        self.handle = handle
        self.clock = clock
    }

    deinit { close() }

    /// Writes the header line; event times count from here.
    public func writeHeader(width: Int, height: Int, timestamp: Int = Int(Date().timeIntervalSince1970),
                            environment: [String: String] = [:]) {
        start = clock()
        let env = environment.sorted { $0.key < $1.key }.map { "\(Self.quoted($0.key)): \(Self.quoted($0.value))" }.joined(separator: ", ")
        write("{\"version\": 2, \"width\": \(width), \"height\": \(height), \"timestamp\": \(timestamp), \"env\": {\(env)}}\n")
    }

    /// Appends an output event: text (ANSI escapes and UTF-8) the terminal would receive.
    public func appendOutput(_ text: String) {
        guard !text.isEmpty else { return }
        append(kind: "o", data: text)
    }

    /// Appends a resize event ("r", data "WIDTHxHEIGHT").
    public func appendResize(width: Int, height: Int) {
        append(kind: "r", data: "\(width)x\(height)")
    }

    /// Flushes and closes the file. Safe to call twice.
    public func close() {
        guard !closed else { return }
        closed = true
        try? handle.synchronize()
        try? handle.close()
    }
    private var closed = false

    private func append(kind: String, data: String) {
        let origin = start ?? clock()
        if start == nil { start = origin }
        // Strictly increasing, at microsecond resolution, even when two events share a clock tick.
        let time = max(clock() - origin, lastTime + 1e-6)
        lastTime = time
        write("[\(String(format: "%.6f", time)), \"\(kind)\", \(Self.quoted(data))]\n")
    }

    private func write(_ line: String) {
        guard !failed, !closed else { return }
        do { try handle.write(contentsOf: Data(line.utf8)) } catch { failed = true }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped (ESC as \u001b).
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
