/// Where a record stream is read from (`otlab watch`).
public enum StreamInput: Sendable, Equatable {
    /// A file, followed as it grows (like `tail -f`); a file that shrinks is read again from its start.
    case file(path: String)
    /// An open descriptor (a pipe, e.g. standard input), read to its end.
    case fileDescriptor(Int32, name: String)
    /// A command whose standard output is the stream; its standard error is kept as messages.
    case command([String])

    /// A short name for titles and notes: the file name, `stdin`, or the command line.
    public var label: String {
        switch self {
        case .file(let path): path
        case .fileDescriptor(_, let name): name
        case .command(let arguments): arguments.joined(separator: " ")
        }
    }
}
