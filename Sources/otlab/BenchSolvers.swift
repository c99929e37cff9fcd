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
        var iterationsToTolerance: Int?
        var secondsToTolerance: Double?
        var reachedTolerance: Bool?
        var emdSeconds: Double?
        var cost: Double?
        var repeats: Int
        var peakMB: Double
    }

    struct Floor {
        var n: Int
        var ms: Double
    }

    struct Report {
        var rows: [Row]
        var floors: [Floor]
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

    static func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        guard !s.isEmpty else { return .nan }
        return s.count % 2 == 1 ? s[s.count / 2] : 0.5 * (s[s.count / 2 - 1] + s[s.count / 2])
    }

    static func peakMB() -> Double {
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

    static func entropic(_ name: String, _ problem: TransportProblem, repeats: Int) throws -> Row {
        let reg = regularization[name]!
        var perIteration: [Double] = []
        for _ in 0..<max(1, repeats) {
            let solver = try makeSolver(name, problem, set: ["reg": .real(reg), "tol": .real(0), "max-iter": .integer(100_000_000)])
            let start = now()
            for _ in 0..<fixedIterations { _ = solver.step() }
            perIteration.append((now() - start) * 1000 / Double(fixedIterations))
        }
        let solver = try makeSolver(name, problem, set: ["reg": .real(reg), "tol": .real(tolerance), "max-iter": .integer(toleranceCap)])
        let start = now()
        var status = SolverStatus.running
        while status == .running { status = solver.step() }
        let seconds = now() - start
        return Row(solver: name, n: problem.sourceCount, reg: reg, msPerIteration: median(perIteration),
                   iterationsToTolerance: solver.iteration, secondsToTolerance: seconds,
                   reachedTolerance: status == .converged, cost: solver.evaluate().cost,
                   repeats: max(1, repeats), peakMB: peakMB())
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

    /// One dense `K v` over an n x n matrix (ms, median of repeats): the fused-pass floor.
    static func floor(n: Int, repeats: Int) -> Floor {
        let k = DenseMatrix(rows: n, columns: n) { i, j in exp(-Double((i * 31 + j * 17) % 97) / 97) }
        let v = [Double](repeating: 1.0 / Double(n), count: n)
        var out = [Double](repeating: 0, count: n)
        Kernels.multiply(k, v, into: &out)  // warm up (threads, pages)
        var times: [Double] = []
        for _ in 0..<max(100, repeats * 20) {
            let start = now()
            Kernels.multiply(k, v, into: &out)
            times.append((now() - start) * 1000)
        }
        return Floor(n: n, ms: median(times))
    }

    static func run(sizes: [Int], repeats: Int, log: (String) -> Void) throws -> Report {
        var rows: [Row] = []
        let floors = [floor(n: 1024, repeats: repeats), floor(n: 1000, repeats: repeats)]
        for n in sizes {
            let problem = try problem(n: n)
            for name in ["sinkhorn", "sinkhorn-log"] {
                log("  \(name) n=\(n) ...")
                rows.append(try entropic(name, problem, repeats: repeats))
            }
            log("  emd n=\(n) ...")
            rows.append(try emd(problem, repeats: n >= 2000 ? min(repeats, 3) : repeats))
        }
        return Report(rows: rows, floors: floors)
    }

    static func table(_ report: Report, repeats: Int) -> String {
        func cell(_ s: String, _ w: Int) -> String {
            s.count >= w ? s : String(repeating: " ", count: w - s.count) + s
        }
        var lines: [String] = []
        lines.append("problems: 2-D gaussian clouds (gaussian2d seed 1 -> seed 2), sqeuclidean cost scaled to max 1, uniform weights")
        lines.append("sinkhorn reg 0.05, sinkhorn-log reg 0.01; ms/iter = median over \(repeats) repeats of \(fixedIterations) iterations (tol 0);"
                     + " to-tol = one run to marginal error \(tolerance), cap \(toleranceCap)")
        lines.append("solver".padding(toLength: 14, withPad: " ", startingAt: 0) + cell("n", 6) + cell("ms/iter", 11)
                     + cell("it to 1e-6", 12) + cell("s to 1e-6", 11) + cell("emd s", 10) + cell("peak MB", 9) + "  cost")
        for r in report.rows {
            var line = r.solver.padding(toLength: 14, withPad: " ", startingAt: 0) + cell(String(r.n), 6)
            line += cell(r.msPerIteration.map { String(format: "%.3f", $0) } ?? "-", 11)
            line += cell(r.iterationsToTolerance.map { String($0) + (r.reachedTolerance == false ? "+" : "") } ?? "-", 12)
            line += cell(r.secondsToTolerance.map { String(format: "%.3f", $0) } ?? "-", 11)
            line += cell(r.emdSeconds.map { String(format: "%.4f", $0) } ?? "-", 10)
            line += cell(String(format: "%.1f", r.peakMB), 9)
            line += "  " + (r.cost.map { String(format: "%.15g", $0) } ?? "-")
            lines.append(line)
        }
        for f in report.floors {
            lines.append(String(format: "fused-pass floor: one dense K v at n=%d: %.4f ms (median)", f.n, f.ms))
        }
        if let f1000 = report.floors.first(where: { $0.n == 1000 }),
           let s = report.rows.first(where: { $0.solver == "sinkhorn" && $0.n == 1000 })?.msPerIteration {
            lines.append(String(format: "sinkhorn ms/iter at n=1000 / K v floor at n=1000: %.2f (goal <= 1.5)", s / f1000.ms))
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
                ("iterations_to_tol", r.iterationsToTolerance.map { JSONValue.integer($0) } ?? .null),
                ("seconds_to_tol", opt(r.secondsToTolerance)),
                ("reached_tol", r.reachedTolerance.map { JSONValue.bool($0) } ?? .null),
                ("seconds", opt(r.emdSeconds)),
                ("cost", opt(r.cost)),
                ("repeats", .integer(r.repeats)),
                ("peak_mb", .number(r.peakMB)),
            ])
        }
        var ratio: JSONValue = .null
        if let f1000 = report.floors.first(where: { $0.n == 1000 }),
           let s = report.rows.first(where: { $0.solver == "sinkhorn" && $0.n == 1000 })?.msPerIteration {
            ratio = .number(s / f1000.ms)
        }
        return .object([
            ("problem", .string("gaussian2d seed 1 -> seed 2, sqeuclidean scaled to max 1, uniform weights")),
            ("repeats", .integer(repeats)),
            ("fixed_iterations", .integer(fixedIterations)),
            ("tol", .number(tolerance)),
            ("tol_iteration_cap", .integer(toleranceCap)),
            ("results", .array(rows)),
            ("floor", .array(report.floors.map { .object([("n", .integer($0.n)), ("kv_ms", .number($0.ms))]) })),
            ("sinkhorn_over_floor_n1000", ratio),
        ])
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
