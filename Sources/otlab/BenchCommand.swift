import ArgumentParser
import Foundation
import OTCore
import OTData
import OTSession

/// `otlab bench`: measures (never tests) the solvers and kernels on fixed seeded problems.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmark kernels and solvers (medians of repeats).",
        discussion: HelpExamples.discussion("", [
                ("otlab bench", "The solver suite at n = 500, 1000, 2000 (build with -c release)."),
                ("otlab bench --sizes 1000,2000 --json-out bench.json", "Chosen sizes, figures kept as JSON."),
                ("otlab bench --large 50000 --large-reg 0.1", "sinkhorn-online on 50,000 points a side."),
                ("otlab bench --tts --json-out tts.json", "Time to solution: every solver to each problem's tolerance, start-up, per-iteration floor."),
                ("otlab bench --tts --export-problems /tmp/tts", "Write the suite's problems as .npy for bench/compare_tts.py."),
                ("otlab bench --formation", "Kernel formation and NPY reading against their baselines."),
            ]))

    @Flag(name: .long, help: "The time-to-solution suite: every applicable solver (and auto) timed to each problem's tolerance, the tolerance checked on the returned plan; otlab solve's start-up; Sinkhorn over the fused-pass floor.")
    var tts = false

    @Option(name: .customLong("tts-budget"), parsing: .unconditional, help: "Seconds a --tts run may take before it is stopped and reported as over budget.")
    var ttsBudget = 20.0

    @Option(name: .customLong("tts-only"), help: "Only the --tts problems whose name contains this text (e.g. clouds, assignment, pot-small-reg, histograms, images).")
    var ttsOnly: String?

    @Option(name: .customLong("tts-scale"), parsing: .unconditional, help: ArgumentHelp("Divide every --tts problem size by this (for tests).", visibility: .hidden))
    var ttsScale = 1

    @Option(name: .customLong("startup-runs"), parsing: .unconditional, help: "Runs of otlab solve as a process in --tts (0 skips the start-up figures).")
    var startupRuns = 7

    @Flag(name: .customLong("no-floor"), help: "Leave out the per-iteration floor figures of --tts.")
    var noFloor = false

    @Flag(name: .long, help: "Only the fixed costs: kernel formation (libm, SIMD on one core, SIMD on all cores) and reading M.npy, against baselines in the same run.")
    var formation = false

    @Flag(name: .long, help: "Only the kernel micro-benchmarks.")
    var kernels = false

    @Option(name: .long, parsing: .unconditional, help: "Repeats per measurement (the median is reported). Default 5 for the solver suite, 7 for --kernels.")
    var repeats: Int?

    @Option(name: .long, parsing: .unconditional, help: "Problem sizes n of the solver suite, comma-separated (e.g. 500,1000,2000,4000).")
    var sizes = "500,1000,2000"

    @Option(name: .long, help: "Write the solver suite's results as JSON to this file.")
    var jsonOut: String?

    @Option(name: .long, help: "Write the suite's problems as .npy (M, a, b, xs, xt) into DIR/n<size>/ and exit (for bench/compare_pot.py).")
    var exportProblems: String?

    @Option(name: .long, help: ArgumentHelp("Build SOLVER on the first --sizes problem, step it --probe-iterations times and exit (for scripts/alloc-check.sh).", visibility: .hidden))
    var probeSolver: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Steps of the --probe-solver run.", visibility: .hidden))
    var probeIterations = 10

    @Flag(name: .long, help: "Only the 128 x 128 convolutional barycenter figure (iterations/s, time to error 1e-6).")
    var barycenter = false

    @Flag(name: .long, help: "Measure the workbench's cost to the solver (iterations/s with the UI drawing vs headless).")
    var ui = false

    @Option(name: .long, parsing: .unconditional, help: "Seconds per run in the --ui measurement.")
    var seconds = 3.0

    @Option(name: .long, parsing: .unconditional, help: "Large-scale run: sinkhorn-online on two N-point 2-D clouds (cost scaled to max 1) to --large-tol; reports iterations, seconds, peak RSS.")
    var large: Int?

    @Option(name: .customLong("large-reg"), parsing: .unconditional, help: "Regularization of the --large run.")
    var largeReg = 0.1

    @Option(name: .customLong("large-tol"), parsing: .unconditional, help: "Marginal-error tolerance of the --large run.")
    var largeTol = 1e-6

    @Flag(name: .customLong("large-scaling"), help: "Epsilon scaling in the --large run.")
    var largeScaling = false

    /// This executable's path (for timing `otlab solve` as a process), or nil where it cannot be found.
    static func executablePath() -> String? {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return resolved }
        return Bundle.main.executablePath
    }

    /// Range checks of the numeric options (negative values reach here: they parse unconditionally).
    func validate() throws {
        if let repeats, !(1...1_000).contains(repeats) {
            throw InputError("--repeats", nil, "\(repeats) is out of range; expected a whole number in [1, 1000]")
        }
        guard (1...1_000_000).contains(probeIterations) else {
            throw InputError("--probe-iterations", nil, "\(probeIterations) is out of range; expected a whole number in [1, 1000000]")
        }
        guard seconds.isFinite, seconds > 0, seconds <= 3_600 else {
            throw InputError("--seconds", nil, "\(seconds) is out of range; expected a number of seconds in (0, 3600]")
        }
        if let large, !(2...10_000_000).contains(large) {
            throw InputError("--large", nil, "\(large) is out of range; expected a whole number of points in [2, 10000000]")
        }
        guard ttsBudget.isFinite, ttsBudget > 0, ttsBudget <= 86_400 else {
            throw InputError("--tts-budget", nil, "\(ttsBudget) is out of range; expected a number of seconds in (0, 86400]")
        }
        guard (1...1_000).contains(ttsScale) else {
            throw InputError("--tts-scale", nil, "\(ttsScale) is out of range; expected a whole number in [1, 1000]")
        }
        guard (0...1_000).contains(startupRuns) else {
            throw InputError("--startup-runs", nil, "\(startupRuns) is out of range; expected a whole number in [0, 1000]")
        }
        guard largeReg.isFinite, largeReg > 0 else { throw InputError("--large-reg", nil, "\(largeReg) is out of range; expected a positive number") }
        guard largeTol.isFinite, largeTol > 0 else { throw InputError("--large-tol", nil, "\(largeTol) is out of range; expected a positive number") }
    }

    func run() throws {
        if formation {
            let repeats = self.repeats ?? 15
            print(BenchFormation.report(try BenchFormation.run(n: 1000, repeats: repeats), n: 1000, repeats: repeats))
            return
        }
        if tts {
            if let directory = exportProblems {
                let names = try BenchTimeToSolution.export(to: directory, scale: ttsScale)
                print("wrote \(names.count) problems into \(directory): \(names.joined(separator: ", "))")
                return
            }
            let repeats = self.repeats ?? 3
            let report = try BenchTimeToSolution.run(
                repeats: repeats, budget: ttsBudget, only: ttsOnly, scale: ttsScale, startupRuns: startupRuns, floors: !noFloor,
                executable: Self.executablePath()
            ) { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
            print(BenchTimeToSolution.table(report))
            if let path = jsonOut {
                try TextFileWriter.write(BenchTimeToSolution.json(report).rendered + "\n", to: path)
            }
            return
        }
        if barycenter {
            let results = try (0..<(repeats ?? 3)).map { _ in try BenchBarycenter.run() }
            print(BenchBarycenter.report(results))
            return
        }
        if let large {
            guard large >= 2 else { throw ValidationError("--large: expected at least 2 points, got \(large)") }
            let result = try BenchLarge.run(
                n: large, regularization: largeReg, tolerance: largeTol, epsilonScaling: largeScaling, maxIterations: 100_000
            ) { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
            print(BenchLarge.report(result))
            return
        }
        if ui {
            let result = try BenchUserInterface.run(seconds: seconds, repeats: min(repeats ?? 7, 5))
            print("workbench overhead on \(result.problem), \(result.headless.count) alternating runs of \(seconds) s")
            print(String(format: "headless   it/s median %.1f  (runs %@)", BenchUserInterface.median(result.headless),
                         result.headless.map { String(format: "%.1f", $0) }.joined(separator: ", ")))
            print(String(format: "workbench  it/s median %.1f  (runs %@)", BenchUserInterface.median(result.workbench),
                         result.workbench.map { String(format: "%.1f", $0) }.joined(separator: ", ")))
            print(String(format: "ratio workbench/headless: %.3f (goal >= 0.90)", result.ratio))
            return
        }
        if !kernels {
            let sizeList = try sizes.split(separator: ",").map { part -> Int in
                guard let n = Int(part.trimmingCharacters(in: .whitespaces)), n >= 2 else {
                    throw ValidationError("--sizes: expected comma-separated integers >= 2, got '\(part)'")
                }
                return n
            }
            if let name = probeSolver {
                let steps = try BenchSolvers.probe(solver: name, n: sizeList[0], iterations: probeIterations)
                print("\(name): \(steps) steps")
                return
            }
            if let directory = exportProblems {
                try BenchSolvers.export(sizes: sizeList, to: directory)
                print("wrote problems for n = \(sizeList.map(String.init).joined(separator: ", ")) into \(directory)")
                return
            }
            let repeats = self.repeats ?? 5
            let report = try BenchSolvers.run(sizes: sizeList, repeats: repeats) { line in
                FileHandle.standardError.write(Data((line + "\n").utf8))
            }
            print(BenchSolvers.table(report, repeats: repeats))
            if let path = jsonOut {
                try TextFileWriter.write(BenchSolvers.json(report, repeats: repeats).rendered + "\n", to: path)
            }
            return
        }
        let repeats = self.repeats ?? 7
        print("kernel                                   ns/element (median of \(repeats))")
        for figure in BenchKernels.run(repeats: repeats) {
            print(figure.name.padding(toLength: 40, withPad: " ", startingAt: 0) + String(format: "%10.3f", figure.nanosecondsPerElement))
        }
    }
}
