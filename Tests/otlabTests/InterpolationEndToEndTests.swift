import Foundation
import Testing

/// The interpolation slider, the potentials view, paint mode and `--record` in the real binary
/// under tmux, driven by keys as a person would.
@Suite(.serialized) struct InterpolationEndToEndTests {
    /// The problem pane's part of each screen line (the left 38% of 72% of 120 columns).
    private func problemPane(_ screen: String) -> String {
        screen.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(2).prefix(18)
            .map { String($0.prefix(30)) }.joined(separator: "\n")
    }

    @Test(.enabled(if: TmuxSession.isAvailable, "needs tmux"))
    func bracketsMoveTheSliderAndTheRecordingReplaysIt() throws {
        let directory = try OtlabProcess.temporaryDirectory()
        let cast = directory.appendingPathComponent("session.cast")
        let session = try TmuxSession(command: "'\(OtlabProcess.executable.path)' --record '\(cast.path)'", directory: OtlabProcess.repositoryRoot)
        try #require(session.waitFor(timeout: 15) { $0.contains("Transport plan") && $0.hasBraille } != nil, "workbench did not come up:\n\(session.screen())")

        for _ in 0..<3 { session.send("]") }
        let slid = try #require(session.waitFor(timeout: 10) { $0.contains("t = 0.30") }, "no slider title:\n\(session.screen())")
        #expect(slid.contains("1 Problem · t = 0.30"))
        // μ_t arrives with the next plan: the pane keeps braille dots (source, target and μ_t).
        let drawn = session.waitFor(timeout: 10) { self.problemPane($0).hasBraille && self.problemPane($0).contains("■ μ_t") }
        #expect(drawn != nil, "no μ_t drawing:\n\(session.screen())")
        session.send("[")
        #expect(session.waitFor(timeout: 5) { $0.contains("t = 0.20") } != nil)

        session.send("f")
        #expect(session.waitFor(timeout: 5) { $0.contains("potentials f, g") && $0.contains("f on source") } != nil, "\(session.screen())")
        session.send("f")
        session.send("b")
        #expect(session.waitFor(timeout: 5) { $0.contains("painting source") } != nil, "\(session.screen())")
        #expect(session.screen().contains("300 × 300"))
        // A left click (X10 mouse report, as tmux's terminfo sends it) inside the grid adds mass; once
        // the edits pause the source becomes the occupied cells and the solver restarts on them.
        func x10(_ button: Int, _ x: Int, _ y: Int) -> String {
            "\u{1B}[M" + String(UnicodeScalar(UInt8(32 + button))) + String(UnicodeScalar(UInt8(33 + x))) + String(UnicodeScalar(UInt8(33 + y)))
        }
        session.send("-l", x10(0, 6, 11) + x10(3, 6, 11))
        let repainted = session.waitFor(timeout: 10) { $0.range(of: #"problem +[0-9]+ × 300"#, options: .regularExpression) != nil && !$0.contains("300 × 300") }
        #expect(repainted != nil, "the painted source did not replace the 300 points:\n\(session.screen())")
        session.send("Tab")
        #expect(session.waitFor(timeout: 5) { $0.contains("painting target") } != nil)
        session.send("b")
        #expect(session.waitFor(timeout: 5) { !$0.contains("painting target") } != nil)

        session.send("q")
        #expect(session.exitStatus() == 0)

        let lines = try String(contentsOf: cast, encoding: .utf8).split(separator: "\n")
        let first = try #require(lines.first)
        let header = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        #expect(header["version"] as? Int == 2)
        #expect(header["width"] as? Int == 120)
        #expect(header["height"] as? Int == 40)
        var last = -1.0
        var output = ""
        for line in lines.dropFirst() {
            let event = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any])
            let time = try #require(event[0] as? Double)
            #expect(time > last)
            last = time
            if event[1] as? String == "o" { output += try #require(event[2] as? String) }
        }
        #expect(lines.count > 5)
        // The title's first change rewrites the whole suffix; later steps only the changed digit,
        // and keys typed together may share a frame, so the exact first t is not fixed.
        #expect(output.contains("· t = 0."), "the slider's title is in the recording")
        #expect(output.contains("painting source"))
        #expect(output.hasPrefix("\u{1B}[0m\u{1B}[2J"), "the first event is a full frame")
    }
}
