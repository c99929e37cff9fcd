import Foundation
import Terminal

/// The workbench's main loop on the UI thread.
///
/// Each turn: read the runner's snapshot (never waiting on the solver), redraw into the cell buffer
/// if anything changed, flush the changed cells, then wait up to one frame (33 ms) for input. So the
/// screen updates at about 30 frames a second while the solver runs and costs nothing when idle,
/// and a key is answered within one frame whatever the solver is doing.
public enum WorkbenchApp {
    public static let frameMilliseconds = 33

    /// Runs until the person quits; restores the terminal on every way out. Returns the exit status.
    /// With `recorder`, every frame is also appended to that asciicast file (`--record`).
    public static func run(model: WorkbenchModel, recorder: AsciicastWriter? = nil) throws -> Int32 {
        let terminal = try NcursesBackend()
        defer {
            model.shutdown()
            terminal.close()
            recorder?.close()
        }
        let backend: any Backend = recorder.map { RecordingBackend(wrapping: terminal, writer: $0, environment: recordedEnvironment()) } ?? terminal
        let glyphs: GlyphSet = backend.capabilities.isUTF8 ? .unicode : .ascii
        let theme: Theme = backend.capabilities.colorMode == .none ? .monochrome : .standard
        if !backend.capabilities.isUTF8 {
            model.post("the locale is not UTF-8: drawing with ASCII (set LANG=C.UTF-8 for braille and half blocks)", seconds: 10)
        }
        // A signal the loop does not take within 2 s (a frame stuck) is honoured by the watchdog.
        TerminalGuard.startTerminationWatchdog(graceSeconds: 2)
        var size = backend.size
        var buffer = Buffer(width: size.width, height: size.height)
        var needsDraw = true
        while !model.quitRequested {
            if TerminalGuard.terminationSignal != nil {
                TerminalGuard.clearTerminationSignal()  // taken: the watchdog stands down
                break
            }
            let current = backend.size
            if current.width != size.width || current.height != size.height {
                size = current
                buffer = Buffer(width: size.width, height: size.height)
                needsDraw = true
            }
            let layout = WorkbenchLayout(width: size.width, height: size.height, zoomed: model.zoomed)
            if model.refresh() { needsDraw = true }
            if needsDraw {
                let view = WorkbenchView(model: model, layout: layout, glyphs: glyphs, theme: theme)
                buffer.clear()
                view.render(into: &buffer)
                view.requestHeatmapSize()
                backend.flush(buffer)
                needsDraw = false
                if crashTestRequested { fatalError("OTLAB_CRASH_TEST: a deliberate trap after a frame was drawn") }
                if slowFrameTestSeconds > 0 {
                    // Busy in a frame like a slow render: a signal does not cut it short.
                    let end = ProcessInfo.processInfo.systemUptime + min(slowFrameTestSeconds, 60)
                    while ProcessInfo.processInfo.systemUptime < end { usleep(10_000) }
                }
            }
            if let event = backend.pollEvent(timeoutMilliseconds: frameMilliseconds) {
                WorkbenchInput.handle(event, model: model, layout: layout)
                needsDraw = true
                // Drain what else is queued so a burst of keys (or mouse motion) costs one frame.
                while let next = backend.pollEvent(timeoutMilliseconds: 0) {
                    WorkbenchInput.handle(next, model: model, layout: layout)
                }
            }
        }
        return 0
    }

    /// `OTLAB_CRASH_TEST=trap` makes the loop trap after drawing a frame: the end-to-end test uses it
    /// to check that the crash handler restores the terminal before the runtime prints its report.
    static let crashTestRequested = ProcessInfo.processInfo.environment["OTLAB_CRASH_TEST"] == "trap"

    /// `OTLAB_SLOW_FRAME_TEST=S` makes every frame take S more seconds (at most 60): the end-to-end
    /// test uses it to check that SIGTERM and SIGHUP are honoured while a frame is slow.
    static let slowFrameTestSeconds = Double(ProcessInfo.processInfo.environment["OTLAB_SLOW_FRAME_TEST"] ?? "") ?? 0

    /// The environment an asciicast header carries: the terminal type and the shell.
    static func recordedEnvironment() -> [String: String] {
        let environment = ProcessInfo.processInfo.environment
        return ["TERM": environment["TERM"] ?? "xterm-256color", "SHELL": environment["SHELL"] ?? "/bin/sh"]
    }
}
