import OTCore

/// Mirror Sinkhorn (Ballu & Berthet, ICML 2023): mirror descent on the transport plan, alternating
/// with Sinkhorn's row and column scalings, for the unregularized problem `min <P, C>` over the
/// transport polytope.
///
/// Each iteration t takes an entropic mirror step `X <- X * exp(-eta_t C)` and then rescales the
/// rows to `a` (odd t) or the columns to `b` (even t). Starting from `X_0 = a b^T`, the iterate is
/// `X_t = exp(f_i + g_j - S_t C_ij)` with `S_t = eta_1 + ... + eta_t`, so it is stored as two
/// potentials and the scalings are stable log-sum-exps (nothing underflows). The output is the
/// step-weighted average `sum eta_t X_t / sum eta_t`, rounded onto the polytope by
/// `FeasibleRounding` (Altschuler et al.); its cost converges to the exact OT cost.
///
/// Step sizes: `eta_t = step / max|C|` (schedule `constant`) or `step / (max|C| sqrt(t))`
/// (`1/sqrt(t)`, the paper's choice for its O(1/sqrt(t)) guarantee); `step` is dimensionless.
///
/// Reported figures: the marginal error is the *iterate's* (the half it did not just rescale), as
/// the paper plots it; `plan()` and `evaluate()` use the rounded average, which is feasible to
/// round-off. Extras: step size, effective reg `1/S_t` of the iterate, the iterate's cost, and the
/// unrounded average's marginal error. An anytime method: it normally runs to `max-iter`; it stops
/// early only when the iterate's marginal error falls below `tol`.
public final class MirrorSinkhorn: TransportSolver {
    public static let descriptor = SolverDescriptor(
        name: "mirror-sinkhorn",
        title: "Mirror Sinkhorn (mirror descent + scaling)",
        summary: "Mirror-descent steps on the plan alternating with row/column scalings; returns the rounded step-weighted average, whose cost tends to exact OT. Marginal error: the iterate's.",
        parameters: [
            ParameterDescriptor(
                name: "step", label: "step size", kind: .real(default: 3, range: 1e-6...1e6, logScale: true),
                unit: "1 / max|C|",
                help: "Mirror-descent step eta in units of 1/max|C|; larger moves faster towards exact OT but averages more noise."),
            ParameterDescriptor(
                name: "schedule", label: "step schedule", kind: .choice(default: "1/sqrt(t)", options: ["constant", "1/sqrt(t)"]),
                help: "constant: eta_t = step. 1/sqrt(t): eta_t = step / sqrt(t), the schedule of the paper's guarantee."),
            ParameterDescriptor(
                name: "tol", label: "tolerance", kind: .real(default: 1e-9, range: 0...1, logScale: true),
                help: "Stop early when the iterate's marginal error falls below this; normally the method runs to max-iter."),
            CommonParameters.maxIterations(default: 5_000),
        ],
        make: { problem, parameters in try MirrorSinkhorn(problem: problem, parameters: parameters) })

    public let problem: TransportProblem
    public let tolerance: Double
    public let decreasingSteps: Bool
    /// `step / max|C|`.
    public let baseStep: Double
    public private(set) var iteration = 0
    public private(set) var marginalError = Double.infinity
    public var extras: [SolverExtra] {
        let weight = max(totalStep, .leastNormalMagnitude)
        let averageError = Kernels.l1Distance(averageRows.map { $0 / weight }, problem.a)
            + Kernels.l1Distance(averageColumns.map { $0 / weight }, problem.b)
        return [SolverExtra("step_size", currentStep), SolverExtra("effective_reg", 1 / max(totalStep, .leastNormalMagnitude)),
                SolverExtra("iterate_cost", iterateCost), SolverExtra("average_error", averageError)]
    }

    private let costTransposed: DenseMatrix
    private let logA: [Double]
    private let logB: [Double]
    /// Dimensionless log-potentials of the iterate.
    private var f: [Double]
    private var g: [Double]
    /// `f / S_t`, `g / S_t` (cost units) for the log-sum-exp kernels, and their output.
    private var fScaled: [Double]
    private var gScaled: [Double]
    private var rowLSE: [Double]
    private var columnLSE: [Double]
    /// `sum eta_t X_t` and its row and column sums.
    private var average: DenseMatrix
    private var averageRows: [Double]
    private var averageColumns: [Double]
    private var rowScratch: [Double]
    private var iterateRows: [Double]
    private var iterateColumns: [Double]
    private var totalStep = 0.0
    private var currentStep = 0.0
    private var iterateCost = 0.0

    public init(problem: TransportProblem, parameters: ParameterValues) throws {
        self.problem = problem
        tolerance = parameters.real("tol")
        decreasingSteps = parameters.choice("schedule") == "1/sqrt(t)"
        let largest = problem.cost.storage.reduce(0) { max($0, abs($1)) }
        baseStep = parameters.real("step") / (largest > 0 ? largest : 1)
        costTransposed = problem.cost.transposed
        logA = problem.a.map { $0 > 0 ? libmLog($0) : -.infinity }
        logB = problem.b.map { $0 > 0 ? libmLog($0) : -.infinity }
        f = logA
        g = logB
        let n = problem.sourceCount, m = problem.targetCount
        fScaled = [Double](repeating: 0, count: n)
        gScaled = [Double](repeating: 0, count: m)
        rowLSE = fScaled
        columnLSE = gScaled
        average = DenseMatrix(rows: n, columns: m)
        averageRows = fScaled
        averageColumns = gScaled
        rowScratch = gScaled
        iterateRows = fScaled
        iterateColumns = gScaled
    }

    public func step() -> SolverStatus {
        iteration += 1
        currentStep = decreasingSteps ? baseStep / Double(iteration).squareRoot() : baseStep
        totalStep += currentStep
        let s = totalStep, inverse = 1 / s
        let n = f.count, m = g.count
        if iteration % 2 == 1 {
            for j in 0..<m { gScaled[j] = g[j] * inverse }
            LogSumExp.softminRows(cost: problem.cost, potential: gScaled, inverseRegularization: s, into: &rowLSE)
            for i in 0..<n { f[i] = problem.a[i] > 0 ? logA[i] - rowLSE[i] : -.infinity }
        } else {
            for i in 0..<n { fScaled[i] = f[i] * inverse }
            LogSumExp.softminRows(cost: costTransposed, potential: fScaled, inverseRegularization: s, into: &columnLSE)
            for j in 0..<m { g[j] = problem.b[j] > 0 ? logB[j] - columnLSE[j] : -.infinity }
        }
        if let bad = f.first(where: { $0.isNaN || $0 == .infinity }) ?? g.first(where: { $0.isNaN || $0 == .infinity }) {
            return .diverged(reason: "a potential became \(bad) at effective reg \(ParameterValue.formatShort(1 / s)); the cost matrix has entries too large for the step size, lower --step")
        }
        accumulate(stepSize: currentStep)
        marginalError = iteration % 2 == 1
            ? Kernels.l1Distance(iterateColumns, problem.b) : Kernels.l1Distance(iterateRows, problem.a)
        guard marginalError.isFinite else {
            return .diverged(reason: "the iterate's marginals became NaN or infinite; lower --step")
        }
        return marginalError < tolerance ? .converged : .running
    }

    /// One pass over C: forms `X_t` row by row, adds `eta_t X_t` to the average, and measures the
    /// iterate's marginals and cost.
    private func accumulate(stepSize eta: Double) {
        let n = f.count, m = g.count
        let s = totalStep, inverse = 1 / s
        for j in 0..<m { gScaled[j] = g[j] * inverse }
        for j in 0..<m { iterateColumns[j] = 0 }
        var cost = 0.0
        problem.cost.storage.withUnsafeBufferPointer { c in
            gScaled.withUnsafeBufferPointer { gs in
                rowScratch.withUnsafeMutableBufferPointer { row in
                    average.storage.withUnsafeMutableBufferPointer { avg in
                        iterateColumns.withUnsafeMutableBufferPointer { columns in
                            for i in 0..<n {
                                let cRow = c.baseAddress! + i * m
                                LogSumExp.logPlanRow(cRow, gs.baseAddress!, f[i] * inverse, s, count: m, into: row.baseAddress!)
                                Self.flushNegligible(row)
                                let rowSum = Kernels.sum(UnsafeBufferPointer(row))
                                iterateRows[i] = rowSum
                                averageRows[i] += eta * rowSum
                                cost += Kernels.dot(UnsafePointer(row.baseAddress!), cRow, count: m)
                                Kernels.axpy(eta, UnsafePointer(row.baseAddress!), avg.baseAddress! + i * m, count: m)
                                Kernels.axpy(1, UnsafePointer(row.baseAddress!), columns.baseAddress!, count: m)
                            }
                        }
                    }
                }
            }
        }
        for j in 0..<m { averageColumns[j] += eta * iterateColumns[j] }
        iterateCost = cost
    }

    /// Sets entries below 1e-200 to zero. As S_t grows most of the iterate sits near the bottom of
    /// the double range, and scaling such entries by eta_t gives subnormal numbers, on which x86
    /// arithmetic is about 100x slower (measured: 155 ms per iteration at 1000 x 1000 before this,
    /// see the commit). They are far below the round-off of any marginal or cost.
    @inline(__always)
    private static func flushNegligible(_ row: UnsafeMutableBufferPointer<Double>) {
        let raw = UnsafeMutableRawPointer(row.baseAddress!)
        let floor = SIMD4<Double>(repeating: 1e-200)
        var k = 0
        while k + 4 <= row.count {
            var v = raw.loadUnaligned(fromByteOffset: k * 8, as: SIMD4<Double>.self)
            v.replace(with: 0, where: v .< floor)
            raw.storeBytes(of: v, toByteOffset: k * 8, as: SIMD4<Double>.self)
            k += 4
        }
        while k < row.count { if row[k] < 1e-200 { row[k] = 0 }; k += 1 }
    }

    /// The step-weighted average of the iterates, before rounding.
    private func averagedPlan() -> DenseMatrix {
        var plan = average
        let inverse = 1 / max(totalStep, .leastNormalMagnitude)
        plan.storage.withUnsafeMutableBufferPointer { p in for k in p.indices { p[k] *= inverse } }
        return plan
    }

    /// The rounded average: feasible to round-off.
    public func plan() -> TransportPlan {
        guard iteration > 0 else {
            return .dense(DenseMatrix(rows: f.count, columns: g.count) { i, j in problem.a[i] * problem.b[j] })
        }
        return .dense(FeasibleRounding.round(averagedPlan(), a: problem.a, b: problem.b))
    }

    /// Cost of the rounded average (also the objective: the method solves unregularized OT).
    public func evaluate() -> SolverEvaluation {
        let plan = plan()
        let cost = plan.cost(problem.cost)
        return SolverEvaluation(cost: cost, objective: cost, mass: plan.mass)
    }

    /// Potentials of the current iterate in cost units (`f / S_t`, `g / S_t`).
    public func potentials() -> DualPotentials? {
        guard totalStep > 0 else { return nil }
        return DualPotentials(f: f.map { $0 / totalStep }, g: g.map { $0 / totalStep })
    }
}
