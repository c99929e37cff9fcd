/// A Wasserstein barycenter problem (DESIGN.md "Problem kinds"): K input measures with weights
/// λ (non-negative, summing to one) and the support the barycenter lives on.
///
/// The barycenter minimizes `sum_k λ_k W(bary, μ_k)`. Three supports:
/// - `shared`: every measure is a histogram on the same n points, with the n x n ground cost
///   (POT's `ot.bregman.barycenter(A, M, reg, weights)`);
/// - `grid`: every measure is a picture of `rows x columns` pixels, the grid scaled to [0, 1] in each
///   axis and the cost the squared Euclidean distance, never formed (POT's
///   `convolutional_barycenter2d`; pixel (i, j) sits at (i / (rows - 1), j / (columns - 1)));
/// - `free`: the measures are point clouds, and the barycenter's `initial` points (with fixed
///   `weights`) move (POT's `ot.lp.free_support_barycenter`, Cuturi & Doucet 2014).
public struct BarycenterProblem: Sendable {
    public enum Support: Sendable {
        case shared(cost: DenseMatrix)
        case grid(rows: Int, columns: Int)
        case free(initial: DenseMatrix, weights: [Double])
    }

    /// The K input measures (histograms on the support, pictures flattened row-major, or clouds).
    public var measures: [Measure]
    /// λ, one per measure.
    public var weights: [Double]
    public var support: Support

    public init(measures: [Measure], weights: [Double], support: Support) {
        precondition(measures.count == weights.count, "one weight per measure")
        self.measures = measures
        self.weights = weights
        self.support = support
    }

    /// Number of input measures K.
    public var count: Int { measures.count }

    /// The grid's shape, for picture problems.
    public var gridShape: (rows: Int, columns: Int)? {
        if case .grid(let rows, let columns) = support { return (rows, columns) }
        return nil
    }

    /// Pixel centres of a `rows x columns` grid in pixel units, `(column + 0.5, row + 0.5)` per pixel in
    /// row-major order, as `ImageDensity` places them: the points a picture input carries for drawing
    /// (the solvers use the grid's unit coordinates, `unitCoordinate`).
    public static func gridPoints(rows: Int, columns: Int) -> DenseMatrix {
        DenseMatrix(rows: rows * columns, columns: 2) { index, axis in
            axis == 0 ? Double(index % columns) + 0.5 : Double(index / columns) + 0.5
        }
    }

    /// `linspace(0, 1, count)[index]` computed as NumPy does (`index * step`, the last one exactly 1).
    public static func unitCoordinate(_ index: Int, count: Int) -> Double {
        guard count > 1 else { return 0 }
        return index == count - 1 ? 1 : Double(index) * (1 / Double(count - 1))
    }

    /// Checks sizes and values: at least two measures, one weight each, finite non-negative masses,
    /// λ non-negative with a positive sum, and measures that fit the support.
    public func validate() throws(InputError) {
        guard measures.count >= 2 else { throw InputError("barycenter", nil, "needs at least two input measures; got \(measures.count)") }
        if let bad = weights.firstIndex(where: { !$0.isFinite || $0 < 0 }) {
            throw InputError("--weights", "weight \(bad + 1)", "\(weights[bad]) is not a finite non-negative weight")
        }
        guard weights.reduce(0, +) > 0 else { throw InputError("--weights", nil, "the weights sum to zero") }
        for (k, measure) in measures.enumerated() {
            if let bad = measure.weights.firstIndex(where: { !$0.isFinite || $0 < 0 }) {
                throw InputError("input \(k + 1)", "entry \(bad)", "\(measure.weights[bad]) is not a finite non-negative mass")
            }
            guard measure.totalMass > 0 else { throw InputError("input \(k + 1)", nil, "total mass is zero") }
        }
        switch support {
        case .shared(let cost):
            let n = cost.rows
            guard cost.columns == n else { throw InputError("cost matrix", nil, "is \(cost.rows) x \(cost.columns); a shared support needs a square matrix") }
            for (k, measure) in measures.enumerated() where measure.count != n {
                throw InputError("input \(k + 1)", nil, "has \(measure.count) entries but the support has \(n); histograms of a fixed-support barycenter share one support")
            }
        case .grid(let rows, let columns):
            for (k, measure) in measures.enumerated() where measure.count != rows * columns {
                throw InputError("input \(k + 1)", nil, "has \(measure.count) pixels; expected \(rows) x \(columns) like the first picture")
            }
        case .free(let initial, let weights):
            guard initial.rows == weights.count, initial.rows > 0 else { throw InputError("barycenter", nil, "the initial support has \(initial.rows) points and \(weights.count) weights") }
            for (k, measure) in measures.enumerated() {
                guard let points = measure.points else { throw InputError("input \(k + 1)", nil, "a free-support barycenter needs point clouds; this input has no coordinates") }
                guard points.columns == initial.columns else {
                    throw InputError("input \(k + 1)", nil, "has \(points.columns) coordinates per point; the others have \(initial.columns)")
                }
            }
        }
    }
}

/// The kind of problem a solver consumes (DESIGN.md "Problem kinds").
public enum ProblemKind: String, Sendable {
    /// Linear OT between a source and a target with a cost.
    case linear
    /// A barycenter of K measures (`TransportProblem.barycenter`).
    case barycenter
}

extension TransportProblem {
    /// A barycenter problem carried through the runner: `source` and `target` are the first two
    /// inputs (for views that draw two measures), `cost` is the shared support's cost or empty.
    public init(barycenter: BarycenterProblem) {
        precondition(barycenter.count >= 2, "a barycenter needs two measures")
        var cost = DenseMatrix(rows: 0, columns: 0)
        if case .shared(let matrix) = barycenter.support { cost = matrix }
        self.init(source: barycenter.measures[0], target: barycenter.measures[1], cost: DenseMatrix(rows: barycenter.measures[0].count, columns: barycenter.measures[1].count))
        self.cost = cost
        self.barycenter = barycenter
    }

    /// The kind of this problem.
    public var kind: ProblemKind { barycenter == nil ? .linear : .barycenter }
}
