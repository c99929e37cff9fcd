import Foundation
import PackagePlugin

/// Builds the package's `presets/` folder (the YAML presets and the data files they name) into the
/// target it is applied to, so that a copied `otlab` binary finds them without the checkout.
///
/// The target reaches the folder through a symbolic link (`Sources/OTPresetFiles/presets`), so its
/// files are the target's own: SwiftPM re-plans the build when one is added or removed, and the
/// build command below has every file as an input, so it re-runs when one changes. The command runs
/// `scripts/embed-presets.sh`, which writes `EmbeddedPresetFiles.swift` with each file's bytes as a
/// base64 string literal.
@main
struct EmbedPresets: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let module = target as? SourceModuleTarget else { return [] }
        let presets = target.directoryURL.appending(path: "presets")
        // Every file is an input (so none is "unhandled"); the script leaves scripts (*.py) out.
        let files = module.sourceFiles.map(\.url).filter { $0.path().hasPrefix(presets.path()) }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedPresetFiles.swift")
        let script = context.package.directoryURL.appending(path: "scripts/embed-presets.sh")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) files of presets/ into \(target.name)",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: [script.path(), presets.path(), output.path()],
                inputFiles: [script] + files,
                outputFiles: [output]
            ),
        ]
    }
}
