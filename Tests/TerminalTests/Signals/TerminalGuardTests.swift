#if canImport(Glibc)
import Glibc
#endif
import Testing
import Terminal

@Suite struct TerminalGuardTests {
    @Test func terminationSignalOnlySetsTheFlag() {
        TerminalGuard.install()
        TerminalGuard.clearTerminationSignal()
        // Process-directed (test threads may block signals): would end the test process without
        // the guard's handler. Delivery is asynchronous, so wait for it briefly.
        kill(getpid(), SIGHUP)
        for _ in 0..<200 where TerminalGuard.terminationSignal == nil { usleep(5_000) }
        #expect(TerminalGuard.terminationSignal == SIGHUP)
        TerminalGuard.clearTerminationSignal()
        #expect(TerminalGuard.terminationSignal == nil)
    }
}
