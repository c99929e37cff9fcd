import Foundation
import OTCore
import OTData
import OTSession
import OTSolvers

/// The solver suite of `otlab bench`: the problems of issue 6 (2-D gaussian clouds, squared Euclidean
/// cost scaled to max 1, uniform weights), each solver family timed on them (medians of repeats).
enum BenchSolvers {
    /// Regularization per entropic solver (absolute, as in POT, on the cost scaled to max 1).
    static let regularization: [String: Double] = ["sinkhorn": 0.05, "sinkhorn-log": 0.01]
    static let fixedIterations = 20
    static let tolerance = 1e-6
    static let toleranceCap = 20_000

    struct Row {
        var solver: String
        var n: Int
        var reg: Double?
        var msPerIteration: Double?
        /// Process CPU time (all threads) per iteration, ms: what the iteration costs whatever the load.
        var cpuMsPerIteration: Double? = nil
        var iterationsToTolerance: Int?
        var secondsToTolerance: Double?
        var reachedTolerance: Bool?
        var emdSeconds: Double?
        var cost: Double?
        var repeats: Int
        /// Peak resident memory during this case (VmHWM after a reset), or the process's peak so far.
        var peakMB: Double
        /// For the f32 row: |cost(f32) - cost(f64)| / cost(f64) on the same problem.
        var relativeCostDifference: Double? = nil
    }

    /// The floors at one size, measured in alternation with Sinkhorn iterations so that all three
    /// see the same state of a shared machine.
    struct Floor {
        var n: Int
        /// One dense f64 `K v` over both cores, ms (median): a single product, the stricter floor.
        var kvMs: Double
        /// The fused single pass: `K v` and `K^T u` (given u, v) from one read of K over both cores,
        /// ms (median). The "fused-pass floor".
        var fusedMs: Double
        /// One Sinkhorn iteration (f64) on the bench problem, timed between the passes, ms (median).
        var sinkhornMs: Double
        /// Median over the rounds of (Sinkhorn iteration / the `K v` pass just before it).
        var kvRatio: Double
        /// Median over the rounds of (Sinkhorn iteration / the fused pass just before it).
        var fusedRatio: Double
    }

    /// Sinkhorn-Newton-Sparse on the random assignment problem of Tang et al. (n = 500, reg 1/1200).
    struct NewtonCase {
        var n: Int
        var reg: Double
        var tolerance: Double
        var seconds: Double
        var iterations: Int
        var converged: Bool
        var repeats: Int
        var peakMB: Double
    }

    struct Report {
        var rows: [Row]
        var floors: [Floor]
        var newton: NewtonCase?
        /// Whether peak memory is per case (VmHWM reset through /proc/self/clear_refs) or the process peak.
        var peakIsPerCase: Bool
    }

    /// Source: gaussian2d seed 1, target: gaussian2d seed 2, n points each; cost scaled to max 1.
    static func problem(n: Int) throws -> TransportProblem {
        func cloud(_ seed: Int) throws -> Measure {
            guard let m = try Generator.gaussian2d.generate(settings: ["n": String(n), "seed": String(seed)]).measure else {
                throw ValidationFailure("gaussian2d did not produce a measure")
            }
            return Measure.uniform(points: m.points!)
        }
        let source = try cloud(1), target = try cloud(2)
        let raw = TransportProblem(source: source, target: target, groundCost: .sqeuclidean)
        var cost = raw.cost
        let top = cost.storage.max() ?? 1
        if top > 0 { for k in cost.storage.indices { cost.storage[k] /= top } }
        return TransportProblem(source: source, target: target, cost: cost)
    }

    struct ValidationFailure: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }

    /// User plus system CPU seconds of the whole process (all threads).
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) * 1e-6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    static func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        guard !s.isEmpty else { return .nan }
        return s.count % 2 == 1 ? s[s.count / 2] : 0.5 * (s[s.count / 2 - 1] + s[s.count / 2])
    }

    /// Resets the kernel's resident-memory high-water mark (`echo 5 > /proc/self/clear_refs`), so that
    /// `peakMB()` measures the next case alone; false where that is not possible.
    @discardableResult
    static func resetPeak() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        do { try handle.write(contentsOf: Data("5".utf8)) } catch { return false }
        return true
    }

    /// Peak resident memory in MB: VmHWM from /proc/self/status, else getrusage's ru_maxrss.
    static func peakMB() -> Double {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
           let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") {
            return kilobytes / 1024
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024  // Linux: kilobytes
    }

    static func makeSolver(_ name: String, _ problem: TransportProblem, set: [String: ParameterValue]) throws -> any TransportSolver {
        guard let descriptor = SolverRegistry.descriptor(named: name) else { throw ValidationFailure("no solver \(name)") }
        var parameters = descriptor.defaults
        for (key, value) in set { try parameters.set(key, value) }
        return try descriptor.makeSolver(problem: problem, parameters: parameters)
    }

    static func entropic(_ name: String, _ problem: TransportProblem, repeats: Int, precision: Precision = .f64) throws -> Row {
        let reg = regularization[name]!
        var extra: [String: ParameterValue] = [:]
        if precision != .f64 { extra["precision"] = .choice(precision.rawValue) }
        var perIteration: [Double] = []
        var cpu = 0.0
        for _ in 0..<max(1, repeats) {
            let solver = try makeSolver(name, problem, set: extra.merging(["reg": .real(reg), "tol": .real(0), "max-iter": .integer(100_000_000)]) { $1 })
            // Each iteration timed on its own, as the floor's passes are: on a shared machine the
            // median of single iterations is the figure least disturbed by other processes.
            let cpuStart = cpuSeconds()
            for _ in 0..<fixedIterations {
                let start = now()
                _ = solver.step()
                perIteration.append((now() - start) * 1000)
            }
            cpu += cpuSeconds() - cpuStart
        }
        let solver = try makeSolver(name, problem, set: extra.merging(["reg": .real(reg), "tol": .real(tolerance), "max-iter": .integer(toleranceCap)]) { $1 })
        let start = now()
        var status = SolverStatus.running
        while status == .running { status = solver.step() }
        let seconds = now() - start
        return Row(solver: precision == .f64 ? name : "\(name)-\(precision.rawValue)", n: problem.sourceCount, reg: reg,
                   msPerIteration: median(perIteration),
                   cpuMsPerIteration: cpu * 1000 / Double(max(1, repeats) * fixedIterations),
                   iterationsToTolerance: solver.iteration, secondsToTolerance: seconds,
                   reachedTolerance: status == .converged, cost: solver.evaluate().cost,
                   repeats: max(1, repeats), peakMB: peakMB())
    }

    /// SNS on the random assignment problem n = 500, reg 1/1200 (seed 0), to marginal error 1e-10:
    /// median seconds over the repeats.
    static func newton(repeats: Int) throws -> NewtonCase {
        let n = 500, reg = 1.0 / 1200, tol = 1e-10
        guard let problem = try Generator.randomAssignment.generate(settings: ["n": String(n), "seed": "0"]).problem else {
            throw ValidationFailure("random-assignment did not produce a problem")
        }
        var times: [Double] = []
        var iterations = 0
        var converged = true
        for _ in 0..<max(1, repeats) {
            let solver = try makeSolver("sns", problem, set: ["reg": .real(reg), "tol": .real(tol), "max-iter": .integer(1000)])
            let start = now()
            var status = SolverStatus.running
            while status == .running { status = solver.step() }
            times.append(now() - start)
            iterations = solver.iteration
            converged = converged && status == .converged
        }
        return NewtonCase(n: n, reg: reg, tolerance: tol, seconds: median(times), iterations: iterations,
                          converged: converged, repeats: max(1, repeats), peakMB: peakMB())
    }

    static func emd(_ problem: TransportProblem, repeats: Int) throws -> Row {
        var times: [Double] = []
        var cost = Double.nan
        var iterations = 0
        for _ in 0..<max(1, repeats) {
            let solver = try makeSolver("emd", problem, set: ["max-iter": .integer(100_000_000)])
            let start = now()
            var status = SolverStatus.running
            while status == .running { status = solver.step() }
            times.append(now() - start)
            guard status == .converged else { throw ValidationFailure("emd ended \(status.name) at n=\(problem.sourceCount)") }
            cost = solver.evaluate().cost
            iterations = solver.iteration
        }
        _ = iterations
        return Row(solver: "emd", n: problem.sourceCount, emdSeconds: median(times), cost: cost,
                   repeats: max(1, repeats), peakMB: peakMB())
    }

    /// The floors: one dense `K v`, and the fused single pass (`K v` and `K^T u` from one read of
    /// K), both with the bench problem's Gibbs kernel (f64, reg 0.05), timed in rounds with single
    /// iterations of `sinkhorn` on the same problem, so that each ratio compares figures taken
    /// moments apart (on this shared machine the pass alone moved by a factor of 2 between runs a
    /// minute apart).
    static func floor(_ problem: TransportProblem, repeats: Int) throws -> Floor {
        let n = problem.sourceCount
        let reg = regularization["sinkhorn"]!
        let solver = try makeSolver("sinkhorn", problem, set: ["reg": .real(reg), "tol": .real(0), "max-iter": .integer(100_000_000)])
        // The passes read the solver's own kernel: with a copy, the three 8 MB arrays at n = 1000
        // crowd each other out of the L3 cache and every figure comes from further away.
        guard let kernel = (solver as? Sinkhorn)?.kernel else { throw ValidationFailure("sinkhorn has no dense kernel") }
        let v = [Double](repeating: 1.0 / Double(n), count: n), u = v
        var out = [Double](repeating: 0, count: n), columnOut = out
        var workspace = ScalingKernels.Workspace(rows: n, columns: n)
        // Warm up (threads, pages).
        Kernels.multiply(kernel, v, into: &out)
        ScalingKernels.bothProducts(kernel: kernel, u: u, v: v, rowProducts: &out, columnProducts: &columnOut, workspace: &workspace)
        _ = solver.step()
        var passes: [Double] = [], fused: [Double] = [], iterations: [Double] = []
        var kvRatios: [Double] = [], fusedRatios: [Double] = []
        for _ in 0..<max(100, repeats * 20) {
            var start = now()
            Kernels.multiply(kernel, v, into: &out)
            let pass = (now() - start) * 1000
            start = now()
            ScalingKernels.bothProducts(kernel: kernel, u: u, v: v, rowProducts: &out, columnProducts: &columnOut, workspace: &workspace)
            let both = (now() - start) * 1000
            start = now()
            _ = solver.step()
            let iteration = (now() - start) * 1000
            passes.append(pass)
            fused.append(both)
            iterations.append(iteration)
            kvRatios.append(iteration / pass)
            fusedRatios.append(iteration / both)
        }
        return Floor(n: n, kvMs: median(passes), fusedMs: median(fused), sinkhornMs: median(iterations),
                     kvRatio: median(kvRatios), fusedRatio: median(fusedRatios))
    }

    static func run(sizes: [Int], repeats: Int, newton includeNewton: Bool = true, log: (String) -> Void) throws -> Report {
        var rows: [Row] = []
        var floors: [Floor] = []
        var perCase = true
        for n in sizes {
            let problem = try problem(n: n)
            log("  fused-pass floor n=\(n) ...")
            floors.append(try floor(problem, repeats: repeats))
            for name in ["sinkhorn", "sinkhorn-log"] {
                log("  \(name) n=\(n) ...")
                perCase = resetPeak() && perCase
                rows.append(try entropic(name, problem, repeats: repeats))
            }
            log("  sinkhorn --precision f32 n=\(n) ...")
            perCase = resetPeak() && perCase
            var single = try entropic("sinkhorn", problem, repeats: repeats, precision: .f32)
            if let reference = rows.last(where: { $0.solver == "sinkhorn" && $0.n == n })?.cost, let cost = single.cost {
                single.relativeCostDifference = abs(cost - reference) / abs(reference)
            }
            rows.append(single)
            log("  emd n=\(n) ...")
            perCase = resetPeak() && perCase
            rows.append(try emd(problem, repeats: n >= 2000 ? min(repeats, 3) : repeats))
        }
        var newtonCase: NewtonCase?
        if includeNewton {
            log("  sns random assignment n=500 ...")
            perCase = resetPeak() && perCase
            newtonCase = try newton(repeats: min(repeats, 3))
        }
        return Report(rows: rows, floors: floors, newton: newtonCase, peakIsPerCase: perCase)
    }

    /// Sinkhorn iteration over the fused-pass floor at each size (median of the alternating pairs).
    static func floorRatios(_ report: Report) -> [(n: Int, ratio: Double)] {
        report.floors.map { ($0.n, $0.fusedRatio) }
    }

    static func table(_ report: Report, repeats: Int) -> String {
        func cell(_ s: String, _ w: Int) -> String {
            s.count >= w ? s : String(repeating: " ", count: w - s.count) + s
        }
        var lines: [String] = []
        lines.append("problems: 2-D gaussian clouds (gaussian2d seed 1 -> seed 2), sqeuclidean cost scaled to max 1, uniform weights")
        lines.append("sinkhorn reg 0.05 (f64 and --precision f32), sinkhorn-log reg 0.01; ms/iter = median of single iterations over \(repeats) runs of \(fixedIterations) (tol 0);"
                     + " to-tol = one run to marginal error \(tolerance), cap \(toleranceCap)")
        lines.append("solver".padding(toLength: 14, withPad: " ", startingAt: 0) + cell("n", 6) + cell("ms/iter", 11)
                     + cell("cpu ms/it", 11) + cell("it to 1e-6", 12) + cell("s to 1e-6", 11) + cell("emd s", 10) + cell("peak MB", 9) + "  cost")
        for r in report.rows {
            var line = r.solver.padding(toLength: 14, withPad: " ", startingAt: 0) + cell(String(r.n), 6)
            line += cell(r.msPerIteration.map { String(format: "%.3f", $0) } ?? "-", 11)
            line += cell(r.cpuMsPerIteration.map { String(format: "%.3f", $0) } ?? "-", 11)
            line += cell(r.iterationsToTolerance.map { String($0) + (r.reachedTolerance == false ? "+" : "") } ?? "-", 12)
            line += cell(r.secondsToTolerance.map { String(format: "%.3f", $0) } ?? "-", 11)
            line += cell(r.emdSeconds.map { String(format: "%.4f", $0) } ?? "-", 10)
            line += cell(String(format: "%.1f", r.peakMB), 9)
            line += "  " + (r.cost.map { String(format: "%.15g", $0) } ?? "-")
            if let d = r.relativeCostDifference { line += String(format: "  (vs f64: %.1e relative)", d) }
            lines.append(line)
        }
        lines.append("cpu ms/it: CPU time of all threads per iteration (mean), unaffected by waiting for a busy machine's cores")
        lines.append(report.peakIsPerCase ? "peak MB: resident high-water mark of each case (VmHWM reset before it)"
                                          : "peak MB: the process's peak so far (VmHWM could not be reset here)")
        for f in report.floors {
            lines.append(String(format: "fused-pass floor at n=%d: K v and K^T u from one read of the f64 kernel %.4f ms, a sinkhorn iteration timed"
                                + " between passes %.4f ms (medians); iteration / floor %.2f (median of rounds; goal <= 1.5)",
                                f.n, f.fusedMs, f.sinkhornMs, f.fusedRatio))
            lines.append(String(format: "  stricter reference at n=%d: K v alone %.4f ms; iteration / K v %.2f", f.n, f.kvMs, f.kvRatio))
        }
        if let s = report.newton {
            lines.append(String(format: "sns, random assignment n=%d reg 1/1200 to marginal error %.0e: %.3f s median of %d, %d iterations%@ (goal < 0.5 s), peak %.1f MB",
                                s.n, s.tolerance, s.seconds, s.repeats, s.iterations, s.converged ? "" : " NOT CONVERGED", s.peakMB))
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ report: Report, repeats: Int) -> JSONValue {
        func opt(_ x: Double?) -> JSONValue { .number(x) }
        let rows: [JSONValue] = report.rows.map { r in
            .object([
                ("solver", .string(r.solver)),
                ("n", .integer(r.n)),
                ("reg", r.reg.map { JSONValue.number($0) } ?? .null),
                ("ms_per_iter", opt(r.msPerIteration)),
                ("cpu_ms_per_iter", opt(r.cpuMsPerIteration)),
                ("iterations_to_tol", r.iterationsToTolerance.map { JSONValue.integer($0) } ?? .null),
                ("seconds_to_tol", opt(r.secondsToTolerance)),
                ("reached_tol", r.reachedTolerance.map { JSONValue.bool($0) } ?? .null),
                ("seconds", opt(r.emdSeconds)),
                ("cost", opt(r.cost)),
                ("repeats", .integer(r.repeats)),
                ("peak_mb", .number(r.peakMB)),
                ("relative_cost_difference_vs_f64", opt(r.relativeCostDifference)),
            ])
        }
        var ratio: JSONValue = .null
        if let r = floorRatios(report).first(where: { $0.n == 1000 }) { ratio = .number(r.ratio) }
        var newton: JSONValue = .null
        if let s = report.newton {
            newton = .object([
                ("n", .integer(s.n)), ("reg", .number(s.reg)), ("tol", .number(s.tolerance)), ("seconds", .number(s.seconds)),
                ("iterations", .integer(s.iterations)), ("converged", .bool(s.converged)), ("repeats", .integer(s.repeats)),
                ("peak_mb", .number(s.peakMB)),
            ])
        }
        return .object([
            ("problem", .string("gaussian2d seed 1 -> seed 2, sqeuclidean scaled to max 1, uniform weights")),
            ("repeats", .integer(repeats)),
            ("fixed_iterations", .integer(fixedIterations)),
            ("tol", .number(tolerance)),
            ("tol_iteration_cap", .integer(toleranceCap)),
            ("results", .array(rows)),
            ("floor", .array(report.floors.map {
                .object([("n", .integer($0.n)), ("kv_ms", .number($0.kvMs)), ("fused_ms", .number($0.fusedMs)), ("sinkhorn_ms", .number($0.sinkhornMs)),
                         ("ratio", .number($0.fusedRatio)), ("ratio_over_kv", .number($0.kvRatio))])
            })),
            ("sinkhorn_over_floor_n1000", ratio),
            ("sinkhorn_over_floor", .array(floorRatios(report).map { .object([("n", .integer($0.n)), ("ratio", .number($0.ratio))]) })),
            ("sns_random_assignment", newton),
            ("peak_is_per_case", .bool(report.peakIsPerCase)),
        ])
    }

    /// Builds `solver` (tolerance 0) on the bench problem of size n and calls `step()` up to
    /// `iterations` times with nothing else running: the loop that scripts/alloc-check.sh measures.
    /// Returns the steps taken (fewer when the solver finishes early).
    static func probe(solver name: String, n: Int, iterations: Int) throws -> Int {
        var problem = try problem(n: n)
        if name == "emd1d", let xs = problem.source.points, let xt = problem.target.points {
            // The 1-D solver gets the clouds' first coordinates.
            func line(_ points: DenseMatrix) -> Measure {
                Measure.uniform(points: DenseMatrix(rows: points.rows, columns: 1) { i, _ in points[i, 0] })
            }
            problem = TransportProblem(source: line(xs), target: line(xt), groundCost: .sqeuclidean)
        } else if name == "divergence" || name == "sinkhorn-online" {
            // The self terms (divergence) and the tiles (online) need the ground cost, not only the
            // (scaled) cost matrix.
            problem = TransportProblem(source: problem.source, target: problem.target, groundCost: .sqeuclidean)
        } else if name == "doubly-stochastic" {
            // Unit weights with the cost as the negated scores.
            let ones = [Double](repeating: 1, count: n)
            problem = TransportProblem(source: Measure(weights: ones), target: Measure(weights: ones), cost: problem.cost)
        }
        var set: [String: ParameterValue] = [:]
        let names = Set(SolverRegistry.descriptor(named: name)?.parameters.map(\.name) ?? [])
        if names.contains("max-iter") { set["max-iter"] = .integer(100_000_000) }
        if names.contains("tol") { set["tol"] = .real(0) }
        let solver = try makeSolver(name, problem, set: set)
        var steps = 0
        while steps < iterations {
            steps += 1
            if solver.step() != .running { break }
        }
        return steps
    }

    /// Writes M.npy, a.npy, b.npy (and xs.npy, xt.npy) per size into `directory/n<size>/`.
    static func export(sizes: [Int], to directory: String) throws {
        for n in sizes {
            let problem = try problem(n: n)
            let folder = (directory as NSString).appendingPathComponent("n\(n)")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
            try NPYWriter.write(matrix: problem.cost, to: path("M.npy"))
            try NPYWriter.write(vector: problem.source.weights, to: path("a.npy"))
            try NPYWriter.write(vector: problem.target.weights, to: path("b.npy"))
            if let xs = problem.source.points { try NPYWriter.write(matrix: xs, to: path("xs.npy")) }
            if let xt = problem.target.points { try NPYWriter.write(matrix: xt, to: path("xt.npy")) }
        }
    }
}
