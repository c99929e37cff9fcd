import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TestScratch

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
    func compareViewOpensOnMAndItsIterationCountsMove() throws {
        let session = try TmuxSession(command: "'\(OtlabProcess.executable.path)' --preset welcome", directory: OtlabProcess.repositoryRoot)
        #expect(session.waitFor(timeout: 15) { $0.contains("Transport plan") && $0.contains("running") } != nil, "\(session.screen())")

        // m: the current solver and two others, overlaid in one chart with a legend, a table below.
        session.send("m")
        let names = ["sinkhorn-log", "sns", "greenkhorn"]
        // The legend names a series once it has a curve to draw: wait for all three (slow under load).
        func legend(of screen: String) -> Substring? {
            screen.split(separator: "\n").first { $0.contains("marginal error") && $0.contains("■") }
        }
        let opened = try #require(session.waitFor(timeout: 20) { screen in
            screen.contains("Compare solvers") && screen.hasBraille && names.allSatisfy { name in
                Self.iterations(of: name, in: screen) != nil && (legend(of: screen)?.contains(name) ?? false)
            }
        }, "compare view did not come up:\n\(session.screen())")
        let legend = try #require(legend(of: opened))
        for name in names { #expect(legend.contains(name), "legend: \(legend)") }

        // The welcome preset runs at 60 it/s: sinkhorn-log's count climbs while the screen is read.
        let first = try #require(Self.iterations(of: "sinkhorn-log", in: opened))
        let moved = session.waitFor(timeout: 10) { (Self.iterations(of: "sinkhorn-log", in: $0) ?? 0) > first }
        #expect(moved != nil, "sinkhorn-log stayed at \(first) iterations:\n\(session.screen())")

        // t switches to seconds; m closes and the five panes are back.
        session.send("t")
        #expect(session.waitFor(timeout: 5) { $0.contains("x axis: seconds") } != nil)
        session.send("m")
        #expect(session.waitFor(timeout: 5) { $0.contains("Transport plan") && !$0.contains("Compare solvers") } != nil)
        session.send("q")
        #expect(session.exitStatus() == 0)
        #expect(!session.alternateScreenOn(), "terminal left in curses mode")
    }

    /// The iteration count in a compare table row: `┃name  status  iterations ...`.
    static func iterations(of name: String, in screen: String) -> Int? {
        for line in screen.split(separator: "\n") {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "┃" || $0 == "│" }).map(String.init)
            guard words.count >= 3, words[0] == name, ["running", "converged", "max_iter", "diverged", "cancelled"].contains(words[1]) else { continue }
            return Int(words[2])
        }
        return nil
    }

    /// SIGTERM, SIGHUP and SIGINT (sent with kill while a solve runs) end the workbench within
    /// seconds, with exit status 0 and the terminal out of curses mode. The workbench runs in the
    /// background of the pane's shell with the pane's tty as its input (a background job would
    /// otherwise read /dev/null, refuse to start, and make this test pass without testing anything).
    @Test(.enabled(if: TmuxSession.isAvailable, "needs tmux"), arguments: [("TERM", SIGTERM), ("HUP", SIGHUP), ("INT", SIGINT)])
    func signalEndsCleanly(name: String, signal: Int32) throws {
        let pidFile = TestScratch.root.appendingPathComponent("otlab-signal-\(UUID().uuidString).pid")
        defer { try? FileManager.default.removeItem(at: pidFile) }
        let session = try TmuxSession(
            command: "bash -c 'T=$(tty); \"\(OtlabProcess.executable.path)\" <$T & echo $! > \"\(pidFile.path)\"; wait $!'",
            directory: OtlabProcess.repositoryRoot)
        try #require(session.waitFor(timeout: 15) { $0.contains("Transport plan") && $0.hasBraille } != nil,
                     "workbench did not come up:\n\(session.screen())")
        #expect(session.alternateScreenOn())
        let text = try String(contentsOf: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let pid = try #require(pid_t(text), "no pid in \(pidFile.path)")
        #expect(kill(pid, signal) == 0)
        let status = session.exitStatus(timeout: 15)
        #expect(status == 0, "SIG\(name): exit status \(String(describing: status))")
        #expect(!session.alternateScreenOn(), "terminal left in curses mode after SIG\(name)")
    }

    /// A Swift runtime trap in the UI loop (`OTLAB_CRASH_TEST=trap`): the crash handler leaves
    /// curses mode before the runtime prints its report, so the report is readable and the shell
    /// gets its screen back; the exit status is the trap's (SIGILL, 128 + 4).
    @Test(.enabled(if: TmuxSession.isAvailable, "needs tmux"))
    func crashRestoresTheTerminalBeforeTheReport() throws {
        let session = try TmuxSession(command: "OTLAB_CRASH_TEST=trap '\(OtlabProcess.executable.path)'", directory: OtlabProcess.repositoryRoot)
        let status = session.exitStatus(timeout: 30)
        #expect(status == 132, "exit status \(String(describing: status))")
        #expect(!session.alternateScreenOn(), "terminal left in curses mode after a crash")
        let history = (try? session.tmux(["capture-pane", "-p", "-S", "-400"])) ?? ""
        #expect(history.contains("OTLAB_CRASH_TEST: a deliberate trap"), "the runtime's report is on the normal screen:\n\(history.suffix(2000))")
    }

    @Test(.enabled(if: TmuxSession.isAvailable, "needs tmux"))
    func smallTerminalShowsTheSizeNeeded() throws {
        let session = try TmuxSession(command: "'\(OtlabProcess.executable.path)'", width: 60, height: 20, directory: OtlabProcess.repositoryRoot)
        #expect(session.waitFor(timeout: 10) { $0.contains("needs at least 80×24") } != nil, "\(session.screen())")
        session.send("q")
        #expect(session.exitStatus() == 0)
    }
}
