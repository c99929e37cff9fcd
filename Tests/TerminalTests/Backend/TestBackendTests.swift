import Testing
import Terminal

@Suite struct TestBackendTests {
    @Test func keepsTheLastFrameAndCountsChanges() {
        let backend = TestBackend(width: 4, height: 2)
        var frame = Buffer(width: backend.size.width, height: backend.size.height)
        frame.setString("ab", x: 0, y: 0)
        backend.flush(frame)
        frame.setString("X", x: 3, y: 1)
        backend.flush(frame)
        #expect(backend.lastFlushed?.string(row: 1) == "   X")
        #expect(backend.changeCounts == [8, 1])
    }

    @Test func playsBackEvents() {
        let backend = TestBackend(width: 4, height: 2)
        backend.pendingEvents = [.key(.character("q"))]
        backend.resize(width: 10, height: 5)
        #expect(backend.pollEvent(timeoutMilliseconds: 0) == .key(.character("q")))
        #expect(backend.pollEvent(timeoutMilliseconds: 0) == .resize(width: 10, height: 5))
        #expect(backend.pollEvent(timeoutMilliseconds: 0) == nil)
        #expect(backend.size == (10, 5))
    }
}
