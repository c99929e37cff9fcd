import ArgumentParser
import Foundation
import OTCore
import OTData
import OTSolvers

/// `otlab barycenter IN1 IN2 [IN3 ...]`: a Wasserstein barycenter, headless, through the same runner.
struct BarycenterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "barycenter",
        abstract: "Compute the Wasserstein barycenter of two or more measures headless.",
        discussion: HelpExamples.discussion(
            """
                Pictures (PNG, JPEG, PGM, PPM, 2-D .npy) of one size: each normalized to mass 1 on a grid scaled \
                to [0, 1] per axis (POT's convolutional_barycenter2d convention); default method convolutional. \
                1-D .npy histograms: on linspace(0, 1, n) with the squared distance, or --cost-matrix M.npy; default \
                bregman. CSV/TSV point clouds: default free-support (the initial support is --support-size points \
                of the first cloud). Methods: \(SolverRegistry.barycenter.map(\.name).joined(separator: ", ")). \
                Exit status: 0 finished, 1 numerical failure, 2 bad input.
                """,
            [
                ("otlab barycenter a.png b.png --out mean.png", "The barycenter of two pictures (convolutional)."),
                ("otlab barycenter a.png b.png c.png --weights 0.5,0.25,0.25 --out mean.png", "Weighted, three pictures."),
            ]))

    @Argument(help: "Two or more input files.")
    var inputs: [String] = []

    @Option(name: .long, help: "Barycenter weights λ, comma-separated, one per input (normalized; default uniform).")
    var weights: String?

    @Option(name: .long, help: "Method: bregman, bregman-log, convolutional, convolutional-log, debiased, debiased-log, free-support.")
    var method: String?

    @Option(name: .long, parsing: .unconditional, help: "Entropic regularization, absolute as in POT (on pictures, for the grid scaled to [0, 1]).")
    var reg: String?

    @Option(name: .long, parsing: .unconditional, help: "Tolerance on the method's error (POT's stopThr).")
    var tol: String?

    @Option(name: .customLong("max-iter"), parsing: .unconditional, help: "Iteration limit.")
    var maxIter: String?

    @Option(name: .customLong("param"), help: "Any other parameter as NAME=VALUE (repeatable), e.g. --param inner=sinkhorn.")
    var extraParameters: [String] = []

    @Option(name: .customLong("cost-matrix"), help: "The shared support's cost matrix (.npy, n x n) for 1-D histograms.")
    var costMatrix: String?

    @Option(name: .customLong("support-size"), help: "Points of a free-support barycenter (default min(200, points of the first cloud)).")
    var supportSize: Int?

    @Flag(name: .long, help: "Read pictures dark-on-light (mass = 1 - brightness).")
    var invert = false

    @Option(name: .long, help: "Write the barycenter: .npy (picture, histogram or k x d support), .csv, or .png (pictures).")
    var out: String?

    @Flag(name: .long, help: "Print one JSON object when the run ends.")
    var json = false

    @Flag(name: .long, help: "Stream one JSON object per iteration (JSON lines) to stdout.")
    var progress = false

    func run() throws {
        try PlanExport.checkExtension(out, flag: "--out", allowed: ["npy", "csv", "png"])
        let lambdas = try weights.map(Self.parseWeights)
        let layout = BarycenterLoader.layout(method: method, paths: inputs)
        let name = method ?? BarycenterLoader.defaultMethod(for: layout)
        guard let descriptor = SolverRegistry.barycenter.first(where: { $0.name == name }) else {
            throw InputError("--method", nil, "unknown method \"\(name)\"; expected one of \(SolverRegistry.barycenter.map(\.name).joined(separator: ", "))")
        }
        var values = descriptor.defaults
        for case let (key, text?) in [("reg", reg), ("tol", tol), ("max-iter", maxIter)] {
            guard values.has(key) else { throw InputError("--\(key)", nil, "\(name) takes no --\(key)") }
            try values.set(key, text: text)
        }
        for item in extraParameters {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw InputError("--param", nil, "\"\(item)\" is not NAME=VALUE") }
            try values.set(parts[0], text: parts[1], source: "--param \(parts[0])")
        }
        let barycenter = try BarycenterLoader.load(paths: inputs, method: name, lambdas: lambdas, costMatrix: costMatrix,
                                                   supportSize: supportSize, invert: invert)
        if out?.lowercased().hasSuffix(".png") == true, barycenter.gridShape == nil, !(name.hasPrefix("bregman") && layout == .pictures) {
            throw InputError("--out", nil, "a .png needs a picture barycenter; write .npy or .csv")
        }
        let shape = barycenter.gridShape ?? (layout == .pictures ? Self.pictureShape(inputs[0]) : nil)
        let status = try HeadlessRun(
            problem: TransportProblem(barycenter: barycenter), solver: descriptor, parameters: values, json: json, progress: progress,
            planOut: nil, logOut: nil, finalPlan: { plan in if let out { try Self.write(plan, shape: shape, to: out) } }
        ).execute()
        throw status
    }

    static func parseWeights(_ text: String) throws -> [Double] {
        try text.split(separator: ",").map { part in
            guard let value = ParameterValue.parseReal(String(part).trimmingCharacters(in: .whitespaces)) else {
                throw InputError("--weights", nil, "\"\(part)\" is not a number; expected comma-separated weights like 0.5,0.5")
            }
            return value
        }
    }

    /// rows x columns of a picture input (for a bregman barycenter of pictures, whose plan is 1 x n).
    static func pictureShape(_ path: String) -> (rows: Int, columns: Int)? {
        guard let grid = try? MeasureLoader.pixelGrid(of: path) else { return nil }
        return (grid.height, grid.width)
    }

    /// The barycenter to `.npy`, `.csv` or `.png` (a picture scaled so its brightest pixel is white).
    static func write(_ plan: TransportPlan, shape: (rows: Int, columns: Int)?, to path: String) throws {
        var matrix = plan.denseMatrix()
        if let shape, matrix.rows == 1, matrix.columns == shape.rows * shape.columns {
            matrix = DenseMatrix(rows: shape.rows, columns: shape.columns, storage: matrix.storage)
        }
        switch (path as NSString).pathExtension.lowercased() {
        case "png":
            let peak = max(matrix.maximum, .leastNormalMagnitude)
            try PNGWriter.write(GreyImage(width: matrix.columns, height: matrix.rows, pixels: matrix.storage.map { $0 / peak }), to: path)
        case "csv":
            try CSVWriter.writeMatrix(matrix, to: path)
        default:
            if matrix.rows == 1 {
                try NPYWriter.write(vector: matrix.storage, to: path)
            } else {
                try NPYWriter.write(matrix: matrix, to: path)
            }
        }
    }
}
