import Foundation
import OTCore
import OTData
import OTSession
import OTSolvers

/// `otlab bench --tts`: the time-to-solution suite of issue 20. Every applicable otlab solver (and
/// `auto`, once the registry has it: it is just another candidate) is timed from building the solver
/// (kernel formation included) to the tolerance on each problem of `TimeToSolutionSuite`, and the
/// tolerance is checked on the plan the solver returns (`TimeToSolutionProblem.marginalError(of:)`).
/// Also measured: `otlab solve` as a process, from its start to its first iteration and to its end,
/// and the in-process fixed costs before the first iteration; and the per-iteration figure (a
/// Sinkhorn iteration over the fused-pass floor at n = 1000 and 2000, goal 1.25).
enum BenchTimeToSolution {
    /// One way to solve: a solver and the parameters set on top of its defaults (reg, tol and
    /// max-iter come from the problem and the budget).
    struct Candidate: Sendable {
        var label: String
        var solver: String
        var parameters: [String: ParameterValue] = [:]
        /// Solves the unregularized problem (a reference row, never "best by hand").
        var exact = false
    }

    /// The candidates, in table order. `auto` leads when the registry has it.
    static func candidates() -> [Candidate] {
        var list: [Candidate] = []
        if SolverRegistry.descriptor(named: "auto") != nil { list.append(Candidate(label: "auto", solver: "auto")) }
        list += [
            Candidate(label: "sinkhorn", solver: "sinkhorn"),
            Candidate(label: "sinkhorn f32", solver: "sinkhorn", parameters: ["precision": .choice("f32")]),
            Candidate(label: "sinkhorn momentum 1.5", solver: "sinkhorn", parameters: ["momentum": .real(1.5)]),
            Candidate(label: "sinkhorn-log", solver: "sinkhorn-log"),
            Candidate(label: "sinkhorn-log momentum 1.5", solver: "sinkhorn-log", parameters: ["momentum": .real(1.5)]),
            Candidate(label: "sinkhorn-log anderson 5", solver: "sinkhorn-log", parameters: ["anderson": .integer(5)]),
            Candidate(label: "sinkhorn-log eps-scaling", solver: "sinkhorn-log", parameters: ["epsilon-scaling": .flag(true)]),
            Candidate(label: "greenkhorn", solver: "greenkhorn"),
            Candidate(label: "sns", solver: "sns"),
            Candidate(label: "sinkhorn-online", solver: "sinkhorn-online"),
            Candidate(label: "emd (exact, reg 0)", solver: "emd", exact: true),
        ]
        return list
    }

    /// One candidate on one problem.
    struct Outcome {
        var label: String
        var solver: String
        var exact: Bool
        /// converged, max_iter, diverged, budget (stopped at the time budget), refused (not built).
        var status: String
        var reason: String?
        /// Median seconds from building the solver to the tolerance (nil unless converged).
        var seconds: Double?
        /// Median seconds of building the solver (kernel formation and other setup).
        var setupSeconds: Double?
        var iterations: Int?
        /// The L1 marginal error checked on the returned plan.
        var checkedError: Double?
        var cost: Double?
        var runs: Int
        /// Whether the checked error is within the tolerance.
        var met: Bool { status == "converged" && (checkedError.map { $0.isFinite } ?? false) && metTolerance }
        var metTolerance = false
    }

    struct ProblemReport {
        var problem: TimeToSolutionProblem
        var outcomes: [Outcome]
        /// The fastest non-auto, non-exact candidate that met the tolerance.
        var bestByHand: Outcome? {
            outcomes.filter { $0.label != "auto" && !$0.exact && $0.met }.min { $0.seconds! < $1.seconds! }
        }
        var auto: Outcome? { outcomes.first { $0.label == "auto" } }
    }

    /// `otlab solve` as a process on the n = 1000 clouds (reg 0.01) read from .npy files.
    struct Startup {
        var solver: String
        /// Median seconds from spawning the process to its first iteration record on stdout.
        var toFirstIteration: Double
        /// Median seconds from spawning the process to its exit (solved to 1e-6), run with `--json`
        /// instead of `--progress` (which evaluates the plan at every iteration).
        var toExit: Double
        var runs: Int
    }

    /// In-process fixed costs before the first iteration (n = 1000 clouds, reg 0.01), medians.
    struct FixedCosts {
        var n: Int
        var readSeconds: Double
        var buildSeconds: Double
        var kernelSeconds: Double
        var firstIterationSeconds: Double
    }

    struct Report {
        var problems: [ProblemReport]
        var startup: [Startup]
        var fixed: FixedCosts?
        var floors: [BenchSolvers.Floor]
        var repeats: Int
        var budget: Double
    }

    static func now() -> Double { BenchSolvers.now() }

    /// Runs `candidate` on `tts` up to `repeats` times (once when it does not converge or takes over
    /// a quarter of the budget); the time covers building the solver and stepping it to the end.
    static func run(_ candidate: Candidate, on tts: TimeToSolutionProblem, repeats: Int, budget: Double) -> Outcome {
        var outcome = Outcome(label: candidate.label, solver: candidate.solver, exact: candidate.exact, status: "refused", runs: 0)
        guard let descriptor = SolverRegistry.descriptor(named: candidate.solver) else {
            outcome.reason = "no solver \(candidate.solver)"
            return outcome
        }
        var parameters = descriptor.defaults
        let names = Set(descriptor.parameters.map(\.name))
        do {
            try ProblemChecks.validate(tts.problem, for: descriptor)
            if names.contains("reg") { try parameters.set("reg", .real(tts.regularization)) }
            if names.contains("tol") { try parameters.set("tol", .real(tts.tolerance)) }
            if names.contains("max-iter") { try parameters.set("max-iter", .integer(100_000_000)) }
            for (key, value) in candidate.parameters { try parameters.set(key, value) }
        } catch {
            outcome.reason = (error as? InputError)?.description ?? "\(error)"
            return outcome
        }
        var times: [Double] = [], setups: [Double] = []
        for _ in 0..<max(1, repeats) {
            let start = now()
            let solver: any TransportSolver
            do {
                solver = try descriptor.makeSolver(problem: tts.problem, parameters: parameters)
            } catch {
                outcome.status = "refused"
                outcome.reason = (error as? InputError)?.description ?? "\(error)"
                return outcome
            }
            let built = now()
            var status = SolverStatus.running
            var overBudget = false
            while status == .running {
                status = solver.step()
                if status == .running, now() - start > budget { overBudget = true; break }
            }
            let end = now()
            outcome.runs += 1
            outcome.iterations = solver.iteration
            switch status {
            case .converged: outcome.status = "converged"
            case .diverged(let reason): outcome.status = "diverged"; outcome.reason = reason
            default: outcome.status = overBudget ? "budget" : status.name
            }
            guard status == .converged else {
                // Where the run stopped, checked on its plan too (a diverged plan holds no numbers).
                if case .diverged = status {} else { outcome.checkedError = tts.marginalError(of: solver.plan()) }
                return outcome
            }
            times.append(end - start)
            setups.append(built - start)
            if outcome.checkedError == nil {
                let plan = solver.plan()
                outcome.checkedError = tts.marginalError(of: plan)
                outcome.metTolerance = outcome.checkedError! <= tts.tolerance
                outcome.cost = plan.cost(tts.problem.cost)
            }
            if end - start > budget / 4 { break }
        }
        outcome.seconds = BenchSolvers.median(times)
        outcome.setupSeconds = BenchSolvers.median(setups)
        return outcome
    }

    /// `otlab solve` on files written to a temporary folder: spawn to first record, spawn to exit.
    static func startup(solver: String, executable: String, repeats: Int) throws -> Startup {
        let files = try CloudFiles("startup")
        defer { files.remove() }
        let path = files.path
        var first: [Double] = [], total: [Double] = []
        for _ in 0..<max(1, repeats) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["solve", path("a.npy"), path("b.npy"), "--cost-matrix", path("M.npy"), "--solver", solver,
                                 "--reg", "0.01", "--tol", "1e-6", "--progress"]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            let start = now()
            try process.run()
            let handle = pipe.fileHandleForReading
            var buffer = Data()
            var firstRecord: Double?
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                if firstRecord == nil {
                    buffer.append(chunk)
                    if let text = String(data: buffer, encoding: .utf8), text.contains("\"type\":\"record\"") { firstRecord = now() - start }
                }
            }
            process.waitUntilExit()
            guard process.terminationStatus == 0, let firstRecord else {
                throw BenchSolvers.ValidationFailure("otlab solve --solver \(solver) exited with status \(process.terminationStatus) (first record \(firstRecord == nil ? "not seen" : "seen"))")
            }
            first.append(firstRecord)
            // To the end without --progress (which evaluates the plan at every iteration): --json.
            let whole = Process()
            whole.executableURL = process.executableURL
            whole.arguments = process.arguments!.filter { $0 != "--progress" } + ["--json"]
            whole.standardOutput = FileHandle.nullDevice
            whole.standardError = FileHandle.nullDevice
            let wholeStart = now()
            try whole.run()
            whole.waitUntilExit()
            guard whole.terminationStatus == 0 else {
                throw BenchSolvers.ValidationFailure("otlab solve --solver \(solver) --json exited with status \(whole.terminationStatus)")
            }
            total.append(now() - wholeStart)
        }
        return Startup(solver: solver, toFirstIteration: BenchSolvers.median(first), toExit: BenchSolvers.median(total), runs: max(1, repeats))
    }

    /// The in-process path of `otlab solve a.npy b.npy --cost-matrix M.npy --solver sinkhorn` before
    /// its first iteration, stage by stage: reading M, building the problem, forming the kernel.
    static func fixedCosts(repeats: Int) throws -> FixedCosts {
        let files = try CloudFiles("fixed")
        defer { files.remove() }
        let path = files.path
        var reads: [Double] = [], builds: [Double] = [], kernels: [Double] = [], firsts: [Double] = []
        for _ in 0..<max(3, repeats) {
            var start = now()
            _ = try NPYReader.read(at: path("M.npy"))
            reads.append(now() - start)
            start = now()
            let problem = try ProblemBuilder(sourcePath: path("a.npy"), targetPath: path("b.npy"), costMatrixPath: path("M.npy")).build()
            builds.append(now() - start)
            start = now()
            _ = GibbsKernel(cost: problem.cost, regularization: 0.01)
            kernels.append(now() - start)
            let solver = try BenchSolvers.makeSolver("sinkhorn", problem, set: ["reg": .real(0.01), "tol": .real(1e-6)])
            start = now()
            _ = solver.step()
            firsts.append(now() - start)
        }
        return FixedCosts(n: 1000, readSeconds: BenchSolvers.median(reads), buildSeconds: BenchSolvers.median(builds),
                          kernelSeconds: BenchSolvers.median(kernels), firstIterationSeconds: BenchSolvers.median(firsts))
    }

    /// The n = 1000 clouds (reg 0.01) written as `otlab solve` reads them (`write`) into a fresh
    /// folder `$TMPDIR/otlab-tts-LABEL-PID`: what the start-up and fixed-cost measurements read.
    struct CloudFiles {
        let folder: String

        init(_ label: String) throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("otlab-tts-\(label)-\(getpid())").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            do {
                try BenchTimeToSolution.write(try TimeToSolutionSuite.clouds(n: 1000, regularization: 0.01), into: folder)
            } catch {
                remove()
                throw error
            }
        }

        /// The file `name` (`M.npy`, `a.npy`, `b.npy`, ...) in the folder.
        func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }

        /// Removes the folder and its files.
        func remove() { try? FileManager.default.removeItem(atPath: folder) }
    }

    /// Writes a problem as POT's inputs: M.npy, a.npy, b.npy (and xs.npy, xt.npy for point clouds)
    /// and problem.json (name, summary, reg, tol, reference) for bench/compare_tts.py.
    static func write(_ tts: TimeToSolutionProblem, into folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
        let problem = tts.problem
        try NPYWriter.write(matrix: problem.cost, to: path("M.npy"))
        try NPYWriter.write(vector: problem.a, to: path("a.npy"))
        try NPYWriter.write(vector: problem.b, to: path("b.npy"))
        if let xs = problem.source.points { try NPYWriter.write(matrix: xs, to: path("xs.npy")) }
        if let xt = problem.target.points { try NPYWriter.write(matrix: xt, to: path("xt.npy")) }
        let meta: JSONValue = .object([
            ("name", .string(tts.name)), ("summary", .string(tts.summary)), ("reg", .number(tts.regularization)),
            ("tol", .number(tts.tolerance)), ("reference", .number(tts.reference)),
            ("n", .integer(problem.sourceCount)), ("m", .integer(problem.targetCount)),
        ])
        try TextFileWriter.write(meta.rendered + "\n", to: path("problem.json"))
    }

    /// Writes every problem of the suite into `directory/<name>/`.
    static func export(to directory: String, scale: Int = 1) throws -> [String] {
        try TimeToSolutionSuite.problems(scale: scale).map { tts in
            try write(tts, into: (directory as NSString).appendingPathComponent(tts.name))
            return tts.name
        }
    }

    static func run(repeats: Int, budget: Double, only: String?, scale: Int = 1, startupRuns: Int, floors: Bool, executable: String?,
                    log: (String) -> Void) throws -> Report {
        var problems: [ProblemReport] = []
        for tts in try TimeToSolutionSuite.problems(scale: scale) where only.map({ tts.name.contains($0) }) ?? true {
            var outcomes: [Outcome] = []
            for candidate in candidates() {
                log("  \(tts.name): \(candidate.label) ...")
                outcomes.append(run(candidate, on: tts, repeats: repeats, budget: budget))
            }
            problems.append(ProblemReport(problem: tts, outcomes: outcomes))
        }
        var startups: [Startup] = []
        var fixed: FixedCosts?
        if startupRuns > 0, let executable {
            log("  fixed costs before the first iteration ...")
            fixed = try fixedCosts(repeats: startupRuns)
            for solver in (SolverRegistry.descriptor(named: "auto") != nil ? ["auto", "sinkhorn"] : ["sinkhorn"]) {
                log("  otlab solve --solver \(solver) as a process ...")
                startups.append(try startup(solver: solver, executable: executable, repeats: startupRuns))
            }
        }
        var floorList: [BenchSolvers.Floor] = []
        if floors {
            for n in [1000, 2000] {
                log("  fused-pass floor n=\(n) ...")
                floorList.append(try BenchSolvers.floor(BenchSolvers.problem(n: n), repeats: repeats))
            }
        }
        return Report(problems: problems, startup: startups, fixed: fixed, floors: floorList, repeats: repeats, budget: budget)
    }

    static func format(_ seconds: Double?) -> String {
        guard let seconds else { return "-" }
        return seconds < 1 ? String(format: "%.4f", seconds) : String(format: "%.3f", seconds)
    }

    static func table(_ report: Report) -> String {
        func cell(_ s: String, _ w: Int) -> String { s.count >= w ? s : String(repeating: " ", count: w - s.count) + s }
        var lines: [String] = []
        lines.append("time to solution: seconds from building the solver (kernel formation included) to the tolerance, median of up to \(report.repeats) runs;"
                     + " error = L1 marginal error checked on the returned plan; budget \(ParameterValue.formatShort(report.budget)) s a run")
        for p in report.problems {
            let tts = p.problem
            lines.append("")
            lines.append("\(tts.name): \(tts.summary); reg \(ParameterValue.formatShort(tts.regularization)), tol \(ParameterValue.formatShort(tts.tolerance))"
                         + (tts.reference.map { ", reference cost \(ParameterValue.format($0))" } ?? ""))
            lines.append("  " + "candidate".padding(toLength: 28, withPad: " ", startingAt: 0) + cell("status", 10) + cell("seconds", 10) + cell("setup s", 10)
                         + cell("iter", 9) + cell("error", 11) + cell("runs", 5) + "  cost")
            for o in p.outcomes {
                var line = "  " + o.label.padding(toLength: 28, withPad: " ", startingAt: 0)
                line += cell(o.status == "converged" && !o.metTolerance ? "over tol" : o.status, 10)
                line += cell(format(o.seconds), 10) + cell(format(o.setupSeconds), 10)
                line += cell(o.iterations.map(String.init) ?? "-", 9)
                line += cell(o.checkedError.map { String(format: "%.2e", $0) } ?? "-", 11)
                line += cell(String(o.runs), 5)
                line += "  " + (o.cost.map { String(format: "%.12g", $0) } ?? (o.reason.map { String($0.prefix(70)) } ?? "-"))
                lines.append(line)
            }
            if let best = p.bestByHand {
                var summary = "  best by hand: \(best.label) \(format(best.seconds)) s"
                if let auto = p.auto {
                    if auto.met, let a = auto.seconds, let b = best.seconds {
                        summary += String(format: "; auto / best by hand = %.2f (goal <= 1.2)", a / b)
                    } else {
                        summary += "; auto did not reach the tolerance (\(auto.status))"
                    }
                }
                lines.append(summary)
            } else {
                lines.append("  best by hand: none reached the tolerance")
            }
        }
        if let f = report.fixed {
            lines.append("")
            lines.append(String(format: "fixed costs in process (clouds n=%d, reg 0.01, medians): read M.npy %.2f ms, build the problem from a.npy b.npy M.npy %.2f ms,"
                                + " form the kernel %.2f ms, first sinkhorn iteration %.2f ms", f.n, f.readSeconds * 1000, f.buildSeconds * 1000,
                                f.kernelSeconds * 1000, f.firstIterationSeconds * 1000))
        }
        for s in report.startup {
            lines.append(String(format: "otlab solve --solver %@ as a process (clouds n=1000 from .npy, reg 0.01, tol 1e-6): start to first iteration %.1f ms (--progress),"
                                + " start to exit %.1f ms (--json) (medians of %d)", s.solver, s.toFirstIteration * 1000, s.toExit * 1000, s.runs))
        }
        for f in report.floors {
            lines.append(String(format: "per iteration at n=%d: sinkhorn %.4f ms, fused-pass floor %.4f ms, iteration / floor %.2f (median of rounds; goal <= 1.25)",
                                f.n, f.sinkhornMs, f.fusedMs, f.fusedRatio))
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ report: Report) -> JSONValue {
        func outcome(_ o: Outcome) -> JSONValue {
            .object([
                ("label", .string(o.label)), ("solver", .string(o.solver)), ("exact", .bool(o.exact)), ("status", .string(o.status)),
                ("reason", o.reason.map { .string($0) } ?? .null), ("seconds", .number(o.seconds)), ("setup_seconds", .number(o.setupSeconds)),
                ("iterations", o.iterations.map { .integer($0) } ?? .null), ("checked_error", .number(o.checkedError)),
                ("met", .bool(o.met)), ("cost", .number(o.cost)), ("runs", .integer(o.runs)),
            ])
        }
        return .object([
            ("repeats", .integer(report.repeats)),
            ("budget_seconds", .number(report.budget)),
            ("problems", .array(report.problems.map { p in
                var ratio: JSONValue = .null
                if let best = p.bestByHand, let auto = p.auto, auto.met, let a = auto.seconds, let b = best.seconds { ratio = .number(a / b) }
                return .object([
                    ("name", .string(p.problem.name)), ("summary", .string(p.problem.summary)),
                    ("reg", .number(p.problem.regularization)), ("tol", .number(p.problem.tolerance)),
                    ("reference", .number(p.problem.reference)),
                    ("outcomes", .array(p.outcomes.map(outcome))),
                    ("best_by_hand", p.bestByHand.map { .string($0.label) } ?? .null),
                    ("best_by_hand_seconds", .number(p.bestByHand?.seconds)),
                    ("auto_over_best_by_hand", ratio),
                ])
            })),
            ("fixed_costs", report.fixed.map { f in
                .object([("n", .integer(f.n)), ("read_seconds", .number(f.readSeconds)), ("build_seconds", .number(f.buildSeconds)),
                         ("kernel_seconds", .number(f.kernelSeconds)), ("first_iteration_seconds", .number(f.firstIterationSeconds))])
            } ?? .null),
            ("startup", .array(report.startup.map { s in
                .object([("solver", .string(s.solver)), ("to_first_iteration_seconds", .number(s.toFirstIteration)),
                         ("to_exit_seconds", .number(s.toExit)), ("runs", .integer(s.runs))])
            })),
            ("per_iteration", .array(report.floors.map { f in
                .object([("n", .integer(f.n)), ("sinkhorn_ms", .number(f.sinkhornMs)), ("fused_ms", .number(f.fusedMs)),
                         ("ratio", .number(f.fusedRatio)), ("goal", .number(1.25))])
            })),
        ])
    }
}
