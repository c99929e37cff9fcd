import OTCore

/// The problems of the time-to-solution suite (`otlab bench --tts`, issue 20): each a balanced
/// entropic OT problem with the regularization and the L1 marginal-error tolerance it is solved to.
///
/// The same problems are written as `.npy` files for `bench/compare_tts.py`, which times POT and
/// OTT-JAX on them, so every engine solves exactly the same numbers. `scale` shrinks every problem
/// (the unit tests build them at a few dozen points; the bench at full size).
public enum TimeToSolutionSuite {
    /// The suite at full size (`scale` 1), or every size divided by `scale` (at least 2 points).
    public static func problems(scale: Int = 1) throws -> [TimeToSolutionProblem] {
        let s = max(1, scale)
        func size(_ n: Int) -> Int { max(2, n / s) }
        return [
            try clouds(n: size(1000), regularization: 0.01),
            try clouds(n: size(1000), regularization: 0.002),
            assignment(n: size(500)),
            potSmallRegularization(n: max(2, 100 / s)),
            histograms1D(n: size(1000)),
            try images(side: max(8, 48 / s)),
        ]
    }

    /// Two seeded 2-D gaussian clouds of n points (gaussian2d seed 1 and seed 2, uniform weights),
    /// squared Euclidean cost scaled to max 1, as in `otlab bench`: the points are scaled by
    /// `1/sqrt(max C)` so that the cost is still a ground cost of the points (`sinkhorn-online`
    /// can take it) and its largest entry is 1 (to rounding).
    public static func clouds(n: Int, regularization: Double, tolerance: Double = 1e-6) throws -> TimeToSolutionProblem {
        func cloud(_ seed: Int) throws -> DenseMatrix {
            guard let points = try Generator.gaussian2d.generate(settings: ["n": String(n), "seed": String(seed)]).measure?.points else {
                throw InputError("tts", nil, "gaussian2d did not produce points")
            }
            return points
        }
        var xs = try cloud(1), xt = try cloud(2)
        let top = GroundCost.sqeuclidean.matrix(from: xs, to: xt).maximum
        if top > 0 {
            let factor = 1 / top.squareRoot()
            for k in xs.storage.indices { xs.storage[k] *= factor }
            for k in xt.storage.indices { xt.storage[k] *= factor }
        }
        let problem = TransportProblem(source: .uniform(points: xs), target: .uniform(points: xt), groundCost: .sqeuclidean)
        return TimeToSolutionProblem(
            name: "clouds-\(n)-reg\(ParameterValue.formatShort(regularization))",
            summary: "2-D gaussian clouds, n = \(n), sqeuclidean cost (max 1)",
            problem: problem, regularization: regularization, tolerance: tolerance)
    }

    /// The random assignment problem of the Sinkhorn-Newton-Sparse paper (Tang et al. 2024): costs
    /// uniform in [0, 1) (seed 0), uniform marginals 1/n, reg 1/1200, to 1e-9.
    public static func assignment(n: Int) -> TimeToSolutionProblem {
        TimeToSolutionProblem(
            name: "assignment-\(n)", summary: "random assignment (SNS paper), n = \(n), costs uniform in [0, 1)",
            problem: RandomAssignment.problem(size: n, seed: 0), regularization: 1.0 / 1200, tolerance: 1e-9)
    }

    /// The small-reg case of POT's own tests (`test_sinkhorn_stabilization`): two 1-D gaussians on the
    /// integers 0..<n (`ot.datasets.make_1D_gauss(n, m = 0.3 n, s = 0.1 n)` and `m = 0.4 n`), the
    /// cost `ot.utils.dist0(n)`, i.e. `(i - j)^2` (integers up to 9801 at n = 100), reg 1e-5, to 1e-9.
    /// At n = 100 the entropic cost is 99.31530572 (`reference`).
    public static func potSmallRegularization(n: Int) -> TimeToSolutionProblem {
        let x = DenseMatrix(rows: n, columns: 1) { i, _ in Double(i) }
        let a = gaussianHistogram(n: n, mean: 0.3 * Double(n), deviation: 0.1 * Double(n))
        let b = gaussianHistogram(n: n, mean: 0.4 * Double(n), deviation: 0.1 * Double(n))
        let problem = TransportProblem(source: Measure(weights: a, points: x), target: Measure(weights: b, points: x), groundCost: .sqeuclidean)
        return TimeToSolutionProblem(
            name: "pot-small-reg-\(n)", summary: "POT's test case: 1-D gaussians on 0..<\(n), cost (i - j)^2 up to \((n - 1) * (n - 1)), reg 1e-5",
            problem: problem, regularization: 1e-5, tolerance: 1e-9, reference: n == 100 ? 99.31530572 : nil)
    }

    /// Two 1-D histograms on n bins of [0, 1] (centres `i / (n - 1)`): a gaussian (mean 0.25, sd 0.06)
    /// onto a two-gaussian mixture (0.6 of mean 0.55, sd 0.08; 0.4 of mean 0.8, sd 0.05), squared
    /// distance (max 1), reg 1e-3, to 1e-6. POT's classic 1-D example, at 1000 bins.
    public static func histograms1D(n: Int) -> TimeToSolutionProblem {
        let step = 1 / Double(max(1, n - 1))
        let x = DenseMatrix(rows: n, columns: 1) { i, _ in Double(i) * step }
        func gauss(_ mean: Double, _ deviation: Double) -> [Double] {
            gaussianHistogram(n: n, mean: mean / step, deviation: deviation / step)
        }
        let a = gauss(0.25, 0.06)
        let first = gauss(0.55, 0.08), second = gauss(0.8, 0.05)
        var b = (0..<n).map { 0.6 * first[$0] + 0.4 * second[$0] }
        let total = Kernels.sum(b)
        for j in b.indices { b[j] /= total }
        let problem = TransportProblem(source: Measure(weights: a, points: x), target: Measure(weights: b, points: x), groundCost: .sqeuclidean)
        return TimeToSolutionProblem(
            name: "histograms-1d-\(n)", summary: "1-D histograms, \(n) bins of [0, 1], sqeuclidean",
            problem: problem, regularization: 1e-3, tolerance: 1e-6)
    }

    /// W2 between two pictures of `side x side` pixels (`ShapeImage`): a disc (diameter 0.6 side,
    /// centred) onto a ring (outer diameter 0.75 side, width 0.125 side, centred at (0.55, 0.45)),
    /// each a density over its lit pixels, coordinates in units of the side (the unit square), so
    /// the squared Euclidean cost is at most 2; reg 1e-3, to 1e-6.
    public static func images(side: Int) throws -> TimeToSolutionProblem {
        let s = Double(side)
        func scaled(_ m: Measure) -> Measure {
            var points = m.points!
            for k in points.storage.indices { points.storage[k] /= s }
            return Measure(weights: m.weights, points: points)
        }
        let disc = try ShapeImage(shape: .disc, width: side, height: side, size: 0.6 * s, source: "tts disc").measure()
        let ring = try ShapeImage(shape: .ring, width: side, height: side, size: 0.75 * s, thickness: 0.125 * s,
                                  centreX: 0.55, centreY: 0.45, source: "tts ring").measure()
        let problem = TransportProblem(source: scaled(disc), target: scaled(ring), groundCost: .sqeuclidean)
        return TimeToSolutionProblem(
            name: "images-\(side)", summary: "W2 between two \(side) x \(side) pictures (disc -> ring, \(disc.count) x \(ring.count) lit pixels)",
            problem: problem, regularization: 1e-3, tolerance: 1e-6)
    }

    /// `exp(-(i - mean)^2 / (2 deviation^2))` over i in 0..<n, normalized to sum 1 (POT's
    /// `ot.datasets.make_1D_gauss`).
    public static func gaussianHistogram(n: Int, mean: Double, deviation: Double) -> [Double] {
        let h = (0..<n).map { i -> Double in
            let d = Double(i) - mean
            return libmExp(-d * d / (2 * deviation * deviation))
        }
        let total = Kernels.sum(h)
        return h.map { $0 / total }
    }
}
