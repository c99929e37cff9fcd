#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CNcurses
import Foundation
import Synchronization

/// The last termination signal received (0 when none); written only by the signal handler.
private let pendingTerminationSignal = Atomic<Int32>(0)
/// True between `initscr` and `endwin`, so the crash handler knows whether to restore the screen.
private let cursesIsActive = Atomic<Bool>(false)
/// Previous dispositions of the crash signals, indexed by signal number. Written once before any
/// crash handler can run, read only inside the handler (a plain buffer: no locks in a handler).
nonisolated(unsafe) private let previousCrashActions = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
private let guardInstalled = Atomic<Bool>(false)
private let watchdogStarted = Atomic<Bool>(false)
/// While curses is active, standard error goes to an unlinked temporary file instead of the screen
/// (a message written to the alternate screen is lost at `endwin`, and stray writes corrupt the
/// drawing). These hold the saved terminal descriptor and the file's descriptor, -1 when not
/// capturing; `releaseStandardError` puts the terminal back and replays what was written.
private let savedStandardError = Atomic<Int32>(-1)
private let capturedStandardError = Atomic<Int32>(-1)
/// Scratch space for replaying the captured text: allocated once, so the crash handler never allocates.
nonisolated(unsafe) private let replayBuffer = UnsafeMutableRawPointer.allocate(byteCount: 4096, alignment: 16)

/// Starts sending standard error to a temporary file (see `savedStandardError`).
private func captureStandardError() {
    guard savedStandardError.load(ordering: .sequentiallyConsistent) < 0 else { return }
    var template = Array("/tmp/otlab-stderr-XXXXXX".utf8CString)
    let file = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard file >= 0 else { return }
    template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
    let saved = dup(2)
    guard saved >= 0, dup2(file, 2) >= 0 else {
        if saved >= 0 { close(saved) }
        close(file)
        return
    }
    capturedStandardError.store(file, ordering: .sequentiallyConsistent)
    savedStandardError.store(saved, ordering: .sequentiallyConsistent)
}

/// Puts standard error back on the terminal and writes out what was captured meanwhile (a Swift
/// runtime's "Fatal error: ..." line before a crash, a library's warning). Only async-signal-safe
/// calls (dup2, lseek, read, write, close): the crash handler calls it.
private func releaseStandardError() {
    let saved = savedStandardError.exchange(-1, ordering: .sequentiallyConsistent)
    guard saved >= 0 else { return }
    let file = capturedStandardError.exchange(-1, ordering: .sequentiallyConsistent)
    _ = dup2(saved, 2)
    close(saved)
    guard file >= 0 else { return }
    _ = lseek(file, 0, SEEK_SET)
    while true {
        let count = read(file, replayBuffer, 4096)
        if count <= 0 { break }
        var written = 0
        while written < count {
            let result = write(2, replayBuffer + written, count - written)
            if result <= 0 { break }
            written += result
        }
        if written < count { break }
    }
    close(file)
}

private let terminationHandler: @convention(c) (Int32) -> Void = { signal in
    pendingTerminationSignal.store(signal, ordering: .sequentiallyConsistent)
}

/// Runs at `exit()`: a program that exits without closing the backend still gets its terminal back.
private let restoreAtExit: @convention(c) () -> Void = {
    if cursesIsActive.exchange(false, ordering: .sequentiallyConsistent) {
        endwin()
    }
    releaseStandardError()
}

private let crashHandler: @convention(c) (Int32) -> Void = { signal in
    if cursesIsActive.exchange(false, ordering: .sequentiallyConsistent) {
        endwin()
    }
    releaseStandardError()
    sigaction(signal, previousCrashActions.advanced(by: Int(signal)), nil)
    raise(signal)
}

/// Keeps the terminal usable whatever happens.
///
/// - SIGINT, SIGTERM and SIGHUP only set a flag; the main loop sees it (through
///   `terminationSignal` or `InputEvent.interrupt`) and leaves through `endwin`. Installed before
///   `initscr`, they also stop ncurses from installing its own handlers, which exit without cleanup.
/// - `exit()` while in curses mode also calls `endwin` (an `atexit` hook).
/// - SEGV, ABRT, ILL, TRAP, BUS and FPE (Swift traps included) call `endwin`, put standard error
///   back on the terminal with what was written to it during the session (the runtime's "Fatal
///   error" line comes before the trap), restore the previous handler (the Swift runtime's
///   backtracer) and re-raise, so the message and the backtrace land on a sane screen.
public enum TerminalGuard {
    public static let terminationSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    public static let crashSignals: [Int32] = [SIGSEGV, SIGABRT, SIGILL, SIGTRAP, SIGBUS, SIGFPE]

    /// Installs the handlers (idempotent). Call before `initscr`.
    public static func install() {
        guard !guardInstalled.exchange(true, ordering: .sequentiallyConsistent) else { return }
        atexit(restoreAtExit)
        for signal in terminationSignals { installHandler(terminationHandler, for: signal, previous: nil) }
        unblock(terminationSignals + crashSignals)
        for signal in crashSignals {
            installHandler(crashHandler, for: signal, previous: previousCrashActions.advanced(by: Int(signal)))
        }
    }

    /// Unblocks `signals` for the calling thread and the threads it starts afterwards. A parent may
    /// hand us signals blocked (the mask survives fork and exec: seen with the workbench started
    /// from `swift test` through tmux, where SIGTERM then did nothing); call this on the main thread
    /// before other threads start, so that the handlers are reached.
    public static func unblock(_ signals: [Int32]) {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// The termination signal that arrived and has not been cleared, if any.
    public static var terminationSignal: Int32? {
        let signal = pendingTerminationSignal.load(ordering: .sequentiallyConsistent)
        return signal == 0 ? nil : signal
    }

    /// Starts (once) a thread that honours a termination signal the main loop has not taken within
    /// `graceSeconds`: the UI thread is stuck in a slow frame (a huge error text re-wrapped, a file
    /// read on the UI thread), and `q`, SIGTERM and SIGHUP would all wait for it. The thread then does
    /// what the crash handler does (leaves curses mode, puts standard error back) and exits with
    /// status 0, as the main loop does on a signal. The main loop takes a signal by clearing it
    /// (`clearTerminationSignal`, or `pollEvent` turning it into `.interrupt`), which resets the count.
    public static func startTerminationWatchdog(graceSeconds: Double = 2) {
        guard !watchdogStarted.exchange(true, ordering: .sequentiallyConsistent) else { return }
        let ticksAllowed = max(1, Int(graceSeconds * 10))
        let thread = Thread {
            var pendingTicks = 0, lastSignal: Int32 = 0
            while true {
                usleep(100_000)
                let signal = pendingTerminationSignal.load(ordering: .sequentiallyConsistent)
                pendingTicks = signal != 0 && signal == lastSignal ? pendingTicks + 1 : 0
                lastSignal = signal
                guard pendingTicks >= ticksAllowed else { continue }
                if cursesIsActive.exchange(false, ordering: .sequentiallyConsistent) { endwin() }
                releaseStandardError()
                let note = "otlab: signal \(signal) while a frame was being drawn; the terminal is restored\n"
                _ = note.withCString { write(2, $0, strlen($0)) }
                _exit(0)
            }
        }
        thread.name = "otlab-signal-watchdog"
        thread.start()
    }

    /// Forgets a received termination signal (e.g. after asking "quit?" and the user said no).
    public static func clearTerminationSignal() {
        pendingTerminationSignal.store(0, ordering: .sequentiallyConsistent)
    }

    /// Records whether curses mode is on; the backend calls this around `initscr`/`endwin`. While
    /// it is on, standard error is held in a temporary file and written out when it ends (also at
    /// exit and in the crash handler), so no message is lost on the alternate screen.
    public static func setCursesActive(_ active: Bool) {
        cursesIsActive.store(active, ordering: .sequentiallyConsistent)
        if active { captureStandardError() } else { releaseStandardError() }
    }

    private static func installHandler(_ handler: @convention(c) (Int32) -> Void, for signal: Int32,
                                       previous: UnsafeMutablePointer<sigaction>?) {
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler = .init(sa_handler: handler)
        #else
        action.__sigaction_u = .init(__sa_handler: handler)
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(signal, &action, previous)
    }
}
