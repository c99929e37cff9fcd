/// An in-memory backend for tests: remembers the last flushed buffer and plays back queued events.
public final class TestBackend: Backend {
    public let capabilities: Capabilities
    public private(set) var size: (width: Int, height: Int)
    /// The buffer passed to the most recent `flush`.
    public private(set) var lastFlushed: Buffer?
    /// How many cells each flush changed relative to the one before (all cells for the first).
    public private(set) var changeCounts: [Int] = []
    /// Events returned by `pollEvent`, first in first out.
    public var pendingEvents: [InputEvent] = []

    public init(width: Int, height: Int, capabilities: Capabilities = .unicode256) {
        self.size = (width, height)
        self.capabilities = capabilities
    }

    public func flush(_ buffer: Buffer) {
        let previous = lastFlushed ?? Buffer(width: 0, height: 0)
        changeCounts.append(buffer.changes(since: previous).count)
        lastFlushed = buffer
    }

    public func pollEvent(timeoutMilliseconds: Int) -> InputEvent? {
        pendingEvents.isEmpty ? nil : pendingEvents.removeFirst()
    }

    /// Changes the size and queues the matching resize event, as a terminal would.
    public func resize(width: Int, height: Int) {
        size = (width, height)
        pendingEvents.append(.resize(width: width, height: height))
    }
}
