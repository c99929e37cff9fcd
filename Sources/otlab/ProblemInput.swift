import ArgumentParser
import OTCore
import OTData
import OTSolvers

/// Where a multi-run command (`compare`, `sweep`) takes its one problem from: SOURCE and TARGET
/// files (read with the `solve` problem options), one PROBLEM.npz archive, or a preset's problem.
///
/// `--preset NAME` is the root command's option (`otlab --preset NAME` opens the workbench); the
/// subcommands read it from there, since ArgumentParser gives a repeated option name to the parent.
struct ProblemInput: ParsableArguments {
    @Argument(help: "Source measure file, or one PROBLEM.npz archive (a, b, M or xs, xt).")
    var source: String?

    @Argument(help: "Target measure file.")
    var target: String?

    /// The problem, and the preset it came from when one was named.
    func load(options: ProblemOptions, solver: SolverDescriptor, preset: String?) throws -> (problem: TransportProblem, preset: Preset?) {
        switch (source, target, preset) {
        case (nil, nil, let name?):
            let preset = try PresetCatalog.checked().preset(named: name)
            try CatalogSetupProvider.requirePresetPicturesFit(preset, solver: solver,
                                                              advice: "use --solver sinkhorn-online, which computes the costs in tiles")
            return (try PresetResolver.problem(for: preset), preset)
        case (.some, _, .some):
            throw InputError("--preset", nil, "give either SOURCE and TARGET files or --preset, not both")
        case (let source?, let target?, nil):
            return (try options.load(source: source, target: target, solver: solver), nil)
        case (let archive?, nil, nil) where FileInput.isProblemArchive(archive):
            return (try NPZProblem.load(path: archive), nil)
        default:
            throw InputError("problem", nil, "needs SOURCE and TARGET files, one .npz archive with a, b, M or xs, xt, or --preset NAME")
        }
    }
}
