import Foundation
import OTCore
import OTData
import OTSolvers

/// `otlab bench --large N`: the large-scale run of issue 6. Two seeded 2-D gaussian clouds of N
/// points each (gaussian2d seeds 1 and 2, uniform weights), squared Euclidean cost scaled to max 1
/// (the maximum found by one tiled pass, no matrix), solved by `sinkhorn-online` to the tolerance.
/// Reports iterations, seconds and the peak resident memory (VmHWM). A measurement, never a test.
enum BenchLarge {
    struct Result {
        var n: Int
        var regularization: Double
        var epsilonScaling: Bool
        var status: SolverStatus
        var iterations: Int
        var setupSeconds: Double
        var maximumSeconds: Double
        var solveSeconds: Double
        var marginalError: Double
        var cost: Double
        var peakResidentMB: Double?
    }

    static func run(n: Int, regularization: Double, tolerance: Double, epsilonScaling: Bool, maxIterations: Int,
                    progress: (String) -> Void) throws -> Result {
        let setupStart = BenchSolvers.now()
        func cloud(_ seed: Int) throws -> DenseMatrix {
            guard let points = try Generator.gaussian2d.generate(settings: ["n": String(n), "seed": String(seed)]).measure?.points else {
                throw BenchSolvers.ValidationFailure("gaussian2d did not produce points")
            }
            return points
        }
        let xs = try cloud(1), ys = try cloud(2)
        let maximumStart = BenchSolvers.now()
        let cost = PointCloudCost(source: xs, target: ys, groundCost: .sqeuclidean).scaledToUnitMaximum()
        let maximumSeconds = BenchSolvers.now() - maximumStart
        let problem = TransportProblem(source: .uniform(points: xs), target: .uniform(points: ys), implicitCost: cost)
        let solver = try BenchSolvers.makeSolver("sinkhorn-online", problem, set: [
            "reg": .real(regularization), "tol": .real(tolerance), "max-iter": .integer(maxIterations),
            "epsilon-scaling": .flag(epsilonScaling),
        ])
        let setupSeconds = BenchSolvers.now() - setupStart
        progress(String(format: "n = %d: clouds and cost scale in %.2f s (max pass %.2f s), solving at reg %g", n, setupSeconds, maximumSeconds, regularization))
        let start = BenchSolvers.now()
        var status = SolverStatus.running
        while status == .running {
            status = solver.step()
            if status == .running && solver.iteration >= maxIterations { status = .maxIterations }
            let stageReg = solver.extras.first { $0.name == "stage_reg" }?.value ?? regularization
            progress(String(format: "  iteration %4d  %8.2f s  marginal error %.3e  stage reg %g", solver.iteration,
                            BenchSolvers.now() - start, solver.marginalError, stageReg))
        }
        let solveSeconds = BenchSolvers.now() - start
        return Result(
            n: n, regularization: regularization, epsilonScaling: epsilonScaling, status: status, iterations: solver.iteration,
            setupSeconds: setupSeconds, maximumSeconds: maximumSeconds, solveSeconds: solveSeconds,
            marginalError: solver.marginalError, cost: solver.evaluate().cost, peakResidentMB: peakResidentMB())
    }

    /// VmHWM (peak resident set) from /proc/self/status, in MB; nil where /proc is absent.
    static func peakResidentMB() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.dropFirst(6).trimmingCharacters(in: .whitespaces).split(separator: " ").first
            return digits.flatMap { Double($0) }.map { $0 / 1024 }
        }
        return nil
    }

    static func report(_ r: Result) -> String {
        var lines = [
            "sinkhorn-online, n = m = \(r.n), 2-D gaussian clouds, sqeuclidean cost scaled to max 1",
            String(format: "reg %g%@, status %@", r.regularization, r.epsilonScaling ? " (epsilon scaling)" : "", r.status.name),
            String(format: "iterations      %d", r.iterations),
            String(format: "solve seconds   %.2f (%.3f s per iteration)", r.solveSeconds, r.solveSeconds / Double(max(1, r.iterations))),
            String(format: "setup seconds   %.2f (max-cost pass %.2f)", r.setupSeconds, r.maximumSeconds),
            String(format: "marginal error  %.3e", r.marginalError),
            String(format: "cost <P,C>      %.12g", r.cost),
        ]
        let dense = Double(r.n) * Double(r.n) * 8 / 1e9
        lines.append(r.peakResidentMB.map { String(format: "peak RSS        %.1f MB (VmHWM; a dense cost matrix would be %.1f GB)", $0, dense) }
            ?? "peak RSS        unavailable (no /proc)")
        return lines.joined(separator: "\n")
    }
}
