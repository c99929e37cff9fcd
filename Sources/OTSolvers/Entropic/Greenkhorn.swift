import OTCore

/// Greenkhorn (Altschuler, Weed, Rigollet 2017): greedy Sinkhorn that rescales one row or column
/// at a time, the one whose marginal is furthest off in the Bregman sense
/// `rho(x, y) = y - x + x log(x / y)`.
///
/// One `step()` performs `n + m` greedy updates, about the work of one Sinkhorn iteration, so the
/// two can be compared per iteration. The marginal error is that of the greedy iterate; the plan
/// handed out is rounded onto the transport polytope (Altschuler et al., Algorithm 2), so it is
/// feasible to round-off while the iterate converges.
public final class Greenkhorn: TransportSolver {
    public static let descriptor = SolverDescriptor(
        name: "greenkhorn",
        title: "Greenkhorn (greedy Sinkhorn)",
        summary: "Rescales the single worst row or column at a time; one iteration = n+m updates. The returned plan is rounded to be exactly feasible.",
        parameters: [
            CommonParameters.regularization(),
            CommonParameters.tolerance(),
            CommonParameters.maxIterations(),
        ],
        make: { problem, parameters in try Greenkhorn(problem: problem, parameters: parameters) })

    public let problem: TransportProblem
    public let regularization: Double
    public let tolerance: Double
    public private(set) var iteration = 0
    public private(set) var marginalError = Double.infinity
    public var extras: [SolverExtra] { [SolverExtra("updates", Double(updates))] }

    private let kernel: DenseMatrix
    private let kernelTransposed: DenseMatrix
    private var u: [Double]
    private var v: [Double]
    /// Row sums of the current plan `diag(u) K diag(v)`.
    private var rowSums: [Double]
    /// Column sums of the current plan.
    private var columnSums: [Double]
    private var updates = 0

    public init(problem: TransportProblem, parameters: ParameterValues) throws {
        self.problem = problem
        regularization = parameters.real("reg")
        tolerance = parameters.real("tol")
        let kernel = ScalingKernels.gibbsKernel(cost: problem.cost, regularization: regularization)
        self.kernel = kernel
        kernelTransposed = kernel.transposed
        let n = problem.sourceCount, m = problem.targetCount
        u = [Double](repeating: 1.0 / Double(n), count: n)
        v = [Double](repeating: 1.0 / Double(m), count: m)
        rowSums = [Double](repeating: 0, count: n)
        columnSums = [Double](repeating: 0, count: m)
        recomputeMarginals()
    }

    /// Bregman gain of rescaling a marginal `y` to its target `x`: `y - x + x log(x / y)`.
    ///
    /// Written as `x (t - log(1 + t))` with `t = (y - x) / x` and a series for small `t`: the direct
    /// form cancels catastrophically near convergence (gains of 1e-18 drown in 1e-17 round-off), and
    /// the greedy choice then picks by noise and stalls near 1e-9.
    @inline(__always)
    private static func gain(_ x: Double, _ y: Double) -> Double {
        if x == 0 { return y }
        if y == 0 { return .infinity }
        let t = (y - x) / x
        if abs(t) < 1e-3 {
            // t - log1p(t) = t^2/2 - t^3/3 + t^4/4 - t^5/5 + ...
            return x * t * t * (0.5 - t * (1.0 / 3 - t * (0.25 - t * 0.2)))
        }
        return x * (t - libmLog1p(t))
    }

    /// Recomputes the marginals of `diag(u) K diag(v)` exactly (drift of the incremental updates),
    /// in one pass over K into the arrays already held, so that it allocates nothing.
    private func recomputeMarginals() {
        let n = u.count, m = v.count
        for j in 0..<m { columnSums[j] = 0 }
        kernel.storage.withUnsafeBufferPointer { k in
            v.withUnsafeBufferPointer { vb in
                columnSums.withUnsafeMutableBufferPointer { cs in
                    for i in 0..<n {
                        let row = k.baseAddress! + i * m
                        rowSums[i] = u[i] * Kernels.dot(row, vb.baseAddress, count: m)
                        if u[i] != 0 { Kernels.axpy(u[i], row, cs.baseAddress!, count: m) }
                    }
                }
            }
        }
        for j in 0..<m { columnSums[j] *= v[j] }
        marginalError = Kernels.l1Distance(rowSums, problem.a) + Kernels.l1Distance(columnSums, problem.b)
    }

    public func step() -> SolverStatus {
        iteration += 1
        let n = u.count, m = v.count
        let a = problem.a, b = problem.b
        for _ in 0..<(n + m) {
            var bestRow = 0, bestRowGain = -Double.infinity
            for i in 0..<n {
                let gain = Self.gain(a[i], rowSums[i])
                if gain > bestRowGain { bestRowGain = gain; bestRow = i }
            }
            var bestColumn = 0, bestColumnGain = -Double.infinity
            for j in 0..<m {
                let gain = Self.gain(b[j], columnSums[j])
                if gain > bestColumnGain { bestColumnGain = gain; bestColumn = j }
            }
            // Every gain NaN leaves both at -infinity: the scalings are broken.
            guard bestRowGain > -.infinity || bestColumnGain > -.infinity else {
                return .diverged(reason: EntropicDiagnosis.notFinite("the marginals", regularization: regularization))
            }
            updates += 1
            let rescaled = bestRowGain >= bestColumnGain
                ? Self.rescale(bestRow, target: a[bestRow], lines: kernel, scaling: &u, other: v, sums: &rowSums, crossSums: &columnSums)
                : Self.rescale(bestColumn, target: b[bestColumn], lines: kernelTransposed, scaling: &v, other: u, sums: &columnSums, crossSums: &rowSums)
            guard rescaled else {
                let point = bestRowGain >= bestColumnGain ? "source point \(bestRow)" : "target point \(bestColumn)"
                return .diverged(reason: EntropicDiagnosis.kernelUnderflow(cost: problem.cost, regularization: regularization, where: point))
            }
        }
        if iteration % 16 == 0 {
            recomputeMarginals()
        } else {
            marginalError = Kernels.l1Distance(rowSums, a) + Kernels.l1Distance(columnSums, b)
        }
        guard marginalError.isFinite else {
            return .diverged(reason: EntropicDiagnosis.notFinite("the marginal error", regularization: regularization))
        }
        if marginalError < tolerance {
            recomputeMarginals()
            if marginalError < tolerance { return .converged }
        }
        return .running
    }

    /// One greedy update, for a row and a column alike: rescales `scaling[index]` so that its line of
    /// the plan sums to `target`, where `lines` holds that side's kernel lines row by row (K for a
    /// source point, K^T for a target point) and `other` is the other side's scaling. Sets
    /// `sums[index]` exactly and moves the other side's marginals `crossSums` by the change, so a
    /// step costs one line, not the whole plan. Returns false, changing nothing, when the new scaling
    /// is not finite (the line of the kernel underflowed to zero).
    private static func rescale(
        _ index: Int, target: Double, lines: DenseMatrix, scaling: inout [Double], other: [Double],
        sums: inout [Double], crossSums: inout [Double]
    ) -> Bool {
        let count = other.count
        return lines.storage.withUnsafeBufferPointer { k -> Bool in
            let line = k.baseAddress! + index * count
            let product = other.withUnsafeBufferPointer { Kernels.dot(line, $0.baseAddress, count: count) }
            let next = target == 0 ? 0 : target / product
            guard next.isFinite else { return false }
            let delta = next - scaling[index]
            scaling[index] = next
            sums[index] = next * product
            for t in 0..<count { crossSums[t] += delta * line[t] * other[t] }
            return true
        }
    }

    /// The greedy iterate `diag(u) K diag(v)` before rounding.
    private func iterate() -> DenseMatrix {
        let m = v.count
        return DenseMatrix(rows: u.count, columns: m) { i, j in u[i] * kernel.storage[i * m + j] * v[j] }
    }

    /// The rounded, exactly feasible plan.
    public func plan() -> TransportPlan { .dense(FeasibleRounding.round(iterate(), a: problem.a, b: problem.b)) }

    public func evaluate() -> SolverEvaluation {
        let rounded = FeasibleRounding.round(iterate(), a: problem.a, b: problem.b)
        let a = problem.a, b = problem.b, m = v.count
        var cost = 0.0, divergence = 0.0
        for i in 0..<u.count {
            for j in 0..<m {
                let p = rounded[i, j]
                cost += p * problem.cost[i, j]
                if p > 0 { divergence += p * libmLog(p / (a[i] * b[j])) }
                divergence += a[i] * b[j] - p
            }
        }
        let s = ScalingKernels.planStatistics(kernel: kernel, cost: problem.cost, u: u, v: v)
        let f = u.map { regularization * libmLog($0) }, g = v.map { regularization * libmLog($0) }
        return SolverEvaluation(
            cost: cost, objective: cost + regularization * divergence,
            dualObjective: EntropicObjective.dual(statistics: s, f: f, g: g, a: a, b: b, regularization: regularization),
            mass: Kernels.sum(rounded.storage))
    }

    public func potentials() -> DualPotentials? {
        DualPotentials(f: u.map { regularization * libmLog($0) }, g: v.map { regularization * libmLog($0) })
    }
}

/// Rounds an approximately feasible plan onto the transport polytope U(a, b)
/// (Altschuler, Weed, Rigollet 2017, Algorithm 2): scale rows down to at most `a`, columns down to
/// at most `b`, then add the rank-one correction `err_r err_c^T / |err_r|_1`.
public enum FeasibleRounding {
    public static func round(_ plan: DenseMatrix, a: [Double], b: [Double]) -> DenseMatrix {
        var x = plan
        let n = x.rows, m = x.columns
        let rows = x.rowSums()
        for i in 0..<n where rows[i] > a[i] {
            let scale = rows[i] > 0 ? a[i] / rows[i] : 0
            for j in 0..<m { x[i, j] *= scale }
        }
        let columns = x.columnSums()
        for j in 0..<m where columns[j] > b[j] {
            let scale = columns[j] > 0 ? b[j] / columns[j] : 0
            for i in 0..<n { x[i, j] *= scale }
        }
        let finalRows = x.rowSums(), finalColumns = x.columnSums()
        let rowDeficit = (0..<n).map { max(0, a[$0] - finalRows[$0]) }
        let columnDeficit = (0..<m).map { max(0, b[$0] - finalColumns[$0]) }
        let total = Kernels.sum(rowDeficit)
        guard total > 0 else { return x }
        for i in 0..<n where rowDeficit[i] > 0 {
            let scale = rowDeficit[i] / total
            for j in 0..<m { x[i, j] += scale * columnDeficit[j] }
        }
        return x
    }
}
