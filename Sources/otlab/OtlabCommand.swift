import ArgumentParser

/// `otlab`: opens the workbench; subcommands run headless.
struct OtlabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "otlab",
        abstract: "A terminal workbench for optimal transport.",
        discussion: "Run without a subcommand to open the live workbench. Subcommands run headless for scripts and CI.",
        version: "0.1.0",
        subcommands: [SolveCommand.self, SolversCommand.self, BenchCommand.self]
    )

    @Option(name: .long, help: "Open the workbench on this preset (name or path).")
    var preset: String?

    func run() throws {
        throw InteractiveUnavailable()
    }
}

/// Raised until the workbench lands: `otlab` alone prints usage.
struct InteractiveUnavailable: Error, CustomStringConvertible {
    var description: String { "the workbench is not available in this build; see `otlab --help` for the headless commands" }
}
