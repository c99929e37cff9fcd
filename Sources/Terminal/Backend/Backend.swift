/// Where a frame goes: the real terminal (`NcursesBackend`) or memory (`TestBackend`).
///
/// The application loop is the same for both: draw into a `Buffer` of `size`, `flush` it, then
/// `pollEvent` with a frame-length timeout. Backends are used from one thread only.
public protocol Backend: AnyObject {
    /// What the terminal can show.
    var capabilities: Capabilities { get }
    /// Current size in cells.
    var size: (width: Int, height: Int) { get }
    /// Shows `buffer`, sending only what changed since the previous flush.
    func flush(_ buffer: Buffer)
    /// Waits up to `timeoutMilliseconds` for one event; nil when none arrived.
    func pollEvent(timeoutMilliseconds: Int) -> InputEvent?
}
