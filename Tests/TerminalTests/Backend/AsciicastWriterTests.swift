import Foundation
import Testing
@testable import Terminal
import TestScratch

@Suite struct AsciicastWriterTests {
    @Test func writerEscapesJSONAndRefusesUnwritablePaths() throws {
        #expect(AsciicastWriter.quoted("a\"b\\c\n\u{1B}[0m") == "\"a\\\"b\\\\c\\n\\u001b[0m\"")
        #expect(throws: AsciicastWriter.OpenError.self) { try AsciicastWriter(path: "/nonexistent-otlab-folder/x.cast") }
        do {
            _ = try AsciicastWriter(path: "/nonexistent-otlab-folder/x.cast")
        } catch {
            #expect(error.description.contains("/nonexistent-otlab-folder/x.cast"))
            #expect(error.description.contains("does not exist"))
        }
    }

    @Test func eventTimesCountFromTheHeaderAndNeverRepeat() throws {
        let path = TestScratch.root.appendingPathComponent("otlab-\(UUID().uuidString).cast").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var now = 50.0
        let writer = try AsciicastWriter(path: path, clock: { now })
        writer.writeHeader(width: 80, height: 24, timestamp: 1_700_000_000, environment: ["TERM": "xterm"])
        now = 51.25
        writer.appendOutput("a")
        writer.appendOutput("b")  // same clock reading: still a later time
        writer.appendOutput("")   // nothing to write
        writer.appendResize(width: 100, height: 30)
        writer.close()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[0] == "{\"version\": 2, \"width\": 80, \"height\": 24, \"timestamp\": 1700000000, \"env\": {\"TERM\": \"xterm\"}}")
        #expect(lines[1] == "[1.250000, \"o\", \"a\"]")
        #expect(lines[2] == "[1.250001, \"o\", \"b\"]")
        #expect(lines[3] == "[1.250002, \"r\", \"100x30\"]")
    }
}
