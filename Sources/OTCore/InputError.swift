/// Bad input: a file, field or flag that cannot be used, with a one-line explanation.
///
/// The description names the source (file path or flag), the place inside it when known (line,
/// column, field) and what was expected, e.g. `points.csv:4: column "x": "abc" is not a number`.
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file path, flag (`--reg`) or preset field the problem is in.
    public var source: String
    /// Where inside the source, e.g. "line 4" or "field solver"; nil when the whole source is meant.
    public var location: String?
    /// What is wrong and what was expected.
    public var message: String

    public init(_ source: String, _ location: String? = nil, _ message: String) {
        self.source = source
        self.location = location
        self.message = message
    }

    /// The one-line message. Control characters (a file name holding a newline or `ESC[2J`) are
    /// escaped so that the message stays one line and never acts on the terminal, and the whole is
    /// bounded to about `maximumLength` characters keeping both its head (the file and the place) and
    /// its tail (what was expected), see `MessageText` (readers already cut long cells and names).
    public var description: String {
        let text = location.map { "\(source): \($0): \(message)" } ?? "\(source): \(message)"
        return MessageText.bounded(DisplayText.escaped(text), limit: Self.maximumLength)
    }

    /// The longest description shown, in characters.
    public static let maximumLength = 2_000
}
