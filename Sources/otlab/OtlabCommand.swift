import ArgumentParser
import Foundation
import OTCore
import OTData
import Terminal
import Workbench

/// `otlab`: opens the workbench; subcommands run headless.
struct OtlabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "otlab",
        abstract: "A terminal workbench for optimal transport.",
        discussion: "Run without a subcommand to open the live workbench. Subcommands run headless for scripts and CI.",
        version: "0.1.0",
        subcommands: [SolveCommand.self, RunCommand.self, PresetsCommand.self, SolversCommand.self, BenchCommand.self, LessonsCommand.self, InterpolateCommand.self, CompareCommand.self, SweepCommand.self, ColorTransferCommand.self, BarycenterCommand.self, WatchCommand.self, MongeGapCommand.self]
    )

    @Option(name: .long, help: "Open the workbench on this preset (name or path).")
    var preset: String?

    @Option(name: .long, help: "Record the session as an asciicast v2 file (play it with `asciinema play FILE.cast`).")
    var record: String?

    /// The preset `otlab` opens on when none is named.
    static let defaultPreset = "welcome"

    func run() throws {
        WorkbenchMemory.returnLargeBlocksToTheSystem()
        let provider = CatalogSetupProvider(catalog: PresetCatalog.checked())
        // Everything that can fail on bad input fails here, before the terminal changes mode.
        let setup = try provider.setup(preset: preset ?? Self.defaultPreset)
        let model = WorkbenchModel(setup: setup, provider: provider)
        try WorkbenchLaunch.run(model, recordPath: record)
    }
}
