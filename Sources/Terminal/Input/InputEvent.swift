/// Everything the main loop can receive from the terminal.
public enum InputEvent: Hashable, Sendable {
    case key(Key)
    case mouse(MouseEvent)
    /// The terminal now has this many columns and rows.
    case resize(width: Int, height: Int)
    /// SIGINT, SIGTERM or SIGHUP arrived: the application should clean up and exit.
    case interrupt(signal: Int32)
}
