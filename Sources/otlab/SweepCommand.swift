import ArgumentParser
import Foundation
import OTCore
import OTData
import OTSession
import OTSolvers

/// `otlab sweep SOURCE TARGET --solver sinkhorn-log --regs 1,0.3,0.1`: one solver over a list of
/// regularizations, its cost against the exact cost.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run one entropic solver over a list of regularizations and show cost vs reg.",
        discussion: HelpExamples.discussion(
            """
                The entropic cost <P,C> exceeds the exact (emd) cost by the entropic bias, which shrinks as \
                reg goes to zero. When the problem has at most \(RegularizationSweep.exactCostLimit) cost \
                entries the exact cost is computed too and each run's bias shown. Exit status: 0 when every \
                run finished, 1 when one diverged, 2 on bad input. With --preset NAME (in place of SOURCE \
                and TARGET) the problem, solver and parameters come from a preset; a lesson preset with its own \
                sweep (a sweep: field) runs that sweep when --regs is not given, printing the lesson's figures per value.
                """,
            [
                ("otlab sweep --preset welcome --regs 2,1,0.5", "Cost and entropic bias against reg on the welcome problem."),
                ("otlab sweep a.csv b.csv --solver sinkhorn-log --regs 1,0.1,0.01 --json", "On your files, as JSON lines."),
                ("otlab sweep --preset distillation-divergences", "A lesson's own sweep: KL, JS and the Sinkhorn distance as the student moves."),
            ]))

    @ParentCommand var otlab: OtlabCommand

    @OptionGroup var input: ProblemInput
    @OptionGroup var problemOptions: ProblemOptions
    @OptionGroup var solverOptions: SolverOptions

    @Option(name: .long, help: "Comma-separated regularizations, e.g. 1,0.3,0.1,0.03 (fractions like 1/100 accepted); default 1,0.3,0.1,0.03, or the preset's own lesson sweep.")
    var regs: String?

    @Flag(name: .long, help: "Print one JSON object per regularization, one per line.")
    var json = false

    func run() throws {
        if regs == nil, let name = otlab.preset {
            let preset = try PresetCatalog.checked().preset(named: name)
            if preset.sweep != nil { return try runLessonSweep(preset) }
        }
        if solverOptions.reg != nil { throw InputError("--reg", nil, "sweep takes its regularizations from --regs") }
        let values = try (regs ?? "1,0.3,0.1,0.03").split(separator: ",", omittingEmptySubsequences: false).map { item -> Double in
            let text = item.trimmingCharacters(in: .whitespaces)
            guard let value = ParameterValue.parseReal(text), value.isFinite, value > 0 else {
                throw InputError("--regs", nil, "\"\(text)\" is not a positive number; expected a list such as 1,0.3,0.1")
            }
            return value
        }
        let preset = try otlab.preset.map { try PresetCatalog.checked().preset(named: $0) }
        let (descriptor, parameters) = try solverOptions.resolve(
            baseSolver: preset?.solver ?? "sinkhorn-log", base: preset?.parameters ?? [], baseSource: preset?.path)
        let sweep = try RegularizationSweep(
            problem: try input.load(options: problemOptions, solver: descriptor, preset: otlab.preset).problem,
            solver: descriptor, parameters: parameters, regs: values)
        try ProblemChecks.validate(sweep.problem, for: descriptor)

        let interrupt = InterruptFlag.install()
        let (runs, exact) = sweep.run { interrupt.isSet }
        if let failed = runs.first(where: { $0.startError != nil }), let message = failed.startError {
            throw InputError("problem", nil, message)
        }
        if json {
            for run in runs { print(ComparisonReport.sweepLine(run, exactCost: exact?.cost).rendered) }
        } else {
            print(ComparisonTable.sweepText(runs: runs, exact: exact, omission: sweep.exactOmission, problem: sweep.problem), terminator: "")
        }
        for run in runs {
            if let reason = run.status.reason {
                FileHandle.standardError.write(Data("otlab: \(run.solverName) at \(run.label) diverged: \(reason)\n".utf8))
            }
        }
        if runs.contains(where: { $0.status == .cancelled }) { throw ExitStatus.interrupted }
        throw runs.contains { $0.status.reason != nil } ? ExitStatus.numericalFailure : ExitStatus.finished
    }

    /// A preset's own lesson sweep (`sweep:` in the preset, see `LessonSweep`): one run per value of
    /// the swept generator setting, and the lesson statistic's figures of each final plan, as a
    /// table or (`--json`) one object per value.
    private func runLessonSweep(_ preset: Preset) throws {
        let (descriptor, parameters) = try solverOptions.resolve(baseSolver: preset.solver, base: preset.parameters, baseSource: preset.path)
        guard let sweep = try LessonSweep.make(preset: preset, solver: descriptor, parameters: parameters) else { return }
        let interrupt = InterruptFlag.install()
        let results = sweep.run { interrupt.isSet }
        if let failed = results.first(where: { $0.outcome.startError != nil }), let message = failed.outcome.startError {
            throw InputError("problem", nil, message)
        }
        let keys = sweep.spec.figures
        if json {
            for result in results {
                let figures: [(String, JSONValue)] = result.figures.figures.compactMap { figure in
                    guard case .number(let x) = figure.value else { return nil }
                    return (figure.key, .number(x))
                }
                print(JSONValue.object([
                    (sweep.spec.setting, .number(result.value)), ("solver", .string(result.outcome.solverName)),
                    ("status", .string(result.outcome.status.name)), ("iterations", .integer(result.outcome.iterations)),
                    ("statistic", .string(result.figures.statistic)), ("figures", .object(figures)),
                ]).rendered)
            }
        } else {
            let width = max(12, keys.map(\.count).max() ?? 0) + 2
            print(([sweep.spec.setting.padding(toLength: 10, withPad: " ", startingAt: 0)] + keys.map { $0.padding(toLength: width, withPad: " ", startingAt: 0) }).joined())
            for result in results {
                let cells = keys.map { key in
                    (result.figures.number(key).map { String(format: "%.6g", $0) } ?? result.outcome.status.name).padding(toLength: width, withPad: " ", startingAt: 0)
                }
                print(([ParameterValue.format(result.value).padding(toLength: 10, withPad: " ", startingAt: 0)] + cells).joined())
            }
        }
        for result in results {
            if let reason = result.outcome.status.reason {
                FileHandle.standardError.write(Data("otlab: \(result.outcome.solverName) at \(result.outcome.label) diverged: \(reason)\n".utf8))
            }
        }
        if results.contains(where: { $0.outcome.status == .cancelled }) { throw ExitStatus.interrupted }
        throw results.contains { $0.outcome.status.reason != nil } ? ExitStatus.numericalFailure : ExitStatus.finished
    }
}
