import ArgumentParser
import Foundation
import OTCore
import OTData
import OTSession
import OTSolvers

/// `otlab compare SOURCE TARGET --solvers a,b,c`: several solvers on one problem, side by side.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Run several solvers on one problem and compare them.",
        discussion: HelpExamples.discussion(
            """
                Each solver runs through the same runner as `otlab solve`, so its figures equal a single \
                solve's. The runs take turns (each one's seconds are its own) or, with --concurrent, run one \
                thread each at once. --reg, --tol and --max-iter apply to every solver that has them. Exit \
                status: 0 when every run finished, 1 when one diverged, 2 on bad input. With --preset NAME \
                (in place of SOURCE and TARGET) the problem and its parameters come from a preset.
                """,
            [
                ("otlab compare --preset welcome --max-iter 200", "sinkhorn-log, sns and greenkhorn on the welcome problem."),
                ("otlab compare a.csv b.csv --solvers sinkhorn,sinkhorn-log --reg 0.05 --json", "Two solvers on your files, as JSON lines."),
            ]))

    @ParentCommand var otlab: OtlabCommand

    @OptionGroup var input: ProblemInput
    @OptionGroup var problemOptions: ProblemOptions
    @OptionGroup var solverOptions: SolverOptions

    @Option(name: .long, help: "Comma-separated solver names (see `otlab solvers`).")
    var solvers: String = "sinkhorn-log,sns,greenkhorn"

    @Flag(name: .long, help: "Print one JSON object per solver (with its convergence log), one per line.")
    var json = false

    @Flag(name: .long, help: "Run the solvers at once, one thread each, instead of one after another.")
    var concurrent = false

    func run() throws {
        if let solver = solverOptions.solver {
            throw InputError("--solver", nil, "compare takes a list: use --solvers \(solver),...")
        }
        let names = solvers.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !names.isEmpty else { throw InputError("--solvers", nil, "no solver names given; expected a list such as sinkhorn-log,sns") }
        if let repeated = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
            throw InputError("--solvers", nil, "\(repeated) is listed twice")
        }
        // Every name is checked before any file is read.
        var named: [SolverDescriptor] = []
        for name in names {
            guard let descriptor = SolverRegistry.descriptor(named: name) else {
                throw InputError("--solvers", nil, "unknown solver \"\(name)\"; known solvers: \(SolverRegistry.names.joined(separator: ", "))")
            }
            named.append(descriptor)
        }
        let (problem, preset) = try input.load(options: problemOptions, solver: named[0], preset: otlab.preset)
        var runs: [(SolverDescriptor, ParameterValues)] = []
        for name in names {
            var options = solverOptions
            options.solver = name
            let resolved = try options.resolve(base: preset?.parameters ?? [], baseSource: preset?.path, skippingFlagsNotTaken: true)
            do {
                try ProblemChecks.validate(problem, for: resolved.0)
            } catch let error as InputError {
                throw InputError(error.source, error.location, "\(name): \(error.message)")
            }
            runs.append(resolved)
        }

        let interrupt = InterruptFlag.install()
        let outcomes = ComparisonRun(problem: problem, solvers: runs).runToEnd(concurrently: concurrent) { interrupt.isSet }
        if let failed = outcomes.first(where: { $0.startError != nil }), let message = failed.startError {
            throw InputError("problem", nil, "\(failed.label): \(message)")
        }
        if json {
            for outcome in outcomes { print(ComparisonReport.solverLine(outcome).rendered) }
        } else {
            print(ComparisonTable.text(outcomes, problem: problem, concurrent: concurrent), terminator: "")
        }
        for outcome in outcomes {
            if let reason = outcome.status.reason {
                FileHandle.standardError.write(Data("otlab: \(outcome.label) diverged: \(reason)\n".utf8))
            }
        }
        if outcomes.contains(where: { $0.status == .cancelled }) { throw ExitStatus.interrupted }
        throw outcomes.contains { $0.status.reason != nil } ? ExitStatus.numericalFailure : ExitStatus.finished
    }
}
