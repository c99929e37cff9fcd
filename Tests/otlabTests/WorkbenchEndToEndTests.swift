import Foundation
import Testing

/// The real binary in a real terminal (tmux), driven like a person would.
@Suite(.serialized) struct WorkbenchEndToEndTests {
    @Test(.enabled(if: TmuxSession.isAvailable, "needs tmux"))
    func liveScreenHelpPauseAndCleanQuit() throws {
        let session = try TmuxSession(command: "'\(OtlabProcess.executable.path)'", directory: OtlabProcess.repositoryRoot)

        // Within a few seconds: braille curves, a half-block heatmap, and the running status.
        let first = try #require(session.waitFor(timeout: 15) { $0.hasBraille && $0.contains("▀") && $0.contains("running") },
                                 "workbench did not come up:\n\(session.screen())")
        #expect(first.contains("Transport plan"))
        #expect(first.contains("Convergence"))

        // The screen changes while the solver runs.
        let changed = session.waitFor(timeout: 5) { $0 != first && $0.contains("running") }
        #expect(changed != nil, "screen did not change while running")

        // Help on ?.
        session.send("?")
        #expect(session.waitFor(timeout: 5) { $0.contains("pick solver") && $0.contains("keep this run for comparison") } != nil)
        session.send("Escape")
        #expect(session.waitFor(timeout: 5) { !$0.contains("keep this run for comparison") } != nil)

        // Space pauses: the status says so and the screen stops changing.
        session.send("Space")
        let paused = try #require(session.waitFor(timeout: 5) { $0.contains("paused") })
        usleep(400_000)
        let settled = session.screen()
        usleep(700_000)
        #expect(session.screen() == settled, "screen changed while paused")
        #expect(paused.contains("paused"))

        // q quits with status 0 and leaves the terminal restored.
        session.send("q")
        #expect(session.exitStatus() == 0)
        #expect(!session.alternateScreenOn(), "terminal left in curses mode")
    }

    @Test(.enabled(if: TmuxSession.isAvailable, "needs tmux"))
    func sigtermEndsCleanly() throws {
        let session = try TmuxSession(command: "'\(OtlabProcess.executable.path)' & PID=$!; sleep 2; kill -TERM $PID; wait $PID", directory: OtlabProcess.repositoryRoot)
        let status = session.exitStatus(timeout: 15)
        #expect(status != nil)
        #expect(!session.alternateScreenOn(), "terminal left in curses mode after SIGTERM")
    }

    @Test(.enabled(if: TmuxSession.isAvailable, "needs tmux"))
    func smallTerminalShowsTheSizeNeeded() throws {
        let session = try TmuxSession(command: "'\(OtlabProcess.executable.path)'", width: 60, height: 20, directory: OtlabProcess.repositoryRoot)
        #expect(session.waitFor(timeout: 10) { $0.contains("needs at least 80×24") } != nil, "\(session.screen())")
        session.send("q")
        #expect(session.exitStatus() == 0)
    }
}
