/// A backend that shows frames through another backend and records them as an asciicast.
///
/// ncurses writes the screen itself, so its bytes cannot be captured; instead each flushed `Buffer`
/// is serialized by `ANSIFrameEncoder` (the changed cells since the previous flush) and appended as
/// one output event. A change of size is recorded as a resize event followed by a full frame.
public final class RecordingBackend: Backend {
    public let wrapped: any Backend
    public let writer: AsciicastWriter
    private let encoder = ANSIFrameEncoder()
    private var previous: Buffer?

    /// Starts the recording: writes the header with the wrapped backend's current size.
    public init(wrapping wrapped: any Backend, writer: AsciicastWriter, environment: [String: String] = [:]) {
        self.wrapped = wrapped
        self.writer = writer
        let size = wrapped.size
        writer.writeHeader(width: size.width, height: size.height, environment: environment)
    }

    public var capabilities: Capabilities { wrapped.capabilities }
    public var size: (width: Int, height: Int) { wrapped.size }

    public func flush(_ buffer: Buffer) {
        wrapped.flush(buffer)
        if let previous, previous.width != buffer.width || previous.height != buffer.height {
            writer.appendResize(width: buffer.width, height: buffer.height)
        }
        writer.appendOutput(encoder.encode(buffer, since: previous))
        previous = buffer
    }

    public func pollEvent(timeoutMilliseconds: Int) -> InputEvent? {
        wrapped.pollEvent(timeoutMilliseconds: timeoutMilliseconds)
    }
}
