import ArgumentParser
import OTData

/// `otlab presets`: the presets with one line each (lessons first, in teaching order).
struct PresetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "presets", abstract: "List the presets.",
        discussion: HelpExamples.discussion("", [
                ("otlab presets", "Every preset: lesson number, name, solver, title."),
                ("OTLAB_PRESETS=~/my-presets otlab presets", "The built-in presets and those in ~/my-presets."),
            ]))

    func run() throws {
        let catalog = PresetCatalog.checked()
        let (presets, errors) = catalog.all()
        let width = (presets.map(\.name.count).max() ?? 10) + 2
        for preset in presets {
            let lesson = preset.lesson.map { "\($0)." } ?? "  "
            print("\(lesson.padding(toLength: 4, withPad: " ", startingAt: 0))\(preset.name.padding(toLength: width, withPad: " ", startingAt: 0))\(preset.solver.padding(toLength: 18, withPad: " ", startingAt: 0))\(preset.title)")
        }
        for error in errors { EntryPoint.report("otlab: \(error)") }
        if !errors.isEmpty { throw ExitStatus.badInput }
    }
}

/// Ends a command with a message on stderr and an exit status.
struct ExitStatusMessage: Error, CustomStringConvertible {
    var status: ExitStatus
    var message: String
    var description: String { message }
}
