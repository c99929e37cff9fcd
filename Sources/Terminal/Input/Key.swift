/// A key press, decoded from the terminal.
public enum Key: Hashable, Sendable {
    /// A printable character (including space).
    case character(Character)
    /// Ctrl plus a letter, lowercased: Ctrl-C is `.control("c")`. Tab, Enter and Backspace have
    /// their own cases even though terminals send them as control codes.
    case control(Character)
    case up, down, left, right
    case home, end, pageUp, pageDown
    case insert, delete
    case tab
    /// Shift-Tab.
    case backTab
    case enter
    case escape
    case backspace
    /// Function key F1 ... F63.
    case function(Int)

    /// Ctrl-C (seen as a key only when the terminal is in raw mode; in cbreak mode it arrives as
    /// SIGINT and `TerminalGuard` reports it).
    public static let controlC = Key.control("c")
}
