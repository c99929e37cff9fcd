/// The examples `otlab help SUBCOMMAND` (and `--help`, and the man page) show after a subcommand's
/// discussion: one place formats them, so every subcommand's examples read alike.
enum HelpExamples {
    /// `text`, then an "Examples:" block of commands, each with what it does on the line below.
    static func discussion(_ text: String, _ examples: [(command: String, meaning: String)]) -> String {
        let block = examples.map { "  $ \($0.command)\n      \($0.meaning)" }.joined(separator: "\n")
        return (text.isEmpty ? "" : text + "\n\n") + "Examples:\n" + block
    }
}
