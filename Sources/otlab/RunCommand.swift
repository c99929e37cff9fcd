import ArgumentParser
import OTCore
import OTData
import OTSession
import OTSolvers

/// `otlab run PRESET`: a preset headless; flags override its solver and parameters.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a preset headless (by name or path).",
        discussion: HelpExamples.discussion("", [
                ("otlab run welcome", "Run the welcome preset to its end; a text summary."),
                ("otlab run plain-vs-log --reg 0.5 --json", "A preset with one parameter changed, as JSON."),
                ("otlab run ./mine.yaml --progress", "A preset file of your own, one JSON line per iteration."),
            ]))

    @Argument(help: "Preset name (see `otlab presets`) or path to a .yaml file.")
    var preset: String

    @OptionGroup var solverOptions: SolverOptions

    @Flag(name: .long, help: "Run the cure the lesson suggests (the preset's cure: solver and parameters) instead of its own solver.")
    var cure = false

    @Flag(name: .long, help: "Print one JSON object when the solve ends.")
    var json = false

    @Flag(name: .long, help: "Stream one JSON object per iteration (JSON lines) to stdout.")
    var progress = false

    @Option(name: .customLong("plan-out"), help: "Write the plan to FILE.npy or FILE.csv.")
    var planOut: String?

    @Option(name: .customLong("log-out"), help: "Write the iteration log to FILE.csv or FILE.json.")
    var logOut: String?

    func run() throws {
        let preset = try PresetCatalog.checked().preset(named: self.preset)
        var baseSolver = preset.solver, baseParameters = preset.parameters
        if cure {
            guard let named = preset.cure else {
                throw InputError(preset.path, "field cure", "is missing: this preset suggests no cure to run with --cure")
            }
            baseSolver = named.solver
            baseParameters = named.parameters
        }
        let (descriptor, parameters) = try solverOptions.resolve(baseSolver: baseSolver, base: baseParameters, baseSource: preset.path)
        try PlanExport.checkExtension(planOut, flag: "--plan-out", allowed: ["npy", "csv"])
        try PlanExport.checkExtension(logOut, flag: "--log-out", allowed: ["csv", "json"])
        try OutputPaths.requireDistinct(outputs: [("--plan-out", planOut), ("--log-out", logOut)].compactMap { role in role.1.map { (role.0, $0) } },
                                        inputs: PresetResolver.inputFiles(of: preset))
        try CatalogSetupProvider.requirePresetPicturesFit(preset, solver: descriptor,
                                                          advice: "run it with --solver sinkhorn-online, which computes the costs in tiles")
        let problem = try PresetResolver.problem(for: preset)
        var run = HeadlessRun(
            problem: problem, solver: descriptor, parameters: parameters, json: json, progress: progress,
            planOut: planOut, logOut: logOut)
        run.lesson = try preset.statistic.map { try LessonStatistics.make($0, problem: problem, source: preset.path) }
        throw try run.execute()
    }
}
