import Foundation
import Testing

/// The image-w2 preset in a real terminal: the problem pane shows the two pictures as half blocks
/// with their captions, not a braille scatter of pixel centres.
@Suite(.serialized) struct PicturePaneEndToEndTests {
    @Test(.enabled(if: TmuxSession.isAvailable, "needs tmux"))
    func imagePresetDrawsPicturesInTheProblemPane() throws {
        let session = try TmuxSession(command: "'\(OtlabProcess.executable.path)' --preset image-w2", directory: OtlabProcess.repositoryRoot)
        let screen = try #require(session.waitFor(timeout: 15) { $0.contains("source 32 x 32 px, mass 1") && $0.contains("target 32 x 32 px, mass 1") },
                                  "pictures did not come up:\n\(session.screen())")
        // The problem pane is the left column above the convergence chart: half blocks, no braille.
        let paneRows = screen.split(separator: "\n", omittingEmptySubsequences: false).prefix(while: { !$0.contains("Convergence") })
        let pane = paneRows.map { String($0.prefix(32)) }.joined(separator: "\n")
        #expect(pane.filter { $0 == "▀" }.count >= 100, "pane:\n\(pane)")
        #expect(!pane.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) }, "pane:\n\(pane)")
        session.send("q")
        #expect(session.exitStatus() == 0)
    }
}
