import OTCore

/// Log-domain Sinkhorn for point clouds too large for a cost matrix: every sweep recomputes the costs
/// from the points in cache-sized tiles (`TiledSoftmin`) with a streaming max-shifted log-sum-exp, so
/// neither C nor the kernel is ever formed and memory is O(n + m). n = m = 50,000 runs in tens of
/// megabytes where a dense matrix of doubles would take 20 GB.
///
/// The iterations are exactly those of `sinkhorn-log` without acceleration (same updates, same
/// convergence test, same epsilon-scaling schedule), so the two agree to rounding. The marginal error
/// of a record is the row violation measured by that iteration's row sweep, i.e. of the plan the
/// previous iteration left (the columns are exact after every iteration); the first iteration of a
/// run or of an epsilon-scaling stage has no such plan, and measures its own with one more sweep. The column sweep also
/// returns the softmax averages of the costs and of `f - reg log a`, which give the transport cost
/// and both objectives of the current plan in O(n + m): `evaluate()` needs no extra pass.
///
/// `plan()` forms the dense plan only when `n x m <= TransportProblem.denseCostLimit`; above that it
/// returns an empty sparse plan (no entries), as the plan cannot be held: the heatmap comes from
/// `aggregatedPlan` (block sums computed in tiles) and the headless CLI reports no `nnz` and refuses
/// `--plan-out`. The runner's `interruption` is polled between row tiles: a cancel, restart or pause
/// takes effect within milliseconds, and an interrupted step leaves the last complete iteration.
public final class SinkhornOnline: TransportSolver {
    public static let descriptor = SolverDescriptor(
        name: "sinkhorn-online",
        title: "Sinkhorn (log domain, tiled, no cost matrix)",
        summary: "Log-domain Sinkhorn that recomputes the costs from the points in tiles at every sweep (online log-sum-exp), for point clouds whose n x m matrix does not fit: O(n + m) memory. Same iterations as sinkhorn-log; marginal error as there. Optional epsilon scaling.",
        parameters: [
            CommonParameters.regularization(),
            CommonParameters.tolerance(default: 1e-6),
            CommonParameters.maxIterations(),
        ] + CommonParameters.epsilonScaling() + [
            ParameterDescriptor(
                name: "tile-rows", label: "tile rows", kind: .integer(default: TiledSoftmin.Tiling.standard.rows, range: 1...65_536),
                help: "Rows of a cost tile (source points per tile); also the granularity of cancellation."),
            ParameterDescriptor(
                name: "tile-columns", label: "tile columns", kind: .integer(default: TiledSoftmin.Tiling.standard.columns, range: 1...65_536),
                help: "Columns of a cost tile (target points kept in L1 while the tile's rows pass over them)."),
        ],
        acceptsImplicitCost: true,
        make: { problem, parameters in try SinkhornOnline(problem: problem, parameters: parameters) })

    public let problem: TransportProblem
    public let regularization: Double
    public let tolerance: Double
    public let tiling: TiledSoftmin.Tiling
    public private(set) var iteration = 0
    public private(set) var marginalError = Double.infinity
    public var interruption: StepInterruption?

    /// The cost as seen from the rows (source points) and from the columns (target points).
    private let cost: PointCloudCost
    private let costTransposed: PointCloudCost
    private let logA: [Double]
    private let logB: [Double]
    private var f: [Double]
    private var g: [Double]
    /// f before the row update of the current step, to restore when the column sweep is interrupted.
    private var fBeforeStep: [Double]
    /// Per source point `f_i - reg log a_i` (0 where a_i = 0), averaged by the column sweep.
    private var sourceValues: [Double]
    /// Per target point `g_j - reg log b_j` (0 where b_j = 0), averaged by an evaluation sweep.
    private var targetValues: [Double]
    private var rowSweep: TiledSoftmin.Rows
    private var columnSweep: TiledSoftmin.Rows
    private var schedule: EpsilonSchedule
    private var columnsExact = false
    /// Objectives of the current plan, kept by the column sweep; nil when they need a pass.
    private var cachedEvaluation: SolverEvaluation?

    public var extras: [SolverExtra] {
        [SolverExtra("stage_reg", schedule.current), SolverExtra("stage", Double(schedule.stage))]
    }

    public init(problem: TransportProblem, parameters: ParameterValues) throws {
        if let implicit = problem.pointCloudCost {
            cost = implicit
        } else if let groundCost = problem.groundCost, let xs = problem.source.points, let ys = problem.target.points {
            cost = PointCloudCost(source: xs, target: ys, groundCost: groundCost)
        } else {
            throw InputError(
                "problem", nil,
                "sinkhorn-online computes the costs from two point clouds, but this problem has only a cost matrix; use sinkhorn-log")
        }
        self.problem = problem
        costTransposed = cost.transposed
        regularization = parameters.real("reg")
        tolerance = parameters.real("tol")
        tiling = TiledSoftmin.Tiling(rows: parameters.integer("tile-rows"), columns: parameters.integer("tile-columns"))
        logA = problem.a.map { $0 > 0 ? libmLog($0) : -.infinity }
        logB = problem.b.map { $0 > 0 ? libmLog($0) : -.infinity }
        f = [Double](repeating: 0, count: problem.sourceCount)
        g = [Double](repeating: 0, count: problem.targetCount)
        fBeforeStep = f
        sourceValues = f
        targetValues = g
        rowSweep = TiledSoftmin.Rows(count: problem.sourceCount)
        columnSweep = TiledSoftmin.Rows(count: problem.targetCount)
        let scaling = parameters.flag("epsilon-scaling")
        schedule = EpsilonSchedule(
            target: regularization, tolerance: tolerance, enabled: scaling,
            startFactor: parameters.real("scaling-start"), decay: parameters.real("scaling-decay"),
            stageIterationLimit: parameters.integer("stage-iter"), costSpan: scaling ? cost.maximum() : 0)
    }

    public func step() -> SolverStatus {
        let scheduleBefore = schedule
        schedule.beginIteration()
        let reg = schedule.current
        let inverse = 1 / reg
        let a = problem.a, b = problem.b

        // Row sweep: LSE over each row, the row violation of the current plan, then the f update.
        guard TiledSoftmin.sweep(
            cost: cost, potential: g, inverseRegularization: inverse, tiling: tiling, interruption: interruption, into: &rowSweep)
        else {
            schedule = scheduleBefore
            return .cancelled
        }
        iteration += 1
        var rowError = 0.0
        for i in 0..<f.count where a[i] > 0 {
            rowError += abs(libmExp(f[i] * inverse + rowSweep.logSum[i]) - a[i])
        }
        if columnsExact {
            guard rowError.isFinite else {
                return .diverged(reason: EntropicDiagnosis.notFinite("the marginal error", regularization: reg, logDomain: true))
            }
            marginalError = rowError
            if !schedule.isIntermediate && rowError < tolerance { return .converged }
            if schedule.shouldAdvance(marginalError: rowError) {
                schedule.advance()
                // Potentials are kept (warm start); the columns are exact for the old reg only.
                columnsExact = false
                cachedEvaluation = nil
                return .running
            }
        }
        for i in 0..<f.count {
            fBeforeStep[i] = f[i]
            let next = a[i] > 0 ? reg * (logA[i] - rowSweep.logSum[i]) : -.infinity
            guard !next.isNaN, next != .infinity else {
                return .diverged(reason: EntropicDiagnosis.notFinite("the source potential f", regularization: reg, logDomain: true))
            }
            f[i] = next
            sourceValues[i] = a[i] > 0 ? next - reg * logA[i] : 0
        }

        // Column sweep on the transposed cost: the g update; the columns are then exact.
        guard TiledSoftmin.sweep(
            cost: costTransposed, potential: f, values: sourceValues, inverseRegularization: inverse, tiling: tiling,
            interruption: interruption, into: &columnSweep)
        else {
            for i in 0..<f.count { f[i] = fBeforeStep[i] }
            iteration -= 1
            schedule = scheduleBefore
            return .cancelled
        }
        for j in 0..<g.count {
            let next = b[j] > 0 ? reg * (logB[j] - columnSweep.logSum[j]) : -.infinity
            guard !next.isNaN, next != .infinity else {
                return .diverged(reason: EntropicDiagnosis.notFinite("the target potential g", regularization: reg, logDomain: true))
            }
            g[j] = next
        }
        cachedEvaluation = evaluationFromColumnSweep(regularization: reg)
        if !columnsExact {
            // The row violation this step measured belongs to the potentials it started from: at the
            // first iteration f = g = 0, i.e. the bare kernel exp(-C/reg), whose rows can sum to
            // anything (127 on the welcome clouds, 8.4e7 on large-clouds); after a stage change, the
            // previous stage's plan at the new reg. Neither is a plan this run produced, so the
            // record takes the violation of the plan just formed, as sinkhorn-log does, at the price
            // of one extra row sweep for the first iteration of each stage.
            columnsExact = true
            marginalError = currentRowError(regularization: reg)
        }
        return .running
    }

    /// The L1 row violation of the current plan (f and g as they are), from a tiled row sweep.
    private func currentRowError(regularization reg: Double) -> Double {
        let inverse = 1 / reg
        TiledSoftmin.sweep(cost: cost, potential: g, inverseRegularization: inverse, tiling: tiling, into: &rowSweep)
        var error = 0.0
        for i in 0..<f.count where problem.a[i] > 0 {
            error += abs(libmExp(f[i] * inverse + rowSweep.logSum[i]) - problem.a[i])
        }
        return error
    }

    /// The objectives of the plan right after a g update, from the column sweep's averages: column
    /// j carries `b_j`, its cost `b_j sum_i w_ij C_ij` and its share of `sum_i r_i (f_i - reg log a_i)`
    /// is `b_j sum_i w_ij (f_i - reg log a_i)`.
    private func evaluationFromColumnSweep(regularization reg: Double) -> SolverEvaluation {
        let b = problem.b
        var cost = 0.0, sourceTerm = 0.0, targetTerm = 0.0, mass = 0.0
        for j in 0..<b.count where b[j] > 0 {
            cost += b[j] * columnSweep.costAverage[j]
            sourceTerm += b[j] * columnSweep.valueAverage[j]
            targetTerm += b[j] * (g[j] - reg * logB[j])
            mass += b[j]
        }
        return objectives(cost: cost, mass: mass, planSourceTerm: sourceTerm, planTargetTerm: targetTerm, regularization: reg)
    }

    /// `EntropicObjective`'s primal and dual from sums over the plan: `planSourceTerm` is
    /// `sum_i r_i (f_i - reg log a_i)`, `planTargetTerm` is `sum_j c_j (g_j - reg log b_j)`.
    private func objectives(
        cost: Double, mass: Double, planSourceTerm: Double, planTargetTerm: Double, regularization reg: Double
    ) -> SolverEvaluation {
        let a = problem.a, b = problem.b
        let product = Kernels.sum(a) * Kernels.sum(b)
        var dual = 0.0
        for i in 0..<a.count where a[i] > 0 { dual += a[i] * (f[i] - reg * logA[i]) }
        for j in 0..<b.count where b[j] > 0 { dual += b[j] * (g[j] - reg * logB[j]) }
        return SolverEvaluation(
            cost: cost, objective: planSourceTerm + planTargetTerm - reg * (mass - product),
            dualObjective: dual - reg * (mass - product), mass: mass)
    }

    public func evaluate() -> SolverEvaluation {
        if let cachedEvaluation { return cachedEvaluation }
        // A pass over the rows with the current potentials (after a stage change, or before any step).
        let reg = schedule.current, inverse = 1 / reg
        let a = problem.a, b = problem.b
        for j in 0..<g.count { targetValues[j] = b[j] > 0 ? g[j] - reg * logB[j] : 0 }
        TiledSoftmin.sweep(
            cost: cost, potential: g, values: targetValues, inverseRegularization: inverse, tiling: tiling, into: &rowSweep)
        var cost = 0.0, sourceTerm = 0.0, targetTerm = 0.0, mass = 0.0
        for i in 0..<f.count where a[i] > 0 {
            let r = libmExp(f[i] * inverse + rowSweep.logSum[i])
            guard r > 0 else { continue }
            cost += r * rowSweep.costAverage[i]
            targetTerm += r * rowSweep.valueAverage[i]
            sourceTerm += r * (f[i] - reg * logA[i])
            mass += r
        }
        let evaluation = objectives(
            cost: cost, mass: mass, planSourceTerm: sourceTerm, planTargetTerm: targetTerm, regularization: reg)
        cachedEvaluation = evaluation
        return evaluation
    }

    /// The dense plan when `n x m <= TransportProblem.denseCostLimit`; otherwise an empty sparse plan
    /// (the plan of such a problem is not formed; see the type's documentation).
    public func plan() -> TransportPlan {
        guard problem.sourceCount * problem.targetCount <= TransportProblem.denseCostLimit else {
            return .sparse(SparsePlan(rows: problem.sourceCount, columns: problem.targetCount, entries: []))
        }
        return .dense(TiledPlan.dense(cost: cost, f: f, g: g, regularization: schedule.current))
    }

    public func potentials() -> DualPotentials? { DualPotentials(f: f, g: g) }

    /// Block sums of the plan computed in tiles; an interrupted aggregation gives the last complete one.
    public func aggregatedPlan(maxRows: Int, maxColumns: Int) -> DenseMatrix {
        if let blocks = TiledPlan.aggregate(
            cost: cost, f: f, g: g, regularization: schedule.current, maxRows: maxRows, maxColumns: maxColumns,
            tiling: tiling, interruption: interruption) {
            lastAggregation = blocks
            return blocks
        }
        return lastAggregation ?? DenseMatrix(rows: 0, columns: 0)
    }

    private var lastAggregation: DenseMatrix?
}
