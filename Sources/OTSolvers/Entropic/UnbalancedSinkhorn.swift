import OTCore

/// KL-penalized unbalanced OT (Chizat, Peyré, Schmitzer, Vialard 2018), POT's `sinkhorn_unbalanced`
/// with `reg_type='kl'`:
///
///     min_P  <P, C> + reg KL(P | a b^T) + reg_m (KL(P 1 | a) + KL(P^T 1 | b))
///
/// with the generalized KL `KL(x | y) = sum x log(x/y) - x + y`. The masses are kept as given; the
/// plan transports what is worth transporting and the marginal penalties pay for the rest.
///
/// Log-domain scaling: with `P_ij = exp((f_i + g_j - C_ij) / reg)` the updates are
/// `f_i = reg log a_i - tau * reg LSE_j((g_j - C_ij) / reg)` and the same for g on the columns,
/// where `tau = reg_m / (reg_m + reg)` damps each update (tau = 1 is balanced Sinkhorn).
///
/// Marginal error of this family: the *fixed-point residual* — the L1 distance between the plan's
/// marginals and the marginals the KL penalties ask for given the current potentials,
/// `sum_i |(P 1)_i - a_i exp(-f'_i / reg_m)| + sum_j |(P^T 1)_j - b_j exp(-g'_j / reg_m)|` with
/// `f' = f - reg log a`. It is zero exactly at the optimum and is in mass units; as reg_m grows it
/// becomes the balanced marginal error. After each iteration the column part is exactly zero, so it
/// is measured in the row pass at no extra cost.
public final class UnbalancedSinkhorn: LogDomainSolver {
    public static let descriptor = SolverDescriptor(
        name: "unbalanced",
        title: "Unbalanced Sinkhorn (KL penalties)",
        summary: "Entropic OT with KL penalties on the marginals instead of hard constraints (POT's sinkhorn_unbalanced, reg_type='kl'); keeps the given masses. Marginal error = fixed-point residual: L1 gap between the plan's marginals and the ones the penalties ask for.",
        parameters: [
            CommonParameters.regularization(),
            ParameterDescriptor(
                name: "reg-m", label: "marginal penalty", kind: .real(default: 1, range: 1e-6...1e9, logScale: true),
                unit: "cost units",
                help: "Weight reg_m of the KL penalties on the two marginals. Large values approach balanced OT; small values let mass be created or destroyed cheaply."),
            ParameterDescriptor(
                name: "tol", label: "tolerance", kind: .real(default: 1e-9, range: 0...1, logScale: true),
                help: "Stop when the fixed-point residual (L1 gap between the plan's marginals and the marginals the penalties ask for) falls below this."),
            CommonParameters.maxIterations(),
        ],
        requiresEqualMass: false,
        make: { problem, parameters in try UnbalancedSinkhorn(problem: problem, parameters: parameters) })

    public let problem: TransportProblem
    public let regularization: Double
    public let marginalPenalty: Double
    public let tolerance: Double
    /// `reg_m / (reg_m + reg)`.
    public let dampingExponent: Double
    public private(set) var iteration = 0
    public private(set) var marginalError = Double.infinity

    /// Column accumulators of the column log-sum-exp (`ColumnSoftmin`, read from C itself: no
    /// transposed copy of C, as `sinkhorn-log`).
    private var columnWorkspace: ColumnSoftmin.Workspace
    private let logA: [Double]
    private let logB: [Double]
    private var f: [Double]
    private var g: [Double]
    private var rowLSE: [Double]
    private var columnLSE: [Double]
    private var updated = false

    public var extras: [SolverExtra] { [SolverExtra("damping", dampingExponent)] }

    public init(problem: TransportProblem, parameters: ParameterValues) throws {
        self.problem = problem
        let reg = parameters.real("reg")
        regularization = reg
        marginalPenalty = parameters.real("reg-m")
        tolerance = parameters.real("tol")
        dampingExponent = marginalPenalty / (marginalPenalty + regularization)
        columnWorkspace = ColumnSoftmin.Workspace(rows: problem.sourceCount, columns: problem.targetCount)
        logA = problem.a.map { $0 > 0 ? libmLog($0) : -.infinity }
        logB = problem.b.map { $0 > 0 ? libmLog($0) : -.infinity }
        // Start from P = a b^T exp(-C/reg), the reference measure of the entropy.
        f = logA.map { reg * $0 }
        g = logB.map { reg * $0 }
        rowLSE = f
        columnLSE = g
    }

    public func step() -> SolverStatus {
        iteration += 1
        let reg = regularization, inverse = 1 / reg, tau = dampingExponent
        let a = problem.a, b = problem.b

        // Row pass: measure the fixed-point residual of the current plan, then update f.
        LogSumExp.softminRows(cost: problem.cost, potential: g, inverseRegularization: inverse, into: &rowLSE)
        if updated {
            var residual = 0.0
            for i in 0..<f.count where a[i] > 0 {
                let rowSum = libmExp(f[i] * inverse + rowLSE[i])
                let wanted = a[i] * libmExp(-(f[i] - reg * logA[i]) / marginalPenalty)
                residual += abs(rowSum - wanted)
            }
            guard residual.isFinite else {
                return .diverged(reason: EntropicDiagnosis.notFinite("the fixed-point residual", regularization: reg, logDomain: true))
            }
            marginalError = residual
            if residual < tolerance { return .converged }
        }
        for i in 0..<f.count {
            let next = a[i] > 0 ? reg * logA[i] - tau * reg * rowLSE[i] : -.infinity
            guard !next.isNaN, next != .infinity else {
                return .diverged(reason: EntropicDiagnosis.notFinite("the source potential f", regularization: reg, logDomain: true))
            }
            f[i] = next
        }
        // Column pass: update g; the column part of the residual is now exactly zero.
        ColumnSoftmin.softminColumns(cost: problem.cost, potential: f, inverseRegularization: inverse, into: &columnLSE, workspace: &columnWorkspace)
        for j in 0..<g.count {
            let next = b[j] > 0 ? reg * logB[j] - tau * reg * columnLSE[j] : -.infinity
            guard !next.isNaN, next != .infinity else {
                return .diverged(reason: EntropicDiagnosis.notFinite("the target potential g", regularization: reg, logDomain: true))
            }
            g[j] = next
        }
        if !updated {
            updated = true
            marginalError = fixedPointResidual(currentStatistics())
        }
        return .running
    }

    /// The fixed-point residual measured from the plan's marginals (one pass; first iteration only).
    private func fixedPointResidual(_ s: PlanStatistics) -> Double {
        let reg = regularization
        var residual = 0.0
        for i in 0..<f.count where problem.a[i] > 0 {
            residual += abs(s.rowSums[i] - problem.a[i] * libmExp(-(f[i] - reg * logA[i]) / marginalPenalty))
        }
        for j in 0..<g.count where problem.b[j] > 0 {
            residual += abs(s.columnSums[j] - problem.b[j] * libmExp(-(g[j] - reg * logB[j]) / marginalPenalty))
        }
        return residual
    }

    /// The plan of the current potentials (plan, potentials and heatmap come from it through
    /// `LogDomainSolver`).
    public var logDomainPlan: LogDomainPlan {
        LogDomainPlan(cost: problem.cost, f: f, g: g, regularization: regularization)
    }

    private func currentStatistics() -> PlanStatistics { logDomainPlan.statistics() }

    /// Generalized KL between two non-negative vectors.
    static func generalizedKL(_ x: [Double], _ y: [Double]) -> Double {
        var total = 0.0
        for k in 0..<x.count {
            if x[k] > 0 { total += x[k] * libmLog(x[k] / y[k]) }
            total += y[k] - x[k]
        }
        return total
    }

    /// Cost `<P, C>`, the primal objective with the generalized KL, the dual objective
    /// `-reg_m <a, e^{-f'/reg_m} - 1> - reg_m <b, e^{-g'/reg_m} - 1> - reg (mass(P) - |a||b|)`, and
    /// the mass of P.
    public func evaluate() -> SolverEvaluation {
        let s = currentStatistics()
        let reg = regularization, rm = marginalPenalty
        let a = problem.a, b = problem.b
        // <P,C> + reg KL(P | a b^T), from the marginals (see EntropicObjective).
        let entropic = EntropicObjective.primal(statistics: s, f: f, g: g, a: a, b: b, regularization: reg)
        let objective = entropic + rm * (Self.generalizedKL(s.rowSums, a) + Self.generalizedKL(s.columnSums, b))
        var dual = -reg * (s.mass - Kernels.sum(a) * Kernels.sum(b))
        for i in 0..<a.count where a[i] > 0 { dual -= rm * a[i] * libmExpm1(-(f[i] - reg * logA[i]) / rm) }
        for j in 0..<b.count where b[j] > 0 { dual -= rm * b[j] * libmExpm1(-(g[j] - reg * logB[j]) / rm) }
        return SolverEvaluation(cost: s.cost, objective: objective, dualObjective: dual, mass: s.mass)
    }
}
