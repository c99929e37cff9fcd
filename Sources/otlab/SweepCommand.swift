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
                and TARGET) the problem, solver and parameters come from a preset.
                """,
            [
                ("otlab sweep --preset welcome --regs 2,1,0.5", "Cost and entropic bias against reg on the welcome problem."),
                ("otlab sweep a.csv b.csv --solver sinkhorn-log --regs 1,0.1,0.01 --json", "On your files, as JSON lines."),
            ]))

    @ParentCommand var otlab: OtlabCommand

    @OptionGroup var input: ProblemInput
    @OptionGroup var problemOptions: ProblemOptions
    @OptionGroup var solverOptions: SolverOptions

    @Option(name: .long, help: "Comma-separated regularizations, e.g. 1,0.3,0.1,0.03 (fractions like 1/100 accepted).")
    var regs: String = "1,0.3,0.1,0.03"

    @Flag(name: .long, help: "Print one JSON object per regularization, one per line.")
    var json = false

    func run() throws {
        if solverOptions.reg != nil { throw InputError("--reg", nil, "sweep takes its regularizations from --regs") }
        let values = try regs.split(separator: ",", omittingEmptySubsequences: false).map { item -> Double in
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
}
