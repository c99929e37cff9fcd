import OTCore

/// Builds a `TransportProblem` from two input files (or measures already in hand) and a cost.
///
/// The cost is either an explicit matrix from a `.npy` file (POT's `M`, `--cost-matrix`), which
/// must have shape `n x m` and finite entries, or a `GroundCost` between two point clouds of the
/// same dimension. A weight vector without points therefore needs a cost matrix. With `normalize`
/// both measures are scaled to total mass 1 (for solvers that need equal masses, when the user
/// asked for it); otherwise the given masses are kept.
///
/// Every error names the files involved, e.g.
/// `b.csv: points have dimension 3, but a.csv has dimension 2; expected the same dimension`.
public struct ProblemBuilder: Sendable {
    /// Path (or label) of the source measure, used to load it and to name it in errors.
    public var sourcePath: String
    /// Path (or label) of the target measure.
    public var targetPath: String
    /// The ground cost used when no cost matrix is given.
    public var groundCost: GroundCost
    /// A `.npy` file holding the `n x m` cost matrix; when set it takes precedence over `groundCost`.
    public var costMatrixPath: String?
    /// Scale both measures to total mass 1.
    public var normalize: Bool
    /// Two `.npy` files holding the intra-space costs C1 (n x n) and C2 (m x m) of a
    /// Gromov-Wasserstein problem (`--intra-costs`).
    public var intraCostPaths: [String] = []

    public init(sourcePath: String, targetPath: String, groundCost: GroundCost = .sqeuclidean,
                costMatrixPath: String? = nil, normalize: Bool = false) {
        self.sourcePath = sourcePath
        self.targetPath = targetPath
        self.groundCost = groundCost
        self.costMatrixPath = costMatrixPath
        self.normalize = normalize
    }

    /// Loads both measures (and the cost matrix, if any) from their files and builds the problem.
    public func build() throws(InputError) -> TransportProblem {
        try build(source: MeasureLoader.load(sourcePath), target: MeasureLoader.load(targetPath))
    }

    /// Builds the problem from measures already loaded or generated; the paths label them in errors.
    public func build(source: Measure, target: Measure) throws(InputError) -> TransportProblem {
        let (source, target) = try validated(source, target)
        if !normalize {
            for (measure, label) in [(source, sourcePath), (target, targetPath)] {
                if let reason = NumericRange.massProblem(measure.totalMass) { throw InputError(label, nil, reason) }
            }
        }
        if let costMatrixPath {
            let cost = try loadCostMatrix(costMatrixPath, source: source, target: target)
            return TransportProblem(source: source, target: target, cost: cost)
        }
        guard let xs = source.points else { throw weightsOnly(sourcePath, count: source.count) }
        guard let ys = target.points else { throw weightsOnly(targetPath, count: target.count) }
        guard xs.columns == ys.columns else {
            throw InputError(targetPath, nil, "points have dimension \(ys.columns), but \(sourcePath) has dimension \(xs.columns); expected the same dimension for a \(groundCost.rawValue) ground cost")
        }
        if let pair = NumericRange.firstPairOutOfRange(xs, ys, cost: groundCost) {
            let distance = groundCost == .sqeuclidean ? "squared distance" : "\(groundCost.rawValue) distance"
            if pair.i < 0 {
                throw InputError(targetPath, nil, NumericRange.costProblem(
                    pair.value, what: "the \(distance) between points of \(sourcePath) and of this file",
                    cure: "rescale the coordinates"))
            }
            throw InputError(sourcePath, "point \(pair.i)", NumericRange.costProblem(
                pair.value, what: "the \(distance) to point \(pair.j) of \(targetPath)",
                cure: "rescale the coordinates"))
        }
        return TransportProblem(source: source, target: target, groundCost: groundCost)
    }

    /// Both measures checked (finite, non-negative weights; see `validate`) and, when `normalize`
    /// is set, scaled to mass 1: the first step of every problem this builder makes.
    private func validated(_ source: Measure, _ target: Measure) throws(InputError) -> (Measure, Measure) {
        try Self.validate(source, label: sourcePath)
        try Self.validate(target, label: targetPath)
        return normalize ? (source.normalized(), target.normalized()) : (source, target)
    }

    /// Builds a Gromov-Wasserstein problem: the intra costs from `intraCostPaths`, or else the
    /// squared Euclidean distances within each point cloud (the clouds may differ in dimension);
    /// the feature cost `M` from `costMatrixPath`, or else the ground cost between clouds of one
    /// dimension, or none.
    public func buildGromov(source: Measure, target: Measure) throws(InputError) -> TransportProblem {
        let (source, target) = try validated(source, target)
        let intra: IntraCosts
        switch intraCostPaths.count {
        case 2:
            intra = IntraCosts(
                source: try loadSquare(intraCostPaths[0], count: source.count, of: sourcePath, source),
                target: try loadSquare(intraCostPaths[1], count: target.count, of: targetPath, target))
        case 0:
            guard let xs = source.points else { throw gromovWeightsOnly(sourcePath, count: source.count) }
            guard let ys = target.points else { throw gromovWeightsOnly(targetPath, count: target.count) }
            intra = IntraCosts.fromPoints(xs, ys)
        default:
            throw InputError("--intra-costs", nil, "takes two files, C1.npy (source, n x n) and C2.npy (target, m x m); got \(intraCostPaths.count)")
        }
        var feature: DenseMatrix?
        if let costMatrixPath {
            feature = try loadCostMatrix(costMatrixPath, source: source, target: target)
        } else if let xs = source.points, let ys = target.points, xs.columns == ys.columns,
                  source.count * target.count <= TransportProblem.denseCostLimit {
            feature = groundCost.matrix(from: xs, to: ys)
        }
        return TransportProblem(source: source, target: target, intraCosts: intra, featureCost: feature)
    }

    /// Reads a square intra cost matrix for a measure of `count` points.
    private func loadSquare(_ path: String, count: Int, of label: String, _ measure: Measure) throws(InputError) -> DenseMatrix {
        let array = try NPYReader.read(at: path)
        guard array.shape == [count, count] else {
            throw InputError(path, nil, "intra cost matrix has shape \(array.shapeText); expected (\(count), \(count)): \(label) has \(Self.size(of: measure))")
        }
        try array.requireFinite(source: path)
        return try array.asMatrix(source: path)
    }

    private func gromovWeightsOnly(_ label: String, count: Int) -> InputError {
        InputError(label, nil, "holds weights only (1-D, \(count) values); a Gromov-Wasserstein solver needs point clouds or --intra-costs C1.npy C2.npy")
    }

    /// Reads a cost matrix and checks its shape and entries.
    private func loadCostMatrix(_ path: String, source: Measure, target: Measure) throws(InputError) -> DenseMatrix {
        let array = try NPYReader.read(at: path)
        let rows = source.count, columns = target.count
        let expected = "(\(rows), \(columns)): \(sourcePath) has \(Self.size(of: source)), \(targetPath) has \(Self.size(of: target))"
        guard array.shape == [rows, columns] else {
            throw InputError(path, nil, "cost matrix has shape \(array.shapeText); expected \(expected)")
        }
        let matrix = try array.asMatrix(source: path)
        // One scan finds NaN, infinities and costs beyond the range alike; only when it finds one
        // is the first non-finite entry looked for, so that it is the one named.
        guard let bad = NumericRange.firstCostOutOfRange(matrix.storage) else { return matrix }
        do {
            try array.requireFinite(source: path)
        } catch {
            throw InputError(error.source, error.location, error.message + " (use a large finite cost, up to \(ParameterValue.formatShort(NumericRange.maximumCost)), to forbid a pair)")
        }
        throw InputError(path, "entry (\(bad / columns), \(bad % columns))", NumericRange.costProblem(
            matrix.storage[bad], what: "the cost", cure: "rescale the cost matrix (the plan is unchanged by a positive factor)"))
    }

    /// "3 points" or "3 weights", for messages about shapes.
    private static func size(of measure: Measure) -> String {
        let noun = measure.points == nil ? "weight" : "point"
        return "\(measure.count) \(noun)\(measure.count == 1 ? "" : "s")"
    }

    private func weightsOnly(_ label: String, count: Int) -> InputError {
        InputError(label, nil, "holds weights only (1-D, \(count) values); give --cost-matrix M.npy or a point cloud")
    }

    /// Checks a measure that did not come from a loader (loaders already guarantee these).
    private static func validate(_ measure: Measure, label: String) throws(InputError) {
        guard measure.count > 0 else { throw InputError(label, nil, "has no points; expected at least one") }
        if let index = measure.weights.firstIndex(where: { !($0 >= 0) || !$0.isFinite }) {
            throw InputError(label, "weight \(index)", "\(ParameterValue.format(measure.weights[index])) is not a finite non-negative number")
        }
        guard measure.totalMass > 0 else {
            throw InputError(label, nil, "the weights sum to 0; expected a positive total mass")
        }
        if let points = measure.points, !points.isFinite {
            throw InputError(label, nil, "points contain NaN or infinity; expected finite coordinates")
        }
    }
}
