import OTCore

/// Log-domain Sinkhorn: the same iterations as `Sinkhorn` on the potentials `f = reg log u`,
/// `g = reg log v`, with max-shifted log-sum-exp, so no kernel is formed and nothing underflows
/// whatever the ratio C/reg.
///
/// The plan is `P_ij = exp((f_i + g_j - C_ij) / reg)`. Once the columns are exact (every iteration
/// after the first), a plain iteration is one parallel pass over C with one exponential per entry
/// (`LogDomainSweep`); the first iteration, accelerated iterations, and any iteration where a row or
/// column sum leaves the normal range use the max-shifted log-sum-exp passes: the row update reads C
/// row by row and the column update reads C by rows too, with per-chunk column accumulators
/// (`ColumnSoftmin`; no transposed copy of C).
///
/// Optional epsilon scaling anneals the regularization from `scaling-start x reg` down to `reg` by a
/// factor `scaling-decay` per stage, warm-starting each stage from the last potentials; a stage ends
/// when its marginal error drops below `sqrt(tol)`-ish looseness (max(tol, 1e-3 x stage reg / reg
/// start)) or after `stage-iter` iterations. Convergence is declared only at the target reg.
///
/// Optional acceleration, off by default (then the iteration is exactly the plain one):
/// - `momentum` omega in [1, 2): over-relaxation `f <- (1 - omega) f + omega f_sinkhorn`, and the
///   same for g (Thibault, Chizat, Dossal, Papadakis 2021; Lehmann, von Renesse, Sambale, Uschmajew
///   2022). Locally faster for omega near the optimal `2 / (1 + sqrt(1 - rate))`.
/// - `anderson` depth m >= 1: Anderson acceleration of the map g -> g' of one iteration, mixing the
///   last m iterates (see `AndersonAcceleration`); the history restarts when the error grows.
/// With either on, the columns are no longer exact after an iteration, so the marginal error adds
/// the columns' violation, measured exactly from the column pass (`exp(g_j/reg + LSE_j)`).
public final class SinkhornLog: LogDomainSolver {
    public static let descriptor = SolverDescriptor(
        name: "sinkhorn-log",
        title: "Sinkhorn (log domain)",
        summary: "Sinkhorn on the dual potentials with stable log-sum-exp: works at any reg, about as many iterations as plain Sinkhorn, each costlier (exponentials). Optional epsilon scaling, over-relaxation (momentum) and Anderson acceleration.",
        parameters: [
            CommonParameters.regularization(),
            CommonParameters.tolerance(),
            CommonParameters.maxIterations(),
        ] + CommonParameters.epsilonScaling() + [
            ParameterDescriptor(
                name: "momentum", label: "over-relaxation", kind: .real(default: 1, range: 1...1.99, logScale: false),
                help: "Over-relaxation factor omega of each potential update (1 = plain Sinkhorn). Values around 1.3-1.8 cut the iterations at small reg."),
            ParameterDescriptor(
                name: "anderson", label: "Anderson depth", kind: .integer(default: 0, range: 0...50),
                help: "Anderson acceleration: extrapolate from this many previous iterates (0 = off). Typical 3-10."),
        ],
        make: { problem, parameters in try SinkhornLog(problem: problem, parameters: parameters) })

    public let problem: TransportProblem
    public let regularization: Double
    public let tolerance: Double
    public private(set) var iteration = 0
    public private(set) var marginalError = Double.infinity

    /// Column accumulators of the column log-sum-exp (`ColumnSoftmin`, read from C itself).
    private var columnWorkspace: ColumnSoftmin.Workspace
    private let logA: [Double]
    private let logB: [Double]
    private var f: [Double]
    private var g: [Double]
    private var rowLSE: [Double]
    private var columnLSE: [Double]
    private var columnsExact = false
    private var sweepWorkspace: LogDomainSweep.Workspace

    // Acceleration state (inactive at the defaults).
    private let omega: Double
    private var anderson: AndersonAcceleration?
    private let targetActive: [Bool]
    private var andersonPoint: [Double]
    /// L1 column violation of the current plan, measured in the last column pass (accelerated runs).
    private var columnError = 0.0
    private var previousError = Double.infinity
    private var isAccelerated: Bool { omega != 1 || anderson != nil }

    /// Epsilon scaling: the current stage's reg, its index and iterations, the hand-over rule.
    private var schedule: EpsilonSchedule
    /// The regularization of the current stage (the target `regularization` without scaling).
    private var stageRegularization: Double { schedule.current }

    public var extras: [SolverExtra] {
        [SolverExtra("stage_reg", schedule.current), SolverExtra("stage", Double(schedule.stage))]
    }

    /// `start` warm-starts the iteration from given potentials (in cost units, e.g. another solver's
    /// at a nearby reg); the first iteration then rebalances them with the max-shifted passes.
    public init(problem: TransportProblem, parameters: ParameterValues, start: DualPotentials? = nil) throws {
        self.problem = problem
        regularization = parameters.real("reg")
        tolerance = parameters.real("tol")
        columnWorkspace = ColumnSoftmin.Workspace(rows: problem.sourceCount, columns: problem.targetCount)
        logA = problem.a.map { $0 > 0 ? libmLog($0) : -.infinity }
        logB = problem.b.map { $0 > 0 ? libmLog($0) : -.infinity }
        f = [Double](repeating: 0, count: problem.sourceCount)
        g = [Double](repeating: 0, count: problem.targetCount)
        rowLSE = f
        columnLSE = g
        if let start, start.f.count == f.count, start.g.count == g.count,
           start.f.allSatisfy({ !$0.isNaN && $0 != .infinity }), start.g.allSatisfy({ !$0.isNaN && $0 != .infinity }) {
            f = start.f
            g = start.g
        }
        sweepWorkspace = LogDomainSweep.Workspace(rows: problem.sourceCount, columns: problem.targetCount)
        omega = parameters.real("momentum")
        let depth = parameters.integer("anderson")
        anderson = depth > 0 ? AndersonAcceleration(depth: depth, count: problem.targetCount) : nil
        targetActive = problem.b.map { $0 > 0 }
        andersonPoint = depth > 0 ? [Double](repeating: 0, count: problem.targetCount) : []
        schedule = EpsilonSchedule(
            target: regularization, tolerance: tolerance, enabled: parameters.flag("epsilon-scaling"),
            startFactor: parameters.real("scaling-start"), decay: parameters.real("scaling-decay"),
            stageIterationLimit: parameters.integer("stage-iter"),
            costSpan: problem.cost.maximum - min(0, problem.cost.minimum))
    }

    /// Starts from the column potential `g` instead of zeros (before the first step; the first row
    /// pass computes `f` from it), as `Sinkhorn.warmStart(columnScaling:)`.
    func warmStart(columnPotential: [Double]) {
        precondition(iteration == 0 && columnPotential.count == g.count, "warm start before the first step, one potential per column")
        g = columnPotential
    }

    public func step() -> SolverStatus {
        iteration += 1
        schedule.beginIteration()
        let reg = stageRegularization
        let inverse = 1 / reg
        if columnsExact && !isAccelerated, let status = fusedStep() { return status }

        // Row pass: LSE over each row, measure the row violation of the current plan, update f.
        LogSumExp.softminRows(cost: problem.cost, potential: g, inverseRegularization: inverse, into: &rowLSE)
        var rowError = 0.0
        let a = problem.a
        for i in 0..<f.count {
            if a[i] > 0 { rowError += abs(libmExp(f[i] * inverse + rowLSE[i]) - a[i]) }
        }
        if isAccelerated && columnsExact {
            rowError += columnError
            if anderson != nil && rowError > previousError { anderson?.reset() }
            previousError = rowError
        }
        if columnsExact {
            guard rowError.isFinite else {
                return .diverged(reason: EntropicDiagnosis.notFinite("the marginal error", regularization: reg, logDomain: true))
            }
            marginalError = rowError
            if !schedule.isIntermediate && rowError < tolerance { return .converged }
            if schedule.shouldAdvance(marginalError: rowError) {
                advanceStage()
                return .running
            }
        }
        for i in 0..<f.count {
            let next = a[i] > 0 ? reg * (logA[i] - rowLSE[i]) : -.infinity
            guard !next.isNaN, next != .infinity else {
                return .diverged(reason: EntropicDiagnosis.notFinite("the source potential f", regularization: reg, logDomain: true))
            }
            f[i] = omega == 1 || a[i] == 0 ? next : (1 - omega) * f[i] + omega * next
        }
        // Column pass (over C by rows, no transposed copy): update g; the columns are now exact.
        ColumnSoftmin.softminColumns(cost: problem.cost, potential: f, inverseRegularization: inverse, into: &columnLSE, workspace: &columnWorkspace)
        let b = problem.b
        if anderson != nil { for j in 0..<g.count { andersonPoint[j] = g[j] } }
        for j in 0..<g.count {
            let next = b[j] > 0 ? reg * (logB[j] - columnLSE[j]) : -.infinity
            guard !next.isNaN, next != .infinity else {
                return .diverged(reason: EntropicDiagnosis.notFinite("the target potential g", regularization: reg, logDomain: true))
            }
            g[j] = omega == 1 || b[j] == 0 ? next : (1 - omega) * g[j] + omega * next
        }
        if isAccelerated {
            anderson?.extrapolate(point: andersonPoint, image: &g, active: targetActive)
            columnError = 0
            for j in 0..<g.count where b[j] > 0 { columnError += abs(libmExp(g[j] * inverse + columnLSE[j]) - b[j]) }
        }
        if !columnsExact {
            columnsExact = true
            marginalError = currentStatistics().rowSums.enumerated().reduce(0) { $0 + abs($1.element - a[$1.offset]) }
            if isAccelerated { marginalError += columnError }
        }
        return .running
    }

    /// The plain iteration as one pass over C (`LogDomainSweep`), valid while the columns are exact.
    /// Returns nil, having changed nothing, when some row or column sum left the normal range: the
    /// caller then runs the max-shifted iteration.
    private func fusedStep() -> SolverStatus? {
        let reg = stageRegularization
        let a = problem.a, b = problem.b
        let rowError = LogDomainSweep.sweep(
            cost: problem.cost, f: f, g: g, a: a, inverseRegularization: 1 / reg, workspace: &sweepWorkspace)
        guard rowError.isFinite, LogDomainSweep.isUsable(sweepWorkspace, a: a, b: b) else { return nil }
        marginalError = rowError
        if !schedule.isIntermediate && rowError < tolerance { return .converged }
        if schedule.shouldAdvance(marginalError: rowError) {
            advanceStage()
            return .running
        }
        for i in 0..<f.count where a[i] > 0 { f[i] += reg * (logA[i] - libmLog(sweepWorkspace.rowSums[i])) }
        for j in 0..<g.count where b[j] > 0 { g[j] += reg * (logB[j] - libmLog(sweepWorkspace.columnSums[j])) }
        return .running
    }

    /// Hands over to the next stage of the schedule, keeping the potentials.
    private func advanceStage() {
        schedule.advance()
        // Potentials are kept (warm start); the columns are exact for the old reg only.
        columnsExact = false
        anderson?.reset()
        previousError = .infinity
    }

    /// The plan of the current potentials at the current stage's reg (plan, potentials and heatmap
    /// come from it through `LogDomainSolver`).
    public var logDomainPlan: LogDomainPlan {
        LogDomainPlan(cost: problem.cost, f: f, g: g, regularization: stageRegularization)
    }

    private func currentStatistics() -> PlanStatistics { logDomainPlan.statistics() }

    public func evaluate() -> SolverEvaluation {
        EntropicObjective.evaluation(
            statistics: currentStatistics(), f: f, g: g, a: problem.a, b: problem.b, regularization: stageRegularization)
    }
}
