import Foundation
import Testing
@testable import Terminal
import TestScratch

@Suite struct RecordingBackendTests {
    /// A clock that advances 10 ms per reading, so event times are known.
    final class FakeClock {
        var now = 100.0
        func tick() -> Double { now += 0.01; return now }
    }

    private func frame(width: Int, height: Int, _ label: String, accent: Color) -> Buffer {
        var buffer = Buffer(width: width, height: height)
        buffer.setString(label, x: 1, y: 0, style: Style(foreground: accent, adding: .bold))
        buffer.setString("漢字 wide", x: 0, y: 1, style: Style(foreground: .rgb(RGB(10, 200, 30)), background: .palette(236)))
        buffer.setString("⣿⠁ braille", x: 2, y: 2, style: Style(adding: [.reverse, .underline, .dim]))
        buffer.set(x: width - 1, y: height - 1, glyph: "▀", style: Style(foreground: .red, background: .rgb(RGB(1, 2, 3))))
        return buffer
    }

    private func sameScreen(_ replayed: Buffer, _ expected: Buffer) -> Bool {
        guard replayed.width == expected.width, replayed.height == expected.height else { return false }
        for y in 0..<expected.height {
            for x in 0..<expected.width {
                let a = replayed[x, y], b = expected[x, y]
                if a.isContinuation != b.isContinuation { return false }
                if b.isContinuation { continue }
                if a.glyph != b.glyph || a.foreground != b.foreground || a.background != b.background || a.attributes != b.attributes { return false }
            }
        }
        return true
    }

    @Test func recordingParsesAndReplaysToTheSameCells() throws {
        let path = TestScratch.root.appendingPathComponent("otlab-\(UUID().uuidString).cast").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let clock = FakeClock()
        let writer = try AsciicastWriter(path: path, clock: clock.tick)
        let terminal = TestBackend(width: 24, height: 6)
        let backend = RecordingBackend(wrapping: terminal, writer: writer, environment: ["TERM": "xterm-256color"])
        let frames = [
            frame(width: 24, height: 6, "first", accent: .palette(39)),
            frame(width: 24, height: 6, "second", accent: .rgb(RGB(250, 100, 0))),
            frame(width: 24, height: 6, "second", accent: .rgb(RGB(250, 100, 0))),  // unchanged: no event
        ]
        for buffer in frames { backend.flush(buffer) }
        terminal.resize(width: 30, height: 8)
        let resized = frame(width: 30, height: 8, "after resize", accent: .green)
        backend.flush(resized)
        writer.close()
        #expect(terminal.lastFlushed == resized, "frames still reach the wrapped backend")

        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(header["version"] as? Int == 2)
        #expect(header["width"] as? Int == 24)
        #expect(header["height"] as? Int == 6)
        #expect(header["timestamp"] is Int)
        #expect((header["env"] as? [String: String])?["TERM"] == "xterm-256color")

        var events: [(time: Double, kind: String, data: String)] = []
        for line in lines.dropFirst() {
            let array = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any])
            #expect(array.count == 3)
            events.append((try #require(array[0] as? Double), try #require(array[1] as? String), try #require(array[2] as? String)))
        }
        #expect(events.map(\.kind) == ["o", "o", "r", "o"])
        #expect(events[2].data == "30x8")
        for (earlier, later) in zip(events, events.dropFirst()) { #expect(later.time > earlier.time) }
        #expect(events[0].time >= 0)

        // Replaying the output into a terminal of the recorded size gives each frame's cells.
        var terminalReplay = ANSIInterpreter(width: 24, height: 6)
        let expected = [frames[0], frames[1], resized]
        var shown = 0
        for event in events {
            if event.kind == "r" {
                let size = event.data.split(separator: "x").compactMap { Int($0) }
                terminalReplay.resize(width: size[0], height: size[1])
                continue
            }
            terminalReplay.feed(event.data)
            #expect(sameScreen(terminalReplay.screen, expected[shown]), "frame \(shown):\n\(terminalReplay.screen.text)")
            shown += 1
        }
        #expect(shown == 3)
        // The second frame is a diff: much shorter than the full first one.
        #expect(events[1].data.count < events[0].data.count / 2)
    }
}
