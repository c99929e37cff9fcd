import Foundation
import Testing

/// The barycenter preset in a real terminal: the plan pane draws the barycenter as a picture that
/// changes while the convolutional iterations run, and its final state once the run converges.
@Suite(.serialized) struct BarycenterEndToEndTests {
    /// The plan pane's rows (between the heavy borders of the focused pane), with colour escapes.
    static func planPane(_ screen: String) -> [String] {
        screen.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line -> String? in
            let parts = line.split(separator: "┃", omittingEmptySubsequences: false)
            return parts.count >= 3 ? String(parts[1]) : nil
        }
    }

    @Test(.enabled(if: TmuxSession.isAvailable, "needs tmux"))
    func barycenterPresetShowsThePictureFormingAndItsFinalState() throws {
        let session = try TmuxSession(command: "'\(OtlabProcess.executable.path)' --preset barycenter-disc-ring", directory: OtlabProcess.repositoryRoot)
        defer { session.send("q") }
        // Early: the caption names λ and an iteration, and a picture of half blocks is drawn.
        _ = try #require(session.waitFor(timeout: 30) { screen in
            screen.contains("barycenter, λ = (0.5, 0.5), iteration") && Self.planPane(screen).joined().filter { $0 == "▀" }.count >= 100
        }, "the barycenter did not come up:\n\(session.screen())")
        let early = Self.planPane(try session.tmux(["capture-pane", "-p", "-e"]))
        #expect(!early.joined().contains("final"), "the run ended before an early frame was seen")
        // Final: converged, the caption says so, and the picture differs from the early one.
        let final = try #require(session.waitFor(timeout: 60) { $0.contains("final, iteration") && $0.contains("converged") },
                                 "the run did not converge:\n\(session.screen())")
        #expect(final.contains("Transport plan · barycenter (mass per pixel)"))
        let finalPane = Self.planPane(try session.tmux(["capture-pane", "-p", "-e"]))
        #expect(finalPane.joined().filter { $0 == "▀" }.count >= 100)
        #expect(finalPane.dropFirst() != early.dropFirst(), "the picture did not change between the early and the final frame")
        session.send("q")
        #expect(session.exitStatus() == 0)
    }
}
