import OTCore

/// Sinkhorn-Newton-Sparse (Tang, Shavlovsky, Rahmanian, Tardini, Thekumparampil, Xiao, Ying,
/// ICLR 2024): a short log-domain Sinkhorn warm-up, then Newton steps on the concave dual
/// (Lyapunov) potential
///
///     L(f, g) = <f, a> + <g, b> - reg * sum_ij exp((f_i + g_j - C_ij) / reg),
///
/// whose gradient is the marginal violation `(a - P 1, b - P^T 1)` and whose Hessian is
/// `-(1/reg) [[diag(P 1), P], [P^T, diag(P^T 1)]]`. Near the optimum at small reg the plan is
/// approximately sparse, so the off-diagonal blocks are truncated to the largest plan entries (a
/// `density` fraction of them) while the diagonal blocks keep the full row and column sums. The
/// Newton system is solved by Jacobi-preconditioned conjugate gradient and the step chosen by a
/// backtracking (Armijo) line search on L. When a Newton step fails to halve the marginal error the
/// truncation was too coarse for this plan (smooth plans at small reg are wide bands, not near-
/// permutations), so the kept fraction doubles for the next step, up to the whole plan.
///
/// Everything stays in the log domain (the kernel exp(-C/reg) is never formed). The gauge is fixed
/// by holding the last target potential (with positive weight) at zero. The line search measures
/// the increase of L as `t <d, grad> - reg sum P_ij phi(t s_ij / reg)` with `phi(x) = e^x - 1 - x`
/// (see `ExpRemainder`), which keeps full precision where a difference of two values of L would be
/// round-off, so the iteration converges to marginal errors of 1e-12 and below.
///
/// One iteration is one Sinkhorn iteration during the warm-up and one Newton step after it; the
/// marginal error is the L1 row-plus-column violation of the current plan in both phases.
///
/// With `epsilon-scaling` the regularization is annealed (Schmitzer, "Stabilized sparse scaling
/// algorithms for entropy regularized transport problems", SIAM J. Sci. Comput. 2019, §3.2): stage k
/// solves at `max(reg, reg_0 x decay^k)`, `reg_0 = scaling-start x reg` capped at the span of the
/// costs, and each stage is warm-started from the last one's potentials. A stage ends on a
/// tolerance, never on a count: up to `warmup` log-domain Sinkhorn iterations (they stop early at
/// the stage tolerance), then Newton steps until the marginal error is below `stage-tol` (the
/// final tolerance `tol` at the target reg). Newton converges in a few steps from the previous
/// stage's potentials, where Sinkhorn alone crawls: at C/reg of 1e9 (POT's small-reg test, costs up
/// to 9801 at reg 1e-5) plain and log-domain Sinkhorn never reach 1e-9, and epsilon scaling with a
/// fixed number of Sinkhorn iterations per stage arrives at the target far from the optimum.
///
/// `init(problem:parameters:start:)` warm-starts from given potentials (another solver's, e.g. a
/// Sinkhorn run that slowed down): the warm-up is skipped and the Newton phase starts at once.
public final class SinkhornNewtonSparse: LogDomainSolver {
    public static let descriptor = SolverDescriptor(
        name: "sns",
        title: "Sinkhorn-Newton-Sparse",
        summary: "Log-domain Sinkhorn warm-up, then Newton steps on the dual with a sparsified Hessian (largest plan entries), conjugate gradient and line search. Tens of iterations where Sinkhorn needs thousands at small reg; each Newton step costs a few Sinkhorn iterations.",
        parameters: [
            CommonParameters.regularization(),
            CommonParameters.tolerance(),
            CommonParameters.maxIterations(default: 1000),
            ParameterDescriptor(
                name: "warmup", label: "warm-up iterations", kind: .integer(default: 20, range: 0...1_000_000),
                help: "Log-domain Sinkhorn iterations before the Newton phase (N1 in the paper). The Newton phase needs a plan that is already roughly right."),
            ParameterDescriptor(
                name: "density", label: "Hessian density", kind: .real(default: 0.02, range: 1e-6...1, logScale: true),
                help: "Starting fraction of the plan's entries kept in the off-diagonal Hessian blocks (the largest ones); the diagonal is always exact. Doubles after any Newton step that fails to halve the marginal error. Assignment-like plans need about 10 entries per row; smooth 1-D or 2-D plans at small reg are bands and need 0.1-0.3."),
            ParameterDescriptor(
                name: "cg-tol", label: "CG tolerance", kind: .real(default: 1e-8, range: 1e-16...0.5, logScale: true),
                help: "Conjugate gradient stops when the residual of the sparsified Newton system falls below this fraction of the gradient."),
            ParameterDescriptor(
                name: "cg-max-iter", label: "CG max iterations", kind: .integer(default: 1000, range: 1...1_000_000),
                help: "Most conjugate gradient iterations per Newton step."),
        ] + Array(CommonParameters.epsilonScaling().prefix(3)) + [
            ParameterDescriptor(
                name: "stage-tol", label: "stage tolerance", kind: .real(default: 1e-6, range: 1e-15...1, logScale: true),
                help: "With epsilon scaling: an intermediate stage ends when its marginal error falls below this (or tol, if larger); each stage runs the warm-up, then Newton steps."),
        ],
        make: { problem, parameters in try SinkhornNewtonSparse(problem: problem, parameters: parameters) })

    public let problem: TransportProblem
    public let regularization: Double
    public let tolerance: Double
    public let warmupIterations: Int
    public let density: Double
    public let cgTolerance: Double
    public let cgMaxIterations: Int
    /// Epsilon scaling: the current stage's reg, its index and iterations (`EpsilonSchedule`; its
    /// hand-over rule is not used: a stage here ends on `stageTolerance`, see the type's summary).
    private var schedule: EpsilonSchedule
    /// Epsilon scaling: the factor per stage and an intermediate stage's tolerance.
    public var scalingDecay: Double { schedule.decay }
    public let stageTolerance: Double
    /// The regularization of the current stage (the target `regularization` without scaling).
    public var stageRegularization: Double { schedule.current }
    /// Index of the current stage.
    public var stage: Int { schedule.stage }
    /// The warm-up's marginal error one iteration ago (later stages of epsilon scaling).
    private var warmupPreviousError = Double.infinity
    private let scalingEnabled: Bool
    public private(set) var iteration = 0
    public private(set) var marginalError = Double.infinity

    /// The warm-up solver; released when the Newton phase starts.
    private var warmup: SinkhornLog?
    private var f: [Double]
    private var g: [Double]
    /// The current plan `exp((f_i + g_j - C_ij) / reg)`, row-major, with its marginals.
    private var planValues: [Double]
    private var rowSums: [Double]
    private var columnSums: [Double]
    private var planWorkspace: LogSumExp.PlanWorkspace
    private var planIsCurrent = false

    // Newton system, all sized once: unknowns are (f, g) stacked, n + m of them.
    private var hessian: SparseRowMatrix
    /// The fraction of plan entries currently kept (starts at `density`).
    private var keptFraction: Double
    private var selectionScratch: [Double]
    private var gradient: [Double]
    private var direction: [Double]
    private var inverseDiagonal: [Double]
    private var cgWorkspace: ConjugateGradient.Workspace
    /// One partial sum per parallel chunk (there are at most `Parallel.workerCount`).
    private var lineSearchPartials = [Double](repeating: 0, count: Parallel.workerCount)
    /// Index into `g` of the potential held at zero (the gauge), nil when every target weight is 0.
    private let gaugeIndex: Int?

    // Diagnostics of the latest iteration.
    private var hessianNonzeros = 0
    private var cgIterations = 0
    private var cgResidual = 0.0
    private var stepSize = 0.0
    /// The cost the plan is computed from: the problem's, or after a `rebase()` at C/reg so large
    /// that the rounding of the potentials limits the marginal error (ulp(f_i) / reg ~ 1e-8 at
    /// potentials of 1e3 and reg 1e-5), `C_ij - f0_i - g0_j` with `f`, `g` the small corrections:
    /// `P_ij = exp((f_i + g_j - working_ij) / reg)`. The working cost is rounded once, so the plan is
    /// the entropic plan of a cost within a few ulps of C, and its marginals can be met to 1e-12.
    private var workingCost: DenseMatrix
    /// The potentials folded into the working cost (nil before any rebase).
    private var base: DualPotentials?
    /// True when the latest Newton direction came from `NewtonDirectSolve` (CG had stalled).
    private var directSolve = false

    public var extras: [SolverExtra] {
        var list = [
            SolverExtra("phase", warmup == nil ? 1 : 0),
            SolverExtra("hessian_nnz", Double(hessianNonzeros)),
            SolverExtra("cg_iterations", Double(cgIterations)),
            SolverExtra("cg_residual", cgResidual),
            SolverExtra("step_size", stepSize),
        ]
        if scalingEnabled { list += [SolverExtra("stage_reg", stageRegularization), SolverExtra("stage", Double(stage))] }
        if directSolve { list.append(SolverExtra("direct_solve", 1)) }
        return list
    }

    /// True while an intermediate (larger) regularization is in use.
    private var isIntermediate: Bool { schedule.isIntermediate }

    /// The marginal error the current stage must reach.
    private var currentTolerance: Double { isIntermediate ? max(tolerance, stageTolerance) : tolerance }

    /// `start`: potentials (cost units) to begin from; the warm-up is then skipped (see the type's
    /// summary). Potentials that are not numbers are ignored (the solver starts from zero).
    public init(problem: TransportProblem, parameters: ParameterValues, start: DualPotentials? = nil) throws {
        self.problem = problem
        regularization = parameters.real("reg")
        tolerance = parameters.real("tol")
        warmupIterations = parameters.integer("warmup")
        density = parameters.real("density")
        cgTolerance = parameters.real("cg-tol")
        cgMaxIterations = parameters.integer("cg-max-iter")
        scalingEnabled = parameters.has("epsilon-scaling") && parameters.flag("epsilon-scaling")
        stageTolerance = parameters.has("stage-tol") ? parameters.real("stage-tol") : 1e-6
        schedule = EpsilonSchedule(
            target: regularization, tolerance: tolerance, enabled: scalingEnabled,
            startFactor: scalingEnabled ? parameters.real("scaling-start") : 1,
            decay: parameters.has("scaling-decay") ? parameters.real("scaling-decay") : 0.5,
            stageIterationLimit: .max, costSpan: problem.cost.maximum - min(0, problem.cost.minimum))
        let n = problem.sourceCount, m = problem.targetCount
        f = [Double](repeating: 0, count: n)
        g = [Double](repeating: 0, count: m)
        planValues = [Double](repeating: 0, count: n * m)
        workingCost = problem.cost
        rowSums = f
        columnSums = g
        planWorkspace = LogSumExp.PlanWorkspace(rows: n, columns: m)
        keptFraction = density
        hessian = Self.hessianStorage(rows: n, columns: m, fraction: density)
        selectionScratch = [Double](repeating: 0, count: n * m)
        gradient = [Double](repeating: 0, count: n + m)
        direction = gradient
        inverseDiagonal = gradient
        cgWorkspace = ConjugateGradient.Workspace(count: n + m)
        gaugeIndex = problem.b.lastIndex { $0 > 0 }
        if let start, start.f.count == n, start.g.count == m,
           start.f.allSatisfy({ !$0.isNaN && $0 != .infinity }), start.g.allSatisfy({ !$0.isNaN && $0 != .infinity }) {
            f = start.f
            g = start.g
        } else if warmupIterations > 0 {
            warmup = try makeWarmup(start: nil)
        }
    }

    /// A log-domain Sinkhorn at the current stage's reg and tolerance, from `start`.
    private func makeWarmup(start: DualPotentials?) throws -> SinkhornLog {
        var warmupParameters = SinkhornLog.descriptor.defaults
        try warmupParameters.set("reg", .real(stageRegularization))
        try warmupParameters.set("tol", .real(currentTolerance))
        return try SinkhornLog(problem: problem, parameters: warmupParameters, start: start)
    }

    public func step() -> SolverStatus {
        iteration += 1
        schedule.beginIteration()
        if let warmup {
            let status = warmup.step()
            marginalError = warmup.marginalError
            guard status == .running else {
                if let potentials = warmup.potentials() { f = potentials.f; g = potentials.g }
                if status == .converged {
                    self.warmup = nil
                    return finishStage()
                }
                return status
            }
            if schedule.stageIterations >= warmupIterations { return startNewtonPhase() }
            // In a later stage of epsilon scaling the start is already close: Sinkhorn continues
            // only while it at least halves the error (at small reg it soon crawls).
            if schedule.stage > 0 && schedule.stageIterations >= 2 && marginalError > 0.5 * warmupPreviousError { return startNewtonPhase() }
            warmupPreviousError = marginalError
            return .running
        }
        if !planIsCurrent {
            if let failure = refreshPlan() { return failure }
            if marginalError < currentTolerance { return finishStage() }
        }
        let status = newtonStep()
        return status == .converged ? finishStage() : status
    }

    /// The current stage met its tolerance: at the target reg the run has converged; otherwise the
    /// next stage starts from these potentials (with its own warm-up).
    private func finishStage() -> SolverStatus {
        guard isIntermediate else { return .converged }
        schedule.advance()
        warmupPreviousError = .infinity
        planIsCurrent = false
        keptFraction = density
        hessian = Self.hessianStorage(rows: f.count, columns: g.count, fraction: density)
        if warmupIterations > 0 { warmup = try? makeWarmup(start: DualPotentials(f: f, g: g)) }
        return .running
    }

    /// Takes the warm-up potentials, fixes the gauge and measures the plan.
    private func startNewtonPhase() -> SolverStatus {
        if let potentials = warmup?.potentials() { f = potentials.f; g = potentials.g }
        warmup = nil
        if let failure = refreshPlan() { return failure }
        return marginalError < currentTolerance ? finishStage() : .running
    }

    /// Moves the potentials to the gauge `g[gaugeIndex] = 0` (the plan is unchanged), then recomputes
    /// the plan, its marginals, the gradient and the marginal error.
    private func refreshPlan() -> SolverStatus? {
        if let k = gaugeIndex, g[k].isFinite, g[k] != 0 {
            let shift = g[k]
            for i in f.indices where f[i] != -.infinity { f[i] += shift }
            for j in g.indices where g[j] != -.infinity { g[j] -= shift }
        }
        LogSumExp.materializePlan(
            cost: workingCost, f: f, g: g, inverseRegularization: 1 / stageRegularization,
            plan: &planValues, rowSums: &rowSums, columnSums: &columnSums, workspace: &planWorkspace)
        let regularization = stageRegularization
        let a = problem.a, b = problem.b, n = a.count
        var error = 0.0
        for i in 0..<n {
            gradient[i] = a[i] > 0 ? a[i] - rowSums[i] : 0
            error += abs(a[i] - rowSums[i])
        }
        for j in 0..<b.count {
            gradient[n + j] = b[j] > 0 ? b[j] - columnSums[j] : 0
            error += abs(b[j] - columnSums[j])
        }
        if let k = gaugeIndex { gradient[n + k] = 0 }
        guard error.isFinite else {
            return .diverged(reason: EntropicDiagnosis.notFinite("the plan's marginals", regularization: regularization, logDomain: true))
        }
        marginalError = error
        planIsCurrent = true
        return nil
    }

    /// One Newton step: sparsify, solve by CG, line search, move, re-measure.
    private func newtonStep() -> SolverStatus {
        let n = f.count, m = g.count, reg = stageRegularization
        sparsifyHessian()

        // Jacobi preconditioner; frozen coordinates (zero weight, gauge) get 0.
        for i in 0..<n { inverseDiagonal[i] = problem.a[i] > 0 && rowSums[i] > 0 ? 1 / rowSums[i] : 0 }
        for j in 0..<m { inverseDiagonal[n + j] = problem.b[j] > 0 && columnSums[j] > 0 ? 1 / columnSums[j] : 0 }
        if let k = gaugeIndex { inverseDiagonal[n + k] = 0 }

        // Solve [[D_r, S], [S^T, D_c]] x = grad; the Newton direction is reg * x.
        for k in direction.indices { direction[k] = 0 }
        let result = rowSums.withUnsafeBufferPointer { r in
            columnSums.withUnsafeBufferPointer { c in
                ConjugateGradient.solve(
                    apply: { [hessian] x, out in
                        for i in 0..<n { out[i] = r[i] * x[i] }
                        for j in 0..<m { out[n + j] = c[j] * x[n + j] }
                        hessian.multiplyAdd(x + n, into: out)
                        hessian.multiplyTransposedAdd(x, into: out + n)
                    },
                    inverseDiagonal: inverseDiagonal, rhs: gradient, solution: &direction,
                    tolerance: cgTolerance, maxIterations: cgMaxIterations, workspace: &cgWorkspace)
            }
        }
        cgIterations = result.iterations
        cgResidual = result.relativeResidual
        directSolve = false
        // CG stalls on the tree-like Hessians of small reg (a weighted tree Laplacian); there the
        // direct Schur-complement solve gives the exact sparsified Newton direction.
        if !(result.relativeResidual <= cgTolerance) && m <= NewtonDirectSolve.directWhenStalled {
            let free = inverseDiagonal.map { $0 != 0 }
            var exact = direction
            if NewtonDirectSolve.solve(hessian: hessian, rowSums: rowSums, columnSums: columnSums, free: free,
                                       rhs: gradient, solution: &exact) {
                direction = exact
                directSolve = true
            }
        }
        for k in direction.indices { direction[k] *= reg }

        // The direction must ascend; if CG failed to give one, fall back to the diagonal
        // (Jacobi) step, which always does.
        var slope = Kernels.dot(direction, gradient)
        if !(slope > 0) || !slope.isFinite {
            for k in direction.indices { direction[k] = reg * inverseDiagonal[k] * gradient[k] }
            slope = Kernels.dot(direction, gradient)
        }
        guard slope > 0 else {
            // Zero gradient on every free coordinate: nothing left to improve.
            stepSize = 0
            return .converged
        }

        let t = lineSearch(slope: slope)
        stepSize = t
        if t > 0 {
            for i in 0..<n where inverseDiagonal[i] != 0 { f[i] += t * direction[i] }
            for j in 0..<m where inverseDiagonal[n + j] != 0 { g[j] += t * direction[n + j] }
        } else {
            // No step increased L measurably: take the exact row block update (a Sinkhorn half
            // step), which never decreases L.
            for i in 0..<n where problem.a[i] > 0 && rowSums[i] > 0 {
                f[i] += reg * (libmLog(problem.a[i]) - libmLog(rowSums[i]))
            }
        }
        for i in 0..<n where f[i].isNaN || f[i] == .infinity {
            return .diverged(reason: EntropicDiagnosis.notFinite("the source potential f", regularization: reg, logDomain: true))
        }
        let errorBefore = marginalError
        if let failure = refreshPlan() { return failure }
        // No progress at the target reg with large potentials: their rounding (ulp(f) / reg) is
        // what limits the plan; fold them into the cost once and continue on small corrections.
        if marginalError >= errorBefore && !isIntermediate && base == nil && directSolve {
            rebase()
            if let failure = refreshPlan() { return failure }
        }
        if marginalError > 0.5 * errorBefore && keptFraction < 1 {
            keptFraction = min(1, 2 * keptFraction)
            hessian = Self.hessianStorage(rows: n, columns: m, fraction: keptFraction)
        }
        return marginalError < currentTolerance ? .converged : .running
    }

    /// CSR storage for the kept fraction of an `rows x columns` plan, with room for ties.
    private static func hessianStorage(rows: Int, columns: Int, fraction: Double) -> SparseRowMatrix {
        let kept = min(rows * columns, max(1, Int((fraction * Double(rows * columns)).rounded(.up))))
        return SparseRowMatrix(rows: rows, columns: columns, capacity: min(rows * columns, kept + rows + columns))
    }

    /// Keeps the largest `keptFraction` of the plan's entries as the off-diagonal block.
    private func sparsifyHessian() {
        let count = planValues.count
        let keep = min(count, max(1, Int((keptFraction * Double(count)).rounded(.up))))
        for k in 0..<count { selectionScratch[k] = planValues[k] }
        let threshold = selectionScratch.withUnsafeMutableBufferPointer { Selection.kthLargest($0, k: keep) }
        hessian.fill(fromDense: planValues, threshold: threshold)
        hessianNonzeros = 2 * hessian.nonzeroCount + f.count + g.count
    }

    /// Backtracking line search on L with the Armijo condition `L(t) - L(0) >= 1e-4 t <d, grad>`.
    /// Returns the accepted step, or 0 when none of the trial steps qualifies.
    private func lineSearch(slope: Double) -> Double {
        let n = f.count, reg = stageRegularization
        var t = 1.0
        for _ in 0..<40 {
            let remainder = ExpRemainder.planWeightedSum(
                plan: planValues, rows: n, columns: g.count, shifts: direction, scale: t / reg,
                partialSums: &lineSearchPartials)
            let increase = t * slope - reg * remainder
            if increase.isFinite && increase >= 1e-4 * t * slope { return t }
            t *= 0.5
        }
        return 0
    }

    public func evaluate() -> SolverEvaluation {
        if let warmup { return warmup.evaluate() }
        var s = logDomainPlan.statistics()
        guard let base else {
            return EntropicObjective.evaluation(statistics: s, f: f, g: g, a: problem.a, b: problem.b, regularization: stageRegularization)
        }
        // C = working cost + f0_i + g0_j, so <P, C> = <P, working cost> + <r, f0> + <c, g0>.
        for i in f.indices where s.rowSums[i] > 0 { s.cost += s.rowSums[i] * base.f[i] }
        for j in g.indices where s.columnSums[j] > 0 { s.cost += s.columnSums[j] * base.g[j] }
        let full = fullPotentials(base)
        return EntropicObjective.evaluation(statistics: s, f: full.f, g: full.g, a: problem.a, b: problem.b, regularization: stageRegularization)
    }

    /// The warm-up's plan during the warm-up, then the plan of the Newton potentials over the
    /// working cost (plan and heatmap come from it through `LogDomainSolver`; `potentials()` is
    /// this type's own, as it adds back what a rebase folded into the working cost).
    public var logDomainPlan: LogDomainPlan {
        if let warmup { return warmup.logDomainPlan }
        return LogDomainPlan(cost: workingCost, f: f, g: g, regularization: stageRegularization)
    }

    public func potentials() -> DualPotentials? {
        if let warmup { return warmup.potentials() }
        if let base { return fullPotentials(base) }
        return DualPotentials(f: f, g: g)
    }

    /// `f0 + f`, `g0 + g` after a rebase.
    private func fullPotentials(_ base: DualPotentials) -> DualPotentials {
        DualPotentials(f: zip(base.f, f).map { $0 + $1 }, g: zip(base.g, g).map { $0 + $1 })
    }

    /// Folds the potentials into the cost: working cost `C_ij - f_i - g_j`, potentials 0 (see
    /// `base`). Potentials that are -infinity (zero weights) stay as they are.
    private func rebase() {
        let n = f.count, m = g.count
        var shiftF = f, shiftG = g
        for i in 0..<n where !shiftF[i].isFinite { shiftF[i] = 0 }
        for j in 0..<m where !shiftG[j].isFinite { shiftG[j] = 0 }
        var working = problem.cost
        working.storage.withUnsafeMutableBufferPointer { c in
            for i in 0..<n {
                for j in 0..<m { c[i * m + j] -= shiftF[i] + shiftG[j] }
            }
        }
        workingCost = working
        if let old = base {
            shiftF = zip(old.f, shiftF).map { $0 + $1 }
            shiftG = zip(old.g, shiftG).map { $0 + $1 }
        }
        base = DualPotentials(f: shiftF, g: shiftG)
        for i in 0..<n where f[i].isFinite { f[i] = 0 }
        for j in 0..<m where g[j].isFinite { g[j] = 0 }
        planIsCurrent = false
    }
}
