import Foundation
import Testing

/// A lesson as a person takes it: open the image preset in the real workbench (tmux), press `E`
/// to read what to watch, and see the exact solve finish with POT's kind of answer.
@Suite(.serialized) struct LessonEndToEndTests {
    @Test(.enabled(if: TmuxSession.isAvailable, "needs tmux"))
    func imagePresetWithItsExplanation() throws {
        let session = try TmuxSession(command: "'\(OtlabProcess.executable.path)' --preset image-w2", directory: OtlabProcess.repositoryRoot)
        let first = try #require(session.waitFor(timeout: 15) { $0.contains("Transport between two pictures") },
                                 "workbench did not open image-w2:\n\(session.screen())")
        #expect(!first.contains("What to watch"))

        session.send("E")
        let explained = try #require(session.waitFor(timeout: 5) { $0.contains("What to watch") }, "no explanation pane:\n\(session.screen())")
        #expect(explained.contains("Two 32 x 32 pictures drawn procedurally"))
        #expect(explained.contains("3 Convergence"), "the chart keeps its place at 120 x 40")
        // The exact solve ends (about 100 steps at 20 per second).
        #expect(session.waitFor(timeout: 30) { $0.contains("converged") } != nil, "did not converge:\n\(session.screen())")

        session.send("E")
        #expect(session.waitFor(timeout: 5) { !$0.contains("What to watch") } != nil)
        session.send("q")
        #expect(session.exitStatus() == 0)
    }
}
