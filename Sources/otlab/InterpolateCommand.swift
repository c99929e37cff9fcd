import ArgumentParser
import Foundation
import OTCore
import OTData
import OTSession
import OTSolvers

/// `otlab interpolate SOURCE TARGET --t T --out FILE.csv`: solves the problem, then writes McCann's
/// displacement interpolation μ_t as weighted points in the CSV layout `solve` reads back.
struct InterpolateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interpolate",
        abstract: "Write the displacement interpolation between two point clouds at time t.",
        discussion: HelpExamples.discussion(
            """
                Solves SOURCE → TARGET (default solver emd), then writes μ_t = Σ P_ij δ((1−t) x_i + t y_j) to \
                --out as x0,x1,…,weight rows, one per plan entry kept, which `otlab solve` reads as a measure. \
                Sparse and exact plans keep every positive entry; dense (entropic) plans drop entries at or \
                below --threshold times the largest entry, and the summary line says how much mass that dropped.
                """,
            [
                ("otlab interpolate a.csv b.csv --t 0.5 --out mid.csv", "The halfway measure along the exact plan."),
                ("otlab interpolate a.csv b.csv --t 0.25 --solver sinkhorn-log --reg 0.1 --out q.csv", "Along an entropic plan."),
            ]))

    @Argument(help: "Source point cloud.")
    var source: String

    @Argument(help: "Target point cloud.")
    var target: String

    @Option(name: .customLong("t"), parsing: .unconditional, help: "Time between 0 (source) and 1 (target).")
    var time: String

    @Option(name: .long, help: "Where to write the interpolated points (.csv).")
    var out: String

    @Option(name: .long, parsing: .unconditional, help: "Dense plans: drop entries at or below this fraction of the largest entry.")
    var threshold: String = "\(DisplacementInterpolation.defaultRelativeThreshold)"

    @OptionGroup var problemOptions: ProblemOptions
    @OptionGroup var solverOptions: SolverOptions

    func run() throws {
        guard let t = Double(time), t.isFinite, (0...1).contains(t) else {
            throw InputError("--t", nil, "\"\(time)\" is not a time between 0 and 1")
        }
        guard let cut = Double(threshold), cut.isFinite, cut >= 0, cut < 1 else {
            throw InputError("--threshold", nil, "\"\(threshold)\" is not a fraction in [0, 1)")
        }
        try PlanExport.checkExtension(out, flag: "--out", allowed: ["csv"])
        try OutputPaths.requireDistinct(outputs: [("--out", out)], inputs: [("source", source), ("target", target)]
                                        + (problemOptions.costMatrix.map { [("--cost-matrix", $0)] } ?? []))
        let (descriptor, parameters) = try solverOptions.resolve(baseSolver: "emd")
        let problem = try problemOptions.load(source: source, target: target, solver: descriptor)
        try Self.requirePointClouds(problem, source: source, target: target)
        try ProblemChecks.validate(problem, for: descriptor)

        let runner = SolverRunner(configuration: RunConfiguration(
            problem: problem, solver: descriptor, parameters: parameters, evaluation: .finalOnly, keepsFinalPlan: true))
        _ = runner.waitUntilFinished()
        var snapshot = runner.snapshot
        if snapshot.plan == nil { _ = runner.waitUntilFinished(timeout: 1); snapshot = runner.snapshot }
        runner.shutdown()
        if let startError = snapshot.startError { throw InputError("problem", nil, startError) }
        if let reason = snapshot.status.reason {
            FileHandle.standardError.write(Data("otlab: \(descriptor.name) diverged: \(reason)\n".utf8))
            throw ExitStatus.numericalFailure
        }
        guard let plan = snapshot.plan else { throw ExitStatusMessage(status: .numericalFailure, message: "\(descriptor.name) produced no plan") }

        let interpolation = try DisplacementInterpolation(source: problem.source, target: problem.target, plan: plan, relativeThreshold: cut)
        try CSVWriter.writePointCloud(interpolation.measure(at: t), to: out)
        print("wrote \(out): t = \(t), \(interpolation.summary), solver \(descriptor.name) (\(snapshot.status.name))")
    }

    /// Interpolation moves points: both measures need coordinates of the same dimension.
    ///
    /// Kept out of line on purpose: inlined into `run()`, these optional checks crash Swift 6.3.1's
    /// release optimizer (CopyPropagation: "Found ownership error").
    @inline(never)
    static func requirePointClouds(_ problem: TransportProblem, source: String, target: String) throws {
        for (path, measure) in [(source, problem.source), (target, problem.target)] where measure.points == nil {
            throw InputError(path, nil, "has no point coordinates; interpolation moves points, so give a point cloud (CSV or a 2-D .npy)")
        }
        if problem.source.dimension != problem.target.dimension {
            throw InputError(target, nil, "has \(problem.target.dimension ?? 0) coordinates but \(source) has \(problem.source.dimension ?? 0); expected the same dimension")
        }
    }
}
