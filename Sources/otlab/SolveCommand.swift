import ArgumentParser
import OTCore
import OTData
import OTSolvers

/// `otlab solve SOURCE TARGET ...`: one solve, headless (DESIGN.md "Headless contract").
struct SolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Solve one OT problem headless.",
        discussion: HelpExamples.discussion(
            """
                SOURCE and TARGET are CSV/TSV point clouds (a `weight` or `w` column gives weights) or .npy \
                arrays (1-D weights, 2-D points). With 1-D weight vectors, give the cost with --cost-matrix M.npy \
                (POT's a, b, M). Exit status: 0 finished (converged or max_iter), 1 numerical failure, 2 bad input.
                """,
            [
                ("otlab solve a.csv b.csv --solver emd", "Exact transport between two CSV point clouds; a text summary."),
                ("otlab solve a.csv b.csv --solver sinkhorn-log --reg 0.01 --json", "Entropic transport; one JSON object when the solve ends."),
                ("otlab solve a.npy b.npy --cost-matrix M.npy --solver emd", "POT's (a, b, M) directly."),
                ("otlab solve a.png b.png --downsample 4 --plan-out plan.npy", "W2 between two pictures; the plan written as .npy."),
            ]))

    @Argument(help: "Source measure file.")
    var source: String?

    @Argument(help: "Target measure file.")
    var target: String?

    @Option(name: .long, help: "A square score matrix S (.npy) for --solver doubly-stochastic, in place of SOURCE and TARGET.")
    var scores: String?

    @OptionGroup var problemOptions: ProblemOptions
    @OptionGroup var solverOptions: SolverOptions

    @Flag(name: .long, help: "Print one JSON object when the solve ends.")
    var json = false

    @Flag(name: .long, help: "Stream one JSON object per iteration (JSON lines) to stdout.")
    var progress = false

    @Option(name: .customLong("plan-out"), help: "Write the plan to FILE.npy or FILE.csv (sparse plans as row,column,value triplets).")
    var planOut: String?

    @Option(name: .customLong("log-out"), help: "Write the iteration log to FILE.csv or FILE.json.")
    var logOut: String?

    @Option(name: .long, help: "Where the solve runs: swift (otlab, the default), pot or ott (POT or OTT-JAX through the Python probe, `pip install ./python`).")
    var engine: String = "swift"

    @Option(name: .long, help: "With --engine pot|ott: run the probe on USER@HOST over ssh (the problem is sent as an .npz on stdin; OTLAB_SSH gives the ssh command, e.g. 'ssh -p 2222').")
    var host: String?

    @Option(name: .customLong("heatmap-out"), help: "Write the plan as a heatmap picture to FILE.png (log scale, viridis).")
    var heatmapOut: String?

    func run() throws {
        let (descriptor, parameters) = try solverOptions.resolve()
        try PlanExport.checkExtension(planOut, flag: "--plan-out", allowed: ["npy", "csv"])
        try PlanExport.checkExtension(logOut, flag: "--log-out", allowed: ["csv", "json"])
        try PlanExport.checkExtension(heatmapOut, flag: "--heatmap-out", allowed: ["png"])
        let inputs: [(String, String?)] = [("source", source), ("target", target), ("scores", scores), ("--cost-matrix", problemOptions.costMatrix)]
        let outputs: [(String, String?)] = [("--plan-out", planOut), ("--log-out", logOut), ("--heatmap-out", heatmapOut)]
        try OutputPaths.requireDistinct(outputs: outputs.compactMap { role in role.1.map { (role.0, $0) } },
                                        inputs: inputs.compactMap { role in role.1.map { (role.0, $0) } })
        let problem: TransportProblem
        switch (source, target, scores) {
        case (let source?, let target?, nil):
            problem = try problemOptions.load(source: source, target: target, solver: descriptor)
        case (let archive?, nil, nil) where FileInput.isProblemArchive(archive):
            // One NumPy archive holding a whole problem: a, b, M (POT style) or xs, xt.
            problem = try NPZProblem.load(path: archive)
        case (nil, nil, let scores?):
            problem = try Self.scoreProblem(scores)
        case (_, _, .some):
            throw InputError("--scores", nil, "give either SOURCE and TARGET or --scores, not both")
        default:
            throw InputError("solve", nil, "needs SOURCE and TARGET files, one .npz archive with a, b, M or xs, xt, or --scores S.npy for doubly-stochastic")
        }
        switch engine {
        case "swift":
            if host != nil { throw InputError("--host", nil, "runs the Python probe remotely; it needs --engine pot or --engine ott") }
        case "pot", "ott":
            throw try EngineRun(engine: engine, host: host, problem: problem, solver: descriptor, parameters: parameters,
                                json: json, progress: progress, planOut: planOut, logOut: logOut, heatmapOut: heatmapOut).execute()
        default:
            throw InputError("--engine", nil, "\(engine) is not an engine; expected swift, pot or ott")
        }
        let status = try HeadlessRun(
            problem: problem, solver: descriptor, parameters: parameters, json: json, progress: progress,
            planOut: planOut, logOut: logOut, heatmapOut: heatmapOut,
            problemDescription: [source, target, scores].compactMap { $0 }.joined(separator: " -> ")
        ).execute()
        throw status
    }

    /// A score matrix as a problem: cost = -S and unit weights, so that exp(-C/reg) = exp(S/reg)
    /// and the balanced solution has unit row and column sums.
    static func scoreProblem(_ path: String) throws -> TransportProblem {
        let array = try NPYReader.read(at: path)
        let matrix = try array.asMatrix(source: path)
        try array.requireFinite(source: path)
        guard matrix.rows == matrix.columns, matrix.rows > 0 else {
            throw InputError(path, nil, "score matrix has shape (\(matrix.rows), \(matrix.columns)); expected a square matrix")
        }
        if let bad = NumericRange.firstCostOutOfRange(matrix.storage) {
            throw InputError(path, "entry (\(bad / matrix.columns), \(bad % matrix.columns))", NumericRange.costProblem(
                matrix.storage[bad], what: "the score", cure: "rescale the scores (exp(S/reg) needs S/reg within the range of doubles)"))
        }
        let ones = [Double](repeating: 1, count: matrix.rows)
        let cost = DenseMatrix(rows: matrix.rows, columns: matrix.columns, storage: matrix.storage.map { -$0 })
        return TransportProblem(source: Measure(weights: ones), target: Measure(weights: ones), cost: cost)
    }
}
