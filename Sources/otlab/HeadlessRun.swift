import Foundation
import OTCore
import OTData
import OTSession
import OTSolvers
import Terminal
import Workbench

/// Runs one solve headless through the same `SolverRunner` the workbench uses, streaming
/// `--progress` lines and writing the requested outputs; returns the exit status.
struct HeadlessRun {
    var problem: TransportProblem
    var solver: SolverDescriptor
    var parameters: ParameterValues
    var json: Bool
    var progress: Bool
    var planOut: String?
    var logOut: String?
    /// Where to write the plan's heatmap picture (.png), if anywhere.
    var heatmapOut: String? = nil
    /// Receives the final plan of a run that did not diverge (a barycenter's picture or support).
    var finalPlan: ((TransportPlan) throws -> Void)? = nil
    /// The problem in one line (file names, preset) for the stream header.
    var problemDescription: String? = nil
    /// A preset's lesson statistic: its figures for the final plan join the summary (`lesson` in
    /// the JSON, rows after the text summary).
    var lesson: (any LessonStatistic)? = nil

    /// Plan snapshots in the `--progress` stream: at most this many blocks a side, this often.
    static let streamPlanBlocks = 64
    static let streamPlanInterval = 0.5

    func execute() throws -> ExitStatus {
        // Build errors (a problem this solver cannot take) are input errors: report before running.
        try ProblemChecks.validate(problem, for: solver)
        if problem.hasImplicitCost, let planOut {
            throw InputError(planOut, nil, "the plan of this \(problem.sourceCount) x \(problem.targetCount) problem is not formed (its cost matrix is implicit); --plan-out needs n x m <= \(TransportProblem.denseCostLimit)")
        }
        let configuration = RunConfiguration(
            problem: problem, solver: solver, parameters: parameters,
            evaluation: progress ? .everyIteration : .finalOnly,
            // With --progress the run starts paused until the heatmap size is set, so that even a
            // run that ends at once publishes its plan snapshot.
            startPaused: progress, streamsRecords: progress || logOut != nil, keepsFinalPlan: !problem.hasImplicitCost)
        let runner = SolverRunner(configuration: configuration)
        if progress {
            // auto's first choice in the header, so a watcher says what runs from the start.
            let choice = solver.name == AutoSolver.descriptor.name
                ? try? AutoSolver.initialChoice(problem: problem, parameters: parameters) : nil
            print(RecordStreamWriter.header(RecordStreamWriter.localHeader(
                problem: problem, solver: solver.name, parameters: parameters,
                engineVersion: OtlabCommand.configuration.version, description: problemDescription, choice: choice)))
            fflush(nil)
            runner.setHeatmapSize(rows: Self.streamPlanBlocks, columns: Self.streamPlanBlocks)
            runner.resume()
        }
        let interrupt = InterruptFlag.install()
        var log: [IterationRecord] = []
        var planClock = StreamPlanClock()
        while !runner.isFinished {
            if interrupt.isSet { runner.cancel() }
            usleep(1000)
            drain(runner, into: &log, plans: &planClock, final: false)
        }
        drain(runner, into: &log, plans: &planClock, final: false)
        var snapshot = runner.snapshot
        // The final plan is published with the final record; wait briefly if the publish raced.
        if snapshot.plan == nil && !problem.hasImplicitCost { _ = runner.waitUntilFinished(timeout: 1); snapshot = runner.snapshot }
        if progress { drain(runner, into: &log, plans: &planClock, final: true) }
        runner.shutdown()

        if let startError = snapshot.startError {
            throw InputError("problem", nil, startError)
        }
        if let planOut, let plan = snapshot.plan, snapshot.status.reason == nil { try PlanExport.write(plan, to: planOut) }
        if let heatmapOut, let plan = snapshot.plan, snapshot.status.reason == nil {
            try PNGWriter.write(PlanHeatmapImage().render(plan, a: problem.a, b: problem.b), to: heatmapOut)
        }
        if let logOut { try PlanExport.writeLog(log, to: logOut) }
        if let finalPlan, let plan = snapshot.plan, snapshot.status.reason == nil { try finalPlan(plan) }

        // A diverged run has no plan to describe: the figures are the baselines alone.
        let figures = lesson?.figures(plan: snapshot.status.reason == nil ? snapshot.plan : nil,
                                      iteration: snapshot.planIteration ?? snapshot.latest?.iteration)
        // With --progress stdout stays pure JSON lines: the summary is the last line.
        if json || progress {
            let report = RunReport.summary(snapshot: snapshot, plan: snapshot.plan, problem: problem, lesson: figures)
            print(progress ? RecordStreamWriter.summary(report: report) : report.rendered)
        } else {
            printSummary(snapshot)
            if let figures {
                for row in figures.rows {
                    print(row.label.padding(toLength: max(16, row.label.count + 1), withPad: " ", startingAt: 0) + row.value)
                }
            }
        }
        switch snapshot.status {
        case .diverged(let reason):
            FileHandle.standardError.write(Data("otlab: \(solver.name) diverged: \(reason)\n".utf8))
            return .numericalFailure
        case .cancelled: return .interrupted
        default: return .finished
        }
    }

    /// Prints the records published since the last call (and, with `--progress`, a plan snapshot
    /// every `streamPlanInterval` seconds; the final one with the potentials).
    private func drain(_ runner: SolverRunner, into log: inout [IterationRecord], plans: inout StreamPlanClock, final: Bool) {
        let records = runner.takeStreamedRecords()
        if progress {
            for record in records { print(RecordStreamWriter.record(record)) }
            let snapshot = runner.snapshot
            let now = Date().timeIntervalSinceReferenceDate
            if let heatmap = snapshot.heatmap, final || now - plans.last >= Self.streamPlanInterval, plans.revision != snapshot.revision {
                plans.last = now
                plans.revision = snapshot.revision
                let iteration = snapshot.latest?.iteration
                print(RecordStreamWriter.plan(StreamPlanSnapshot(iteration: iteration, n: problem.sourceCount, m: problem.targetCount, blocks: heatmap)))
            }
            if final, let potentials = snapshot.potentials,
               potentials.f.count <= RecordStream.vectorLimit, potentials.g.count <= RecordStream.vectorLimit {
                print(RecordStreamWriter.potentials(potentials, iteration: snapshot.latest?.iteration))
            }
            if !records.isEmpty || final { fflush(nil) }
        }
        if logOut != nil { log += records }
    }

    /// When the last plan snapshot was printed, and from which snapshot revision.
    private struct StreamPlanClock {
        var last = -Double.infinity
        var revision = -1
    }

    private func printSummary(_ snapshot: RunSnapshot) {
        let last = snapshot.latest
        let evaluation = snapshot.status.reason == nil ? snapshot.latestEvaluated?.evaluation : nil
        func number(_ x: Double?) -> String { x.map { String(format: "%.12g", $0) } ?? "-" }
        print("solver          \(snapshot.solverName)")
        print("status          \(snapshot.status.name)\(snapshot.status.reason.map { " (\($0))" } ?? "")")
        if let choice = snapshot.choice {
            for left in choice.switches { print("switched from   \(left)") }
            print("choice          \(choice.summary)")
        }
        if let warning = snapshot.warning { print("warning         \(warning)") }
        print("iterations      \(last?.iteration ?? 0)")
        print("seconds         \(number(last?.seconds))")
        print("cost            \(number(evaluation?.cost))")
        print("objective       \(number(evaluation?.objective))")
        if let dual = evaluation?.dualObjective { print("dual objective  \(number(dual))") }
        print("marginal error  \(number(last?.marginalError))")
        print("mass            \(number(evaluation?.mass))")
        if let plan = snapshot.plan, snapshot.status.reason == nil { print("nnz             \(plan.nonzeroCount())") }
    }
}

/// Ctrl-C during a headless solve cancels it cleanly (the summary still prints).
final class InterruptFlag: Sendable {
    private static let shared = InterruptFlag()
    nonisolated(unsafe) private static var raised: sig_atomic_t = 0

    static func install() -> InterruptFlag {
        signal(SIGINT) { _ in InterruptFlag.raised = 1 }
        TerminalGuard.unblock([SIGINT])
        return shared
    }

    var isSet: Bool { InterruptFlag.raised != 0 }
}
