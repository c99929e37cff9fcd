import OTCore

/// Entropic partial OT by iterated KL projections (Benamou, Carlier, Cuturi, Nenna, Peyré 2015,
/// section 5.2; POT's `ot.partial.entropic_partial_wasserstein`):
/// `min <P, C> + reg sum P log P` subject to `P 1 <= a`, `P^T 1 <= b`, `sum P = mass`.
///
/// POT runs Dykstra's algorithm on the dense matrix with three dense correction matrices. Those
/// corrections are always a row scaling, a column scaling and a scalar, so the iterate is
/// `P = s diag(d1) K diag(d2)` with `K = exp(-C/reg)` and each projection is a capped scaling:
///
///     d1 = min(a / (s K d2), 1),   d2 = min(b / (s K^T d1), 1),   s = mass / <d1, K d2>
///
/// (each projection first undoes its own previous scaling, which is Dykstra's correction). Two
/// matrix-vector products per iteration, no dense diag() products, no copies of P. The limit is
/// the same as POT's (the iterates agree up to round-off).
///
/// Marginal error: the KKT residual of the inequality constraints, measured on the plan at the
/// start of each iteration (as in `sinkhorn`): a row with `d1_i < 1` is active and counts
/// `|P 1 - a|_i`, an inactive row counts only its excess `max(P 1 - a, 0)_i`; likewise for columns.
/// The mass constraint is met exactly after every iteration. When the residual is below `tol` the
/// iteration's update is discarded, so the returned plan is the one measured.
///
/// Works in the scaling domain like `sinkhorn`: where exp(-C/reg) underflows, those pairs carry no
/// mass (a row or column may legitimately end below its weight); if it underflows everywhere, the
/// solver refuses at construction or reports divergence, naming a larger reg as the cure.
public final class PartialEntropic: TransportSolver {
    public static let descriptor = SolverDescriptor(
        name: "partial-entropic",
        title: "Partial OT (entropic, KL projections)",
        summary: "Transports exactly --mass units with entropic smoothing by capped row/column scalings (Dykstra's KL projections). Marginal error: KKT residual of the row and column inequalities.",
        parameters: [
            CommonParameters.regularization(),
            PartialOT.massParameter,
            ParameterDescriptor(
                name: "tol", label: "tolerance", kind: .real(default: 1e-9, range: 0...1, logScale: true),
                help: "Stop when the KKT residual of the row and column inequalities (L1) falls below this."),
            CommonParameters.maxIterations(),
        ],
        requiresEqualMass: false,
        make: { problem, parameters in try PartialEntropic(problem: problem, parameters: parameters) })

    public let problem: TransportProblem
    public let regularization: Double
    public let tolerance: Double
    public let mass: Double
    public private(set) var iteration = 0
    public private(set) var marginalError = Double.infinity
    public var extras: [SolverExtra] {
        [SolverExtra("active_rows", Double(d1.reduce(0) { $0 + ($1 < 1 ? 1 : 0) })),
         SolverExtra("active_columns", Double(d2.reduce(0) { $0 + ($1 < 1 ? 1 : 0) }))]
    }

    private let kernel: DenseMatrix
    private let kernelTransposed: DenseMatrix
    private var d1: [Double]
    private var d2: [Double]
    private var scale: Double
    /// `K d2` and `K^T d1` of the current scalings.
    private var rowProducts: [Double]
    private var columnProducts: [Double]

    public init(problem: TransportProblem, parameters: ParameterValues) throws {
        self.problem = problem
        regularization = parameters.real("reg")
        tolerance = parameters.real("tol")
        mass = try PartialOT.validatedMass(parameters, problem)
        let kernel = ScalingKernels.gibbsKernel(cost: problem.cost, regularization: regularization)
        self.kernel = kernel
        kernelTransposed = kernel.transposed
        let n = problem.sourceCount, m = problem.targetCount
        d1 = [Double](repeating: 1, count: n)
        d2 = [Double](repeating: 1, count: m)
        let total = Kernels.sum(kernel.storage)
        // Negative costs make exp(-C/reg) grow: an overflow, not an underflow, with its own cure.
        guard total.isFinite else {
            let lowest = problem.cost.storage.min() ?? 0
            throw InputError("--reg", nil, "exp(-C/reg) overflows at reg=\(ParameterValue.format(regularization)): the most negative cost \(ParameterValue.formatShort(lowest)) gives -C/reg = \(ParameterValue.formatShort(-lowest / regularization)) (above 709); use a larger reg or shift the costs up (a constant added to every cost moves exactly mass x that constant onto the cost)")
        }
        guard total > 0 else {
            throw InputError("--reg", nil, "exp(-C/reg) underflows to zero everywhere at reg=\(ParameterValue.format(regularization)); use a larger reg")
        }
        scale = mass / total
        rowProducts = [Double](repeating: 0, count: n)
        columnProducts = [Double](repeating: 0, count: m)
    }

    public func step() -> SolverStatus {
        iteration += 1
        let a = problem.a, b = problem.b
        Kernels.multiply(kernel, d2, into: &rowProducts)
        if iteration > 1 {
            // KKT residual of the plan s d1 K d2 left by the previous iteration.
            var residual = 0.0
            for i in 0..<a.count {
                let excess = scale * d1[i] * rowProducts[i] - a[i]
                residual += d1[i] < 1 ? abs(excess) : max(excess, 0)
            }
            for j in 0..<b.count {
                let excess = scale * d2[j] * columnProducts[j] - b[j]
                residual += d2[j] < 1 ? abs(excess) : max(excess, 0)
            }
            guard residual.isFinite else {
                return .diverged(reason: "the scalings became NaN or infinite at reg=\(ParameterValue.format(regularization)); use a larger reg")
            }
            marginalError = residual
            if residual < tolerance { return .converged }
        }
        // A row whose kernel underflowed moves nothing (allowed: rows need only stay below a), so
        // its scaling is left at the cap 1 instead of a / 0.
        for i in 0..<a.count {
            let product = scale * rowProducts[i]
            d1[i] = a[i] == 0 ? 0 : (product > 0 ? min(a[i] / product, 1) : 1)
        }
        Kernels.multiply(kernelTransposed, d1, into: &columnProducts)
        var total = 0.0
        for j in 0..<b.count {
            let product = scale * columnProducts[j]
            d2[j] = b[j] == 0 ? 0 : (product > 0 ? min(b[j] / product, 1) : 1)
            total += d2[j] * columnProducts[j]
        }
        guard total > 0, total.isFinite else {
            return .diverged(reason: "kernel underflow at reg=\(ParameterValue.format(regularization)): exp(-C/reg) is 0 on every pair the constraints leave open, so no mass can move; use a larger reg")
        }
        scale = mass / total
        return .running
    }

    @inline(__always)
    private func entry(_ i: Int, _ j: Int) -> Double { scale * d1[i] * kernel.storage[i * d2.count + j] * d2[j] }

    public func plan() -> TransportPlan {
        .dense(DenseMatrix(rows: d1.count, columns: d2.count) { i, j in entry(i, j) })
    }

    /// Cost `<P, C>` (POT's `partial_w_dist`) and objective `<P, C> + reg sum P log P`, the form POT
    /// documents. `log P` is formed from the scalings and C, so underflowed entries cost nothing.
    public func evaluate() -> SolverEvaluation {
        let m = d2.count
        let logScale = libmLog(scale)
        var cost = 0.0, entropy = 0.0, total = 0.0
        for i in 0..<d1.count where d1[i] > 0 {
            let logRow = logScale + libmLog(d1[i])
            for j in 0..<m where d2[j] > 0 {
                let p = entry(i, j)
                guard p > 0 else { continue }
                let c = problem.cost.storage[i * m + j]
                cost += p * c
                entropy += p * (logRow + libmLog(d2[j]) - c / regularization)
                total += p
            }
        }
        return SolverEvaluation(cost: cost, objective: cost + regularization * entropy, mass: total)
    }

    public func aggregatedPlan(maxRows: Int, maxColumns: Int) -> DenseMatrix {
        BlockAggregation.aggregate(rows: d1.count, columns: d2.count, maxRows: maxRows, maxColumns: maxColumns) { i, j in
            entry(i, j)
        }
    }
}
