import OTCore

/// Entropic Wasserstein barycenter of histograms on a shared support by iterative Bregman
/// projections (Benamou, Carlier, Cuturi, Nenna & Peyré 2015, "Iterative Bregman projections for
/// regularized transportation problems"), as POT's `ot.bregman.barycenter` with
/// `method='sinkhorn'` (`bregman`) and `method='sinkhorn_log'` (`bregman-log`).
///
/// With `K = exp(-M / reg)`, one step is one of POT's iterations: for each input k the
/// barycenter-side marginal `K^T (a_k / K u_k) * u_k` is computed, the barycenter is their weighted
/// geometric mean, and the scalings `u_k` are corrected towards it (the log-domain version carries
/// the potentials with max-shifted log-sum-exp instead). The marginal error is POT's: the sum over
/// the support of the standard deviation over k of those marginals, tested for `tol` every 10
/// iterations on POT's schedule, so a run stops where POT's does.
public final class BregmanBarycenter: BarycenterSolver {
    public static let descriptor = makeDescriptor(log: false)
    public static let logDescriptor = makeDescriptor(log: true)

    static func makeDescriptor(log: Bool) -> SolverDescriptor {
        SolverDescriptor(
            name: log ? "bregman-log" : "bregman",
            title: log ? "Entropic barycenter (Bregman projections, log domain)" : "Entropic barycenter (Bregman projections)",
            summary: """
                Entropic barycenter of histograms on a shared support (cost matrix M), by iterative Bregman \
                projections as POT's ot.bregman.barycenter(method='\(log ? "sinkhorn_log" : "sinkhorn")'). The plan output \
                is the barycenter histogram; the marginal error is POT's (sum over the support of the std over \
                inputs of the plans' barycenter-side marginals), tested every 10 iterations as POT does.
                """,
            parameters: [
                BarycenterSupport.regularization(default: 1e-2),
                BarycenterSupport.tolerance(default: 1e-6),
                CommonParameters.maxIterations(default: 10_000),
            ],
            requiresEqualMass: false, problemKind: .barycenter,
            make: { problem, values in try BregmanBarycenter(problem: problem, parameters: values, log: log) })
    }

    public private(set) var iteration = 0
    public private(set) var marginalError = Double.infinity

    private let isLog: Bool
    private let cost: DenseMatrix
    /// `K = exp(-M / reg)` (scaling domain) or `-M / reg` (log domain), and its transpose.
    private let kernel: DenseMatrix
    private let kernelTransposed: DenseMatrix
    private let lambdas: [Double]
    private let inputs: [[Double]]
    private let tolerance: Double
    private let regularization: Double
    /// Scaling domain: u_k and U K v_k (POT's names). Log domain: f_k, G_k (before this step's
    /// update, for the plans), log K U_k, log a_k.
    private var u: [[Double]]
    private var marginals: [[Double]]
    private var potentialsF: [[Double]]
    private var potentialsG: [[Double]]
    private var previousG: [[Double]]
    private var logInputs: [[Double]]
    private var logBar: [Double]
    private var status = SolverStatus.running

    public init(problem: TransportProblem, parameters: ParameterValues, log: Bool) throws {
        guard let barycenter = problem.barycenter, case .shared(let cost) = barycenter.support else {
            throw InputError("problem", nil, "\(log ? "bregman-log" : "bregman") needs histograms on a shared support with a cost matrix")
        }
        isLog = log
        self.cost = cost
        regularization = parameters.real("reg")
        tolerance = parameters.real("tol")
        lambdas = barycenter.weights
        inputs = barycenter.measures.map(\.weights)
        let n = cost.rows, k = inputs.count, reg = regularization
        kernel = DenseMatrix(rows: n, columns: n, storage: cost.storage.map { log ? -$0 / reg : libmExp(-$0 / reg) })
        kernelTransposed = kernel.transposed
        u = []
        marginals = []
        potentialsF = Array(repeating: [Double](repeating: 0, count: n), count: k)
        potentialsG = potentialsF
        previousG = potentialsF
        logInputs = inputs.map { $0.map { libmLog($0 + 1e-16) } }
        logBar = [Double](repeating: 0, count: n)
        if !log {
            // POT's start: U K v = K (a_k / column sums of K), u = geometric mean / U K v.
            let columnSums = kernel.columnSums()
            guard columnSums.allSatisfy({ $0 > 0 }) else {
                throw InputError("--reg", nil, "a column of exp(-M/reg) underflows to zero; use bregman-log or a larger reg")
            }
            var out = [Double](repeating: 0, count: n)
            for a in inputs {
                Kernels.multiply(kernel, (0..<n).map { a[$0] / columnSums[$0] }, into: &out)
                marginals.append(out)
            }
            let mean = (0..<n).map { i in libmExp(marginals.reduce(0) { $0 + libmLog($1[i]) } / Double(k)) }
            u = marginals.map { m in (0..<n).map { mean[$0] / m[$0] } }
        }
    }

    public func step() -> SolverStatus {
        guard status == .running else { return status }
        iteration += 1
        let checking = BarycenterSupport.isCheckIteration(iteration, phase: 1)
        if isLog { logStep(checking: checking) } else { scalingStep() }
        if marginalError.isNaN || !barycenterWeights.allSatisfy(\.isFinite) {
            status = .diverged(reason: isLog
                ? "the log-domain barycenter became NaN at iteration \(iteration); check the histograms and the cost for non-finite values"
                : "the scalings over- or underflowed at iteration \(iteration) (reg is too small for the scaling domain); use bregman-log or a larger reg")
            return status
        }
        if checking && marginalError < tolerance { status = .converged }
        return status
    }

    private func scalingStep() {
        let n = cost.rows
        var ku = [Double](repeating: 0, count: n), back = [Double](repeating: 0, count: n)
        for k in inputs.indices {
            Kernels.multiply(kernel, u[k], into: &ku)
            Kernels.multiplyTransposed(kernel, (0..<n).map { inputs[k][$0] / ku[$0] }, into: &back)
            for i in 0..<n { marginals[k][i] = u[k][i] * back[i] }
        }
        let geometric = geometricBarycenter()
        for k in inputs.indices {
            for i in 0..<n { u[k][i] = u[k][i] * geometric[i] / marginals[k][i] }
        }
        marginalError = BarycenterSupport.spread(marginals) { k, i in self.marginals[k][i] }
    }

    /// `exp(sum_k λ_k log UKv_k)`: POT's `geometricBar`.
    private func geometricBarycenter() -> [Double] {
        (0..<cost.rows).map { i in
            var total = 0.0
            for k in inputs.indices { total += libmLog(marginals[k][i]) * lambdas[k] }
            return libmExp(total)
        }
    }

    private func logStep(checking: Bool) {
        let n = cost.rows
        var bar = [Double](repeating: 0, count: n)
        var logKU = [[Double]]()
        for k in inputs.indices {
            // f_i = log a_i - lse_j (M'_ij + G_j); log K U_j = lse_i (M'_ij + f_i).
            for i in 0..<n { potentialsF[k][i] = logInputs[k][i] - Self.logSumExp(kernel, row: i, plus: potentialsG[k]) }
            let column = (0..<n).map { j in Self.logSumExp(kernelTransposed, row: j, plus: potentialsF[k]) }
            for j in 0..<n { bar[j] += lambdas[k] * column[j] }
            logKU.append(column)
        }
        logBar = bar
        previousG = potentialsG
        marginalError = BarycenterSupport.spread(logKU) { k, i in libmExp(self.potentialsG[k][i] + logKU[k][i]) }
        if checking && marginalError < tolerance { return }
        for k in inputs.indices {
            for j in 0..<n { potentialsG[k][j] = bar[j] - logKU[k][j] }
        }
    }

    /// `log sum_j exp(m[row, j] + x_j)`, max-shifted.
    static func logSumExp(_ m: DenseMatrix, row: Int, plus x: [Double]) -> Double {
        let c = m.columns, base = row * c
        var peak = -Double.infinity
        for j in 0..<c { peak = max(peak, m.storage[base + j] + x[j]) }
        guard peak > -.infinity else { return -.infinity }
        var total = 0.0
        for j in 0..<c { total += libmExp(m.storage[base + j] + x[j] - peak) }
        return peak + libmLog(total)
    }

    /// The current barycenter histogram.
    public var barycenterWeights: [Double] {
        if isLog { return logBar.map(libmExp) }
        return marginals.isEmpty ? [] : geometricBarycenter()
    }

    public var extras: [SolverExtra] { [] }

    /// The plan between input k and the barycenter: `diag(a_k / K u_k) K diag(u_k)` (scaling domain)
    /// or `exp(f_i + M'_ij + G_j)` with the potentials of the last step (log domain).
    public func inputPlan(_ k: Int) -> TransportPlan? {
        guard inputs.indices.contains(k), iteration > 0 else { return nil }
        let n = cost.rows
        var plan = DenseMatrix(rows: n, columns: n)
        if isLog {
            for i in 0..<n {
                for j in 0..<n { plan[i, j] = libmExp(potentialsF[k][i] + kernel[i, j] + previousG[k][j]) }
            }
        } else {
            var ku = [Double](repeating: 0, count: n)
            Kernels.multiply(kernel, u[k], into: &ku)
            for i in 0..<n {
                let left = inputs[k][i] / ku[i]
                for j in 0..<n { plan[i, j] = left * kernel[i, j] * u[k][j] }
            }
        }
        return .dense(plan)
    }

    /// `cost` is `sum_k λ_k <P_k, M>` for the input plans; `objective` equals it (the entropic terms
    /// are not evaluated); `mass` is the barycenter's.
    public func evaluate() -> SolverEvaluation {
        var total = 0.0
        for k in inputs.indices {
            if let plan = inputPlan(k) { total += lambdas[k] * plan.cost(cost) }
        }
        return SolverEvaluation(cost: total, objective: total, dualObjective: nil, mass: Kernels.sum(barycenterWeights))
    }

    /// The barycenter as a `1 x n` histogram.
    public func plan() -> TransportPlan {
        let weights = barycenterWeights
        return .dense(DenseMatrix(rows: 1, columns: weights.count, storage: weights))
    }
}
