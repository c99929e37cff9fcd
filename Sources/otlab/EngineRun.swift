import Foundation
import OTCore
import OTData
import OTSession
import OTSolvers
import Workbench

/// `otlab solve ... --engine pot|ott [--host USER@HOST]`: the solve runs in POT or OTT-JAX through
/// the Python probe (`python/otlab_probe`), locally or over ssh, and is read back as a record
/// stream (docs/record-stream.md) by the same `StreamRunner` that `otlab watch` uses.
///
/// The problem goes to the probe as an .npz on its standard input (`ProbeCommand`), so the remote
/// machine needs only Python, the engine and `pip install ./python`, not the files. With
/// `--plan-out` or `--heatmap-out` the probe is asked for the final plan whole (`--final-plan`, up
/// to `ProbeCommand.wholePlanLimit` entries); `--log-out` writes the records the stream carried
/// (one per chunk of 10 iterations for POT).
struct EngineRun {
    var engine: String
    var host: String?
    var problem: TransportProblem
    var solver: SolverDescriptor
    var parameters: ParameterValues
    var json: Bool
    var progress: Bool
    var planOut: String? = nil
    var logOut: String? = nil
    var heatmapOut: String? = nil

    var command: ProbeCommand {
        ProbeCommand(engine: engine, solver: solver.name, parameters: parameters, host: host,
                     wholeFinalPlan: planOut != nil || heatmapOut != nil)
    }

    func execute() throws -> ExitStatus {
        let archive = try ProbeCommand.archive(for: problem, engine: engine)
        if planOut != nil || heatmapOut != nil, problem.sourceCount * problem.targetCount > ProbeCommand.wholePlanLimit {
            throw InputError(planOut ?? heatmapOut ?? "--plan-out", nil,
                             "the \(problem.sourceCount) x \(problem.targetCount) plan is larger than the probe sends whole (\(ProbeCommand.wholePlanLimit) entries); use --engine swift to write it")
        }
        let runner = StreamRunner(input: .command(command.commandLine), standardInput: archive, keepsLines: progress)
        let interrupt = InterruptFlag.install()
        var printed = 0
        while !runner.isFinished || !runner.inputEnded {
            if interrupt.isSet { runner.shutdown() }
            usleep(2000)
            if progress { printed = printLines(runner, from: printed) }
        }
        if progress { _ = printLines(runner, from: printed) }
        for line in runner.messages { FileHandle.standardError.write(Data("\(engine): \(line)\n".utf8)) }
        let snapshot = runner.snapshot
        if runner.header == nil {
            throw ExitStatusMessage(status: .badInput, message: "--engine \(engine)\(host.map { " on \($0)" } ?? ""): the probe wrote no stream (\(snapshot.sourceNote ?? "no header")); install it with `\(ProbeCommand.installHint(engine: engine))`")
        }
        try writeOutputs(runner, snapshot: snapshot)
        if !progress {
            var report = RunReport.summary(snapshot: snapshot, plan: nil, problem: problem)
            if case .object(var pairs) = report {
                pairs.insert(("engine", .string(runner.header?.engineLabel ?? engine)), at: 1)
                report = .object(pairs)
            }
            if json {
                print(report.rendered)
            } else {
                let evaluation = snapshot.latestEvaluated?.evaluation
                print("engine          \(runner.header?.engineLabel ?? engine)")
                print("solver          \(snapshot.solverName)")
                print("status          \(snapshot.status.name)")
                print("iterations      \(snapshot.latest?.iteration ?? 0)")
                print("cost            \(evaluation.map { String(format: "%.12g", $0.cost) } ?? "-")")
                print("objective       \(evaluation.map { String(format: "%.12g", $0.objective) } ?? "-")")
                print("marginal error  \(snapshot.latest.map { String(format: "%.12g", $0.marginalError) } ?? "-")")
            }
        }
        if let note = snapshot.sourceNote { FileHandle.standardError.write(Data("otlab: \(note)\n".utf8)) }
        switch snapshot.status {
        case .diverged: return .numericalFailure
        case .cancelled: return snapshot.sourceNote != nil ? .numericalFailure : .interrupted
        default: return .finished
        }
    }

    /// `--log-out` from the records read; `--plan-out` and `--heatmap-out` from the final plan the
    /// probe sent whole (a run that stopped early, or a plan sent as blocks, writes no plan and
    /// says why).
    private func writeOutputs(_ runner: StreamRunner, snapshot: RunSnapshot) throws {
        if let logOut { try PlanExport.writeLog(Array(runner.records(from: 0).records), to: logOut) }
        guard planOut != nil || heatmapOut != nil else { return }
        runner.requestPlan()
        guard snapshot.status.reason == nil, case .dense(let matrix)? = runner.snapshot.plan,
              matrix.rows == problem.sourceCount, matrix.columns == problem.targetCount else {
            let why = snapshot.status.reason ?? snapshot.sourceNote ?? "the probe sent no whole final plan (an older otlab_probe? pip install ./python)"
            throw ExitStatusMessage(status: .numericalFailure, message: "--engine \(engine): no plan written: \(why)")
        }
        let plan = TransportPlan.dense(matrix)
        if let planOut { try PlanExport.write(plan, to: planOut) }
        if let heatmapOut { try PNGWriter.write(PlanHeatmapImage().render(plan, a: problem.a, b: problem.b), to: heatmapOut) }
    }

    /// With `--progress`, the stream's lines as read (re-written by `RecordStreamWriter`, so the
    /// output is the same format whichever engine ran).
    private func printLines(_ runner: StreamRunner, from index: Int) -> Int {
        let lines = runner.lines(from: index)
        for line in lines { print(line) }
        if !lines.isEmpty { fflush(nil) }
        return index + lines.count
    }
}
