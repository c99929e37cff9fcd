import OTCore

/// Entropic Wasserstein barycenter of pictures by convolutional iterative Bregman projections
/// (Solomon, de Goes, Peyré, Cuturi, Butscher, Nguyen, Du & Guibas 2015, "Convolutional Wasserstein
/// distances"; debiased: Janati, Cuturi & Gramfort 2020, "Debiased Sinkhorn barycenters"), as POT's
/// `convolutional_barycenter2d` (method `sinkhorn` / `sinkhorn_log`) and
/// `convolutional_barycenter2d_debiased`.
///
/// The Gibbs kernel on the grid is applied separably (`GridConvolution`), so a 128 x 128 picture
/// costs two 1-D passes per kernel product. One step is one of POT's iterations: for each input
/// `V_k = bar / K U_k`, `U_k = a_k / K V_k`, then `bar = prod_k (K U_k)^λ_k` (debiased: times a
/// correction `c` refined by 10 fixed-point steps `c <- sqrt(c bar / K c)`). The marginal error is
/// POT's: the sum over pixels of the standard deviation over k of `V_k K U_k` (each plan's
/// barycenter-side marginal); `tol` is tested every 10 iterations as POT does (from iteration 22 on
/// for the debiased method), so stopping matches POT's. Constants as POT's (1e-30 or 1e-15 inside
/// logarithms), inputs normalized to mass one by the caller.
public final class ConvolutionalBarycenter: BarycenterSolver {
    public enum Method: String, Sendable, CaseIterable {
        case plain = "convolutional"
        case log = "convolutional-log"
        case debiased = "debiased"
        case debiasedLog = "debiased-log"

        var isLog: Bool { self == .log || self == .debiasedLog }
        var isDebiased: Bool { self == .debiased || self == .debiasedLog }
    }

    public static let descriptors: [SolverDescriptor] = Method.allCases.map(descriptor)

    static func descriptor(_ method: Method) -> SolverDescriptor {
        let pot = method.isDebiased ? "convolutional_barycenter2d_debiased" : "convolutional_barycenter2d"
        return SolverDescriptor(
            name: method.rawValue,
            title: (method.isDebiased ? "Debiased convolutional barycenter" : "Convolutional barycenter") + (method.isLog ? " (log domain)" : ""),
            summary: """
                Entropic barycenter of pictures on a grid scaled to [0, 1], the Gaussian kernel applied as two 1-D \
                convolutions, as POT's \(pot)(method='\(method.isLog ? "sinkhorn_log" : "sinkhorn")'). The plan output is \
                the barycenter picture; the marginal error is POT's (sum over pixels of the std over inputs of the \
                plans' barycenter-side marginals), tested every 10 iterations as POT does.
                """,
            parameters: [
                BarycenterSupport.regularization(default: 4e-3),
                BarycenterSupport.tolerance(default: 1e-6),
                CommonParameters.maxIterations(default: 10_000),
            ],
            requiresEqualMass: false, acceptsImplicitCost: true, problemKind: .barycenter,
            make: { problem, values in try ConvolutionalBarycenter(problem: problem, parameters: values, method: method) })
    }

    public private(set) var iteration = 0
    public private(set) var marginalError = Double.infinity

    private let method: Method
    private let grid: GridConvolution
    private let lambdas: [Double]
    private let inputs: [[Double]]
    private let tolerance: Double
    private let stabilizer: Double
    // Scaling domain: U, V, K U; log domain: log a, G, f, log K U.
    private var u: [[Double]]
    private var v: [[Double]]
    private var ku: [[Double]]
    private var bar: [Double]
    private var correction: [Double]
    private var scratch: [Double]
    private var work: [Double]
    /// Per-step buffers, kept so that a step allocates nothing (a 128 x 128 picture is 128 KB, which
    /// the allocator would map and unmap every time).
    private var logBarBuffer: [Double]
    private var potentialBuffer: [Double]
    private var status = SolverStatus.running

    public init(problem: TransportProblem, parameters: ParameterValues, method: Method) throws {
        guard let barycenter = problem.barycenter, let shape = barycenter.gridShape else {
            throw InputError("problem", nil, "\(method.rawValue) needs pictures of one size (a grid barycenter problem)")
        }
        self.method = method
        let reg = parameters.real("reg")
        grid = GridConvolution(rows: shape.rows, columns: shape.columns, regularization: reg)
        lambdas = barycenter.weights
        inputs = barycenter.measures.map(\.weights)
        tolerance = parameters.real("tol")
        stabilizer = method == .debiased ? 1e-15 : 1e-30
        let n = grid.count, k = inputs.count
        scratch = [Double](repeating: 0, count: n)
        work = [Double](repeating: 0, count: n)
        logBarBuffer = work
        potentialBuffer = work
        if method.isLog {
            // u holds log a_k + stabilizer, v holds G_k, ku holds log K U_k; bar holds log bar.
            u = inputs.map { $0.map { libmLog($0 + 1e-30) } }
            v = Array(repeating: [Double](repeating: 0, count: n), count: k)
            ku = v
            bar = [Double](repeating: 0, count: n)
            correction = [Double](repeating: 0, count: n)
        } else {
            u = Array(repeating: [Double](repeating: 1, count: n), count: k)
            v = u
            ku = u
            bar = [Double](repeating: 1 / Double(n), count: n)
            correction = [Double](repeating: 1, count: n)
            let ones = [Double](repeating: 1, count: n)
            var first = [Double](repeating: 0, count: n)
            grid.apply(ones, into: &first, scratch: &scratch)
            ku = Array(repeating: first, count: k)
        }
        if grid.rowKernel.allSatisfy({ $0 == 0 }) || !grid.rowKernel.allSatisfy(\.isFinite) {
            throw InputError("--reg", nil, "the kernel exp(-C/reg) is not usable at this reg; use a larger reg")
        }
    }

    /// One POT iteration; `.converged` when POT's error test passes on its schedule.
    public func step() -> SolverStatus {
        guard status == .running else { return status }
        iteration += 1
        let checking = BarycenterSupport.isCheckIteration(iteration, phase: 9) && (!method.isDebiased || iteration - 1 > 20)
        if method.isLog { logStep(checking: checking) } else { scalingStep() }
        if marginalError.isNaN || !bar.allSatisfy({ $0.isFinite || (method.isLog && $0 == -.infinity) }) {
            status = .diverged(reason: method.isLog
                ? "the log-domain barycenter became NaN at iteration \(iteration); check the pictures for empty or non-finite values"
                : "the scalings over- or underflowed at iteration \(iteration) (reg is too small for the scaling domain); use \(method.isDebiased ? "debiased-log" : "convolutional-log") or a larger reg")
            return status
        }
        if checking && marginalError < tolerance { status = .converged }
        return status
    }

    private func scalingStep() {
        let n = grid.count
        for k in inputs.indices {
            for i in 0..<n { v[k][i] = bar[i] / ku[k][i] }
            grid.apply(v[k], into: &work, scratch: &scratch)
            for i in 0..<n { u[k][i] = inputs[k][i] / work[i] }
            grid.apply(u[k], into: &ku[k], scratch: &scratch)
        }
        for i in 0..<n { logBarBuffer[i] = 0 }
        for k in inputs.indices {
            let lambda = lambdas[k]
            for i in 0..<n { logBarBuffer[i] += lambda * libmLog(ku[k][i] + stabilizer) }
        }
        for i in 0..<n { bar[i] = correction[i] * libmExp(logBarBuffer[i]) }
        if method == .debiased {
            for _ in 0..<10 {
                grid.apply(correction, into: &work, scratch: &scratch)
                for i in 0..<n { correction[i] = (correction[i] * bar[i] / work[i]).squareRoot() }
            }
        }
        marginalError = BarycenterSupport.spread(v) { k, i in self.v[k][i] * self.ku[k][i] }
    }

    private func logStep(checking: Bool) {
        let n = grid.count
        var logBar = logBarBuffer
        for i in 0..<n { logBar[i] = 0 }
        for k in inputs.indices {
            grid.applyLog(v[k], into: &work, scratch: &scratch)
            for i in 0..<n { potentialBuffer[i] = u[k][i] - work[i] }
            grid.applyLog(potentialBuffer, into: &ku[k], scratch: &scratch)
            for i in 0..<n { logBar[i] += lambdas[k] * ku[k][i] }
        }
        if method == .debiasedLog {
            for i in 0..<n { logBar[i] += correction[i] }
            for _ in 0..<10 {
                grid.applyLog(correction, into: &work, scratch: &scratch)
                for i in 0..<n { correction[i] = 0.5 * (correction[i] + logBar[i] - work[i]) }
            }
        }
        bar = logBar
        marginalError = BarycenterSupport.spread(v) { k, i in libmExp(self.v[k][i] + self.ku[k][i]) }
        if checking && marginalError < tolerance { return }
        for k in inputs.indices {
            for i in 0..<n { v[k][i] = logBar[i] - ku[k][i] }
        }
    }

    /// The current barycenter picture, row-major.
    public var barycenterWeights: [Double] { method.isLog ? bar.map(libmExp) : bar }

    public var extras: [SolverExtra] { [] }

    /// `cost` is `sum_k λ_k <P_k, C>` for the plans `P_k = diag(U_k) K diag(V_k)` between each input
    /// and the barycenter (C the squared distance on the unit grid); `objective` equals it (the
    /// entropic terms are not evaluated); `mass` is the barycenter's mass.
    public func evaluate() -> SolverEvaluation {
        let picture = barycenterWeights
        var cost = 0.0
        var scratchCopy = scratch, workCopy = work
        for k in inputs.indices {
            let (left, right) = scalings(k, scratch: &scratchCopy, work: &workCopy)
            cost += lambdas[k] * grid.transportCost(u: left, v: right, scratch: &scratchCopy, work: &workCopy)
        }
        return SolverEvaluation(cost: cost, objective: cost, dualObjective: nil, mass: Kernels.sum(picture))
    }

    /// The scalings of input k's plan `P_k = diag(left) K diag(right)` (input pixels as rows).
    private func scalings(_ k: Int, scratch: inout [Double], work: inout [Double]) -> (left: [Double], right: [Double]) {
        guard method.isLog else { return (u[k], v[k]) }
        // f_k = log a_k - log K exp(G_k); the plan is diag(exp f) K diag(exp G).
        grid.applyLog(v[k], into: &work, scratch: &scratch)
        return ((0..<grid.count).map { libmExp(u[k][$0] - work[$0]) }, v[k].map(libmExp))
    }

    /// The N x N plan `diag(left) K diag(right)` between input k and the barycenter, summed into
    /// blocks without forming it: for each block of barycenter pixels J, `K (right masked to J)` is
    /// one separable convolution, and its products with `left` are summed over each block of input
    /// pixels. C blocks cost C convolutions, O(C N^1.5).
    public func aggregatedInputPlan(_ k: Int, maxRows: Int, maxColumns: Int) -> DenseMatrix? {
        guard inputs.indices.contains(k), iteration > 0, maxRows > 0, maxColumns > 0 else { return nil }
        let n = grid.count
        var scratchCopy = [Double](repeating: 0, count: n), workCopy = scratchCopy
        let (left, right) = scalings(k, scratch: &scratchCopy, work: &workCopy)
        let blockRows = min(n, maxRows), blockColumns = min(n, maxColumns)
        var out = DenseMatrix(rows: blockRows, columns: blockColumns)
        var masked = [Double](repeating: 0, count: n)
        for c in 0..<blockColumns {
            // Pixels j with j * C / n == c: j in [ceil(c n / C), ceil((c + 1) n / C)).
            let start = (c * n + blockColumns - 1) / blockColumns, end = ((c + 1) * n + blockColumns - 1) / blockColumns
            for j in 0..<n { masked[j] = 0 }
            for j in start..<end { masked[j] = right[j] }
            grid.apply(masked, into: &workCopy, scratch: &scratchCopy)
            for i in 0..<n { out[i * blockRows / n, c] += left[i] * workCopy[i] }
        }
        return out
    }

    /// The barycenter as a `rows x columns` picture.
    public func plan() -> TransportPlan {
        .dense(DenseMatrix(rows: grid.rows, columns: grid.columns, storage: barycenterWeights))
    }
}
