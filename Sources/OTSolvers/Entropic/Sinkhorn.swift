import OTCore

/// Classic Sinkhorn scaling iterations (Cuturi 2013) with POT's conventions.
///
/// The plan is `P = diag(u) K diag(v)` with `K = exp(-C / reg)`. Each iteration is one fused sweep
/// over K (see `ScalingKernels.fusedSweep`): it measures the row violation of the current plan,
/// updates `u`, and accumulates `K^T u` for the `v` update. The columns are exact after every
/// iteration, so the marginal error is the row violation measured at the start of the sweep; when
/// it is below the tolerance the sweep's update is discarded and the measured plan is kept.
///
/// `momentum` omega > 1 over-relaxes both updates, `u <- u^(1 - omega) (a / K v)^omega` and the
/// same for `v` (Thibault, Chizat, Dossal and Papadakis 2017); near the solution the iterations then
/// contract at about `omega - 1` per iteration where plain Sinkhorn contracts at `theta`, best at
/// `omega = 2 / (1 + sqrt(1 - theta))` (Lehmann, von Renesse, Sambale and Uschmajew 2021, "A note
/// on overrelaxation in the Sinkhorn algorithm"; `auto` sets it from the rate it measures). The
/// columns are then no longer exact after the `v` update: their violation, known from `K^T u` at no
/// extra pass, is added to the marginal error.
///
/// `precision f32` stores K in `Float` (half the memory and traffic; sums stay in `Double`); it is
/// refused when C/reg passes 87, where `exp(-C/reg)` leaves the range of normal floats.
///
/// Fails loudly, never silently: a kernel row or column that underflows to zero, or scalings that
/// overflow, end the run as `diverged` with the cure (log domain or a larger reg).
public final class Sinkhorn: TransportSolver {
    public static let descriptor = SolverDescriptor(
        name: "sinkhorn",
        title: "Sinkhorn (scaling)",
        summary: "Alternating row and column scalings of K = exp(-C/reg). Fast per iteration; fails at small reg where exp(-C/reg) underflows.",
        parameters: [
            CommonParameters.regularization(),
            CommonParameters.tolerance(),
            CommonParameters.maxIterations(),
            CommonParameters.precision(),
            ParameterDescriptor(
                name: "momentum", label: "over-relaxation", kind: .real(default: 1, range: 1...1.99, logScale: false),
                help: "Over-relaxation factor omega of each scaling update, u <- u^(1-omega) (a/Kv)^omega (1 = plain Sinkhorn). Best near 2/(1+sqrt(1-theta)) for a plain rate theta; auto sets it."),
        ],
        make: { problem, parameters in try Sinkhorn(problem: problem, parameters: parameters) })

    public let problem: TransportProblem
    public let regularization: Double
    public let tolerance: Double
    public private(set) var iteration = 0
    public private(set) var marginalError = Double.infinity
    public var extras: [SolverExtra] { omega == 1 ? [] : [SolverExtra("omega", omega)] }
    /// The over-relaxation factor of the updates (1: plain Sinkhorn).
    public private(set) var omega: Double
    /// The column violation `sum_j |v_j (K^T u)_j - b_j|` left by the last over-relaxed `v`
    /// update (0 for plain updates, whose columns are exact).
    private var columnError = 0.0

    public let precision: Precision
    /// The Gibbs kernel the iterations sweep (the bench times its floor passes on this very array,
    /// so that the floor and the iteration read the same memory).
    public let kernel: GibbsKernel
    private var u: [Double]
    private var v: [Double]
    private var uNext: [Double]
    private var columnProducts: [Double]
    private var workspace: ScalingKernels.Workspace
    /// True once `v` has been computed from `u`, so the column marginals are exact.
    private var columnsExact = false

    public init(problem: TransportProblem, parameters: ParameterValues) throws {
        self.problem = problem
        self.regularization = parameters.real("reg")
        self.tolerance = parameters.real("tol")
        precision = Precision(rawValue: parameters.choice("precision")) ?? .f64
        omega = parameters.has("momentum") ? parameters.real("momentum") : 1
        if precision == .f32 {
            let span = max(abs(problem.cost.maximum), abs(problem.cost.minimum))
            guard span / regularization <= Precision.float32ExponentLimit else {
                throw InputError(
                    "precision", nil,
                    "f32 is unsafe at reg=\(ParameterValue.format(regularization)): C/reg reaches \(ParameterValue.formatShort(span / regularization)) (beyond 87), so exp(-C/reg) leaves the range of Float; use precision=f64, reg >= \(ParameterValue.formatShort(span / Precision.float32ExponentLimit)), or sinkhorn-log")
            }
        }
        kernel = GibbsKernel(cost: problem.cost, regularization: regularization, precision: precision)
        let n = problem.sourceCount, m = problem.targetCount
        u = [Double](repeating: 1, count: n)
        v = [Double](repeating: 1, count: m)
        uNext = [Double](repeating: 0, count: n)
        columnProducts = [Double](repeating: 0, count: m)
        workspace = ScalingKernels.Workspace(rows: n, columns: m)
    }

    /// Starts from the column scaling `v` instead of ones (before the first step; the first sweep
    /// computes `u` from it). An outer method that solves a sequence of nearby problems (entropic GW's
    /// mirror descent) passes the last solve's `v` and needs fewer sweeps.
    func warmStart(columnScaling: [Double]) {
        precondition(iteration == 0 && columnScaling.count == v.count, "warm start before the first step, one scaling per column")
        v = columnScaling
    }

    public func step() -> SolverStatus {
        iteration += 1
        let sweep = ScalingKernels.fusedSweep(
            kernel: kernel, u: u, v: v, a: problem.a, omega: omega, uNext: &uNext, columnProducts: &columnProducts, workspace: &workspace)
        if columnsExact {
            let error = sweep.rowError + columnError
            guard error.isFinite else {
                return .diverged(reason: EntropicDiagnosis.notFinite("the marginal error", regularization: regularization))
            }
            marginalError = error
            if error < tolerance { return .converged }
        }
        // Row update: (K v)_i = 0 with a_i > 0 means the kernel row underflowed; a zero u_i with
        // a_i > 0 means (K v)_i overflowed. Either way the plan would silently lose that row.
        if let i = sweep.invalidRow {
            return .diverged(reason: uNext[i].isFinite || uNext[i].isNaN
                ? EntropicDiagnosis.scalingOverflow(cost: problem.cost, regularization: regularization)
                : EntropicDiagnosis.kernelUnderflow(cost: problem.cost, regularization: regularization, where: "source point \(i)"))
        }
        let b = problem.b
        if let j = omega == 1 ? Kernels.divideScalings(b, by: columnProducts, into: &v) : relaxColumns() {
            return .diverged(reason: columnProducts[j] == 0
                ? EntropicDiagnosis.kernelUnderflow(cost: problem.cost, regularization: regularization, where: "target point \(j)")
                : EntropicDiagnosis.scalingOverflow(cost: problem.cost, regularization: regularization))
        }
        if omega == 1 { columnError = 0 }
        swap(&u, &uNext)
        if !columnsExact {
            columnsExact = true
            marginalError = exactMarginalError()
        }
        return .running
    }

    /// The over-relaxed `v` update, `v <- v^(1 - omega) (b / K^T u)^omega`, and the column violation
    /// it leaves (`columnError`); returns the first column whose scaling is unusable.
    private func relaxColumns() -> Int? {
        let b = problem.b, exponent = 1 - omega
        var error = 0.0
        var invalid: Int?
        for j in 0..<v.count {
            let product = columnProducts[j]
            let next = ScalingKernels.scaling(mass: b[j], product: product, current: v[j], exponent: exponent)
            if invalid == nil, !Kernels.isUsableScaling(next, mass: b[j]) { invalid = j }
            v[j] = next
            error += abs(next * product - b[j])
        }
        columnError = error
        return invalid
    }

    /// Sets the over-relaxation factor from the next iteration on (`auto`, from the rate it has
    /// measured; 1 returns to plain Sinkhorn, whose next `v` update makes the columns exact again).
    func setOverRelaxation(_ factor: Double) {
        omega = min(max(factor, 1), 1.99)
    }

    /// Marginal error computed directly from the plan (one extra pass; used only on the first iteration).
    private func exactMarginalError() -> Double {
        let s = ScalingKernels.planStatistics(kernel: kernel, cost: problem.cost, u: u, v: v)
        return Kernels.l1Distance(s.rowSums, problem.a) + Kernels.l1Distance(s.columnSums, problem.b)
    }

    public func evaluate() -> SolverEvaluation {
        let s = ScalingKernels.planStatistics(kernel: kernel, cost: problem.cost, u: u, v: v)
        let f = u.map { regularization * libmLog($0) }
        let g = v.map { regularization * libmLog($0) }
        return EntropicObjective.evaluation(statistics: s, f: f, g: g, a: problem.a, b: problem.b, regularization: regularization)
    }

    public func plan() -> TransportPlan {
        let m = kernel.columns
        return .dense(DenseMatrix(rows: kernel.rows, columns: m) { i, j in u[i] * kernel[i, j] * v[j] })
    }

    public func potentials() -> DualPotentials? {
        DualPotentials(f: u.map { regularization * libmLog($0) }, g: v.map { regularization * libmLog($0) })
    }

    public func aggregatedPlan(maxRows: Int, maxColumns: Int) -> DenseMatrix {
        let m = kernel.columns
        return BlockAggregation.aggregate(rows: kernel.rows, columns: m, maxRows: maxRows, maxColumns: maxColumns) { i, j in
            u[i] * kernel[i, j] * v[j]
        }
    }
}
