#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CNcurses
import Synchronization

/// The last termination signal received (0 when none); written only by the signal handler.
private let pendingTerminationSignal = Atomic<Int32>(0)
/// True between `initscr` and `endwin`, so the crash handler knows whether to restore the screen.
private let cursesIsActive = Atomic<Bool>(false)
/// Previous dispositions of the crash signals, indexed by signal number. Written once before any
/// crash handler can run, read only inside the handler (a plain buffer: no locks in a handler).
nonisolated(unsafe) private let previousCrashActions = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
private let guardInstalled = Atomic<Bool>(false)

private let terminationHandler: @convention(c) (Int32) -> Void = { signal in
    pendingTerminationSignal.store(signal, ordering: .sequentiallyConsistent)
}

/// Runs at `exit()`: a program that exits without closing the backend still gets its terminal back.
private let restoreAtExit: @convention(c) () -> Void = {
    if cursesIsActive.exchange(false, ordering: .sequentiallyConsistent) {
        endwin()
    }
}

private let crashHandler: @convention(c) (Int32) -> Void = { signal in
    if cursesIsActive.exchange(false, ordering: .sequentiallyConsistent) {
        endwin()
    }
    sigaction(signal, previousCrashActions.advanced(by: Int(signal)), nil)
    raise(signal)
}

/// Keeps the terminal usable whatever happens.
///
/// - SIGINT, SIGTERM and SIGHUP only set a flag; the main loop sees it (through
///   `terminationSignal` or `InputEvent.interrupt`) and leaves through `endwin`. Installed before
///   `initscr`, they also stop ncurses from installing its own handlers, which exit without cleanup.
/// - `exit()` while in curses mode also calls `endwin` (an `atexit` hook).
/// - SEGV, ABRT, ILL, TRAP, BUS and FPE (Swift traps included) call `endwin`, restore the previous
///   handler (the Swift runtime's backtracer) and re-raise, so the backtrace lands on a sane screen.
public enum TerminalGuard {
    public static let terminationSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    public static let crashSignals: [Int32] = [SIGSEGV, SIGABRT, SIGILL, SIGTRAP, SIGBUS, SIGFPE]

    /// Installs the handlers (idempotent). Call before `initscr`.
    public static func install() {
        guard !guardInstalled.exchange(true, ordering: .sequentiallyConsistent) else { return }
        atexit(restoreAtExit)
        for signal in terminationSignals { installHandler(terminationHandler, for: signal, previous: nil) }
        for signal in crashSignals {
            installHandler(crashHandler, for: signal, previous: previousCrashActions.advanced(by: Int(signal)))
        }
    }

    /// The termination signal that arrived and has not been cleared, if any.
    public static var terminationSignal: Int32? {
        let signal = pendingTerminationSignal.load(ordering: .sequentiallyConsistent)
        return signal == 0 ? nil : signal
    }

    /// Forgets a received termination signal (e.g. after asking "quit?" and the user said no).
    public static func clearTerminationSignal() {
        pendingTerminationSignal.store(0, ordering: .sequentiallyConsistent)
    }

    /// Records whether curses mode is on; the backend calls this around `initscr`/`endwin`.
    public static func setCursesActive(_ active: Bool) {
        cursesIsActive.store(active, ordering: .sequentiallyConsistent)
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
