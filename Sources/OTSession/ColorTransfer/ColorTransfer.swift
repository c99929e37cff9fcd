import OTCore
import OTData
import OTSolvers

/// Colour transfer by optimal transport: recolours a source picture with a target picture's palette.
///
/// A seeded sample of pixels from each picture becomes a point cloud in RGB space (uniform weights,
/// squared Euclidean cost). Any registry solver transports one cloud onto the other; the plan's
/// barycentric map sends each source sample to the weighted mean of the target colours it receives.
/// Every source pixel then moves by the displacement of its nearest source sample (found through
/// `NearestColorIndex`), clamped to [0, 1], so the output keeps the source's size and detail.
public struct ColorTransfer: Sendable {
    /// Pixels sampled from each picture.
    public var samples: Int
    /// Seed of the pixel samples.
    public var seed: Int
    /// The solver and its parameters.
    public var solver: SolverDescriptor
    public var parameters: ParameterValues

    public init(samples: Int = 1000, seed: Int = 0, solver: SolverDescriptor, parameters: ParameterValues) {
        self.samples = samples
        self.seed = seed
        self.solver = solver
        self.parameters = parameters
    }

    /// The sampled colour clouds of the two pictures as a transport problem in RGB space (see
    /// `ColorSampling.problem`).
    public func problem(source: RGBImage, target: RGBImage) -> TransportProblem {
        ColorSampling.problem(source: source, target: target, samples: samples, seed: seed)
    }

    /// Solves the colour problem and recolours `source`. Throws `InputError` for a problem the solver
    /// cannot take; a numerical failure comes back as the result's `.diverged` status, with `image` nil.
    public func run(source: RGBImage, target: RGBImage) throws -> ColorTransferResult {
        guard samples >= 1 else { throw InputError("--samples", nil, "\(samples) is out of range; expected a whole number >= 1") }
        let problem = problem(source: source, target: target)
        let solverInstance = try solver.makeSolver(problem: problem, parameters: parameters)
        let maxIterations = parameters.has("max-iter") ? parameters.integer("max-iter") : Int.max
        var status = SolverStatus.running
        while status == .running {
            status = solverInstance.step()
            if status == .running && solverInstance.iteration >= maxIterations { status = .maxIterations }
        }
        var result = ColorTransferResult(problem: problem, status: status, iterations: solverInstance.iteration)
        guard status.reason == nil else { return result }
        let plan = solverInstance.plan()
        result.cost = plan.cost(problem.cost)
        result.image = Self.recolor(source, problem: problem, plan: plan)
        return result
    }

    /// `source` recoloured by the plan between its colour samples (the problem's source points) and
    /// the target's: each pixel moves by its nearest sample's barycentric displacement.
    public static func recolor(_ source: RGBImage, problem: TransportProblem, plan: TransportPlan) -> RGBImage {
        guard let sourceSamples = problem.source.points, let targetSamples = problem.target.points else { return source }
        let displacement = barycentricDisplacement(plan: plan, source: sourceSamples, target: targetSamples)
        let index = NearestColorIndex(colors: sourceSamples.storage)
        var channels = source.channels
        channels.withUnsafeMutableBufferPointer { pixels in
            // Chunks of pixels on the cores; within a chunk a pixel equal to the one before it
            // (flat regions) reuses its nearest sample.
            Parallel.forEachChunk(count: source.pixelCount, minimumChunk: 16_384) { range in
                var previous = (r: Double.nan, g: Double.nan, b: Double.nan), nearest = 0
                for p in range {
                    let r = pixels[3 * p], g = pixels[3 * p + 1], b = pixels[3 * p + 2]
                    if r != previous.r || g != previous.g || b != previous.b {
                        nearest = index.nearest(r, g, b)
                        previous = (r, g, b)
                    }
                    pixels[3 * p] = min(1, max(0, r + displacement[3 * nearest]))
                    pixels[3 * p + 1] = min(1, max(0, g + displacement[3 * nearest + 1]))
                    pixels[3 * p + 2] = min(1, max(0, b + displacement[3 * nearest + 2]))
                }
            }
        }
        return RGBImage(width: source.width, height: source.height, channels: channels)
    }

    /// For each source sample i, `T(x_i) - x_i` where `T(x_i) = sum_j P_ij y_j / sum_j P_ij` is the
    /// barycentric map (three values per sample; zero for a sample that sends no mass).
    public static func barycentricDisplacement(plan: TransportPlan, source: DenseMatrix, target: DenseMatrix) -> [Double] {
        let n = source.rows, d = source.columns
        var weighted = [Double](repeating: 0, count: n * d)
        var rowMass = [Double](repeating: 0, count: n)
        func add(_ i: Int, _ j: Int, _ value: Double) {
            guard value > 0 else { return }
            rowMass[i] += value
            for c in 0..<d { weighted[i * d + c] += value * target[j, c] }
        }
        switch plan {
        case .dense(let matrix):
            for i in 0..<matrix.rows { for j in 0..<matrix.columns { add(i, j, matrix[i, j]) } }
        case .sparse(let sparse):
            for entry in sparse.entries { add(entry.row, entry.column, entry.value) }
        }
        var displacement = [Double](repeating: 0, count: n * d)
        for i in 0..<n where rowMass[i] > 0 {
            for c in 0..<d { displacement[i * d + c] = weighted[i * d + c] / rowMass[i] - source[i, c] }
        }
        return displacement
    }
}
