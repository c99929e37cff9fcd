import OTCore

/// Entropic Gromov-Wasserstein (`entropic-gw`) and its fused form (`entropic-fgw`) by projected
/// mirror descent (Peyré, Cuturi & Solomon 2016, "Gromov-Wasserstein averaging of kernel and
/// distance matrices"), as POT 0.9.7's `entropic_gromov_wasserstein` and
/// `entropic_fused_gromov_wasserstein` with `solver='PGD'`.
///
/// Each step linearises the loss at the current plan `T` (the tensor product through `GromovLoss`,
/// never the 4-D tensor; fused: `alpha grad + (1 - alpha) M`) and replaces `T` by the entropic OT
/// plan of that cost at `reg` (POT's `epsilon`), solved by Sinkhorn (tolerance `inner-tol` on its
/// marginal error, at most `inner-max-iter` sweeps, POT's `ot.sinkhorn` defaults; see
/// `InnerSinkhorn`: in the log domain where `exp(-C/reg)` would underflow, where POT's plain
/// Sinkhorn returns a plan of mass near zero).
/// As POT, the change `||T - T_prev||_F` is tested against `tol` at steps 1, 11, 21, ... only.
/// `cost` is POT's `gw_dist` (`fgw_dist`): the loss of the final plan without the entropy.
///
/// Records: `loss`, `plan_change` (`||T - T_prev||_F`, every step), `fw_gap` (the linearised cost's
/// duality gap `<grad, T_prev - T>`), `inner_iterations` (Sinkhorn sweeps), `inner_log_domain` (1
/// when the step's Sinkhorn ran in the log domain), `start`, `best_loss`.
public final class EntropicGromovWasserstein: TransportSolver {
    private static func parameters(fused: Bool) -> [ParameterDescriptor] {
        (fused ? [GromovParameters.alpha()] : []) + [
            CommonParameters.regularization(default: 0.1),
            GromovParameters.loss(),
            CommonParameters.maxIterations(default: 1000),
            ParameterDescriptor(
                name: "tol", label: "tolerance", kind: .real(default: 1e-9, range: 0...1, logScale: true),
                help: "Stop when ||T - T_prev||_F falls to this (tested every 10th step, as POT)."),
            ParameterDescriptor(
                name: "inner-max-iter", label: "Sinkhorn iterations", kind: .integer(default: 1000, range: 1...1_000_000),
                help: "Most Sinkhorn sweeps per step (POT's ot.sinkhorn numItermax)."),
            ParameterDescriptor(
                name: "inner-tol", label: "Sinkhorn tolerance", kind: .real(default: 1e-9, range: 0...1, logScale: true),
                help: "Sinkhorn stops when its marginal error falls below this (POT's stopThr)."),
            ParameterDescriptor(
                name: "warm-start", label: "warm-start Sinkhorn", kind: .flag(default: true),
                help: "Start each step's Sinkhorn from the previous step's potentials (POT's warmstart=True): far fewer sweeps, the same plan to the Sinkhorn tolerance. Off: from ones, as POT's default."),
            GromovParameters.restarts(),
            GromovParameters.seed(),
        ]
    }

    public static let descriptor = SolverDescriptor(
        name: "entropic-gw",
        title: "Entropic Gromov-Wasserstein (mirror descent)",
        summary: """
            Entropic GW (Peyré, Cuturi & Solomon 2016; POT's entropic_gromov_wasserstein): each step \
            solves entropic OT (Sinkhorn, reg = POT's epsilon) on the linearised GW loss. Reports the GW \
            loss of the plan as cost, the inner Sinkhorn sweeps and the plan change per step.
            """,
        parameters: parameters(fused: false),
        needsIntraCosts: true,
        make: { problem, parameters in try EntropicGromovWasserstein(problem: problem, parameters: parameters, fused: false) })

    public static let fusedDescriptor = SolverDescriptor(
        name: "entropic-fgw",
        title: "Entropic fused Gromov-Wasserstein",
        summary: """
            Entropic fused GW (POT's entropic_fused_gromov_wasserstein): mirror descent on \
            (1 - alpha) <M, T> + alpha x GW loss with Sinkhorn inner solves. M is the feature cost.
            """,
        parameters: parameters(fused: true),
        needsIntraCosts: true,
        needsFeatureCost: true,
        make: { problem, parameters in try EntropicGromovWasserstein(problem: problem, parameters: parameters, fused: true) })

    public let problem: TransportProblem
    public let loss: GromovLoss
    public let alpha: Double
    public let regularization: Double
    public let maxIterations: Int
    public let tolerance: Double
    public let restarts: Int
    public let seed: Int
    private let innerParameters: InnerSinkhorn.Parameters
    public let warmStart: Bool
    /// The last Sinkhorn solve's column potential (the next one's warm start), nil at a start.
    private var columnPotential: [Double]?
    /// `(1 - alpha) M` (fused only).
    private let featureCost: DenseMatrix?

    public private(set) var iteration = 0
    public private(set) var marginalError = 0.0
    public private(set) var extras: [SolverExtra] = []
    /// The current start, the finished starts' losses, the best plan and the final status.
    private var starts: GromovRestarts
    /// 1-based index of the current start.
    public var start: Int { starts.start }
    /// Loss of each finished start, in order.
    public var startLosses: [Double] { starts.startLosses }

    private var plan_: DenseMatrix
    /// `h1 T h2^T` (and with the transposed costs, non-symmetric problems) of the current plan.
    private var product: DenseMatrix
    private var transposedProduct: DenseMatrix
    private var workspace: GromovLoss.Workspace
    private var currentLoss = 0.0

    public init(problem: TransportProblem, parameters: ParameterValues, fused: Bool) throws {
        loss = try GromovLoss.resolve(problem: problem, parameters: parameters, solverName: fused ? "entropic-fgw" : "entropic-gw", fused: fused)
        self.problem = problem
        alpha = fused ? parameters.real("alpha") : 1
        regularization = parameters.real("reg")
        maxIterations = parameters.integer("max-iter")
        tolerance = parameters.real("tol")
        restarts = parameters.integer("restarts")
        seed = parameters.integer("seed")
        starts = GromovRestarts(count: restarts, seed: seed)
        warmStart = parameters.flag("warm-start")
        innerParameters = try InnerSinkhorn.Parameters(
            regularization: regularization, tolerance: parameters.real("inner-tol"), maxIterations: parameters.integer("inner-max-iter"))
        let n = problem.sourceCount, m = problem.targetCount
        featureCost = fused ? DenseMatrix(rows: n, columns: m, storage: problem.cost.storage.map { (1 - parameters.real("alpha")) * $0 }) : nil
        plan_ = GromovStart.product(problem.a, problem.b)
        product = DenseMatrix(rows: n, columns: m)
        transposedProduct = loss.symmetric ? DenseMatrix(rows: 0, columns: 0) : DenseMatrix(rows: n, columns: m)
        workspace = GromovLoss.Workspace(rows: n, columns: m)
        beginStart()
    }

    /// Products and loss of the current plan (at a start, and after each step).
    private func refreshProducts() {
        loss.product(plan_, into: &product, workspace: &workspace)
        if !loss.symmetric { loss.product(plan_, into: &transposedProduct, workspace: &workspace, transposed: true) }
        var tensor = product
        loss.tensor(fromProduct: &tensor)
        currentLoss = alpha * GromovLoss.frobenius(tensor, plan_) + (featureCost.map { GromovLoss.frobenius($0, plan_) } ?? 0)
        marginalError = TransportPlan.dense(plan_).marginalError(a: problem.a, b: problem.b)
    }

    private func beginStart() {
        columnPotential = nil
        refreshProducts()
        extras = record(change: .nan, gap: .nan, inner: 0)
    }

    private func record(change: Double, gap: Double, inner: Int, logDomain: Bool = false) -> [SolverExtra] {
        [
            SolverExtra("loss", currentLoss),
            SolverExtra("plan_change", change),
            SolverExtra("fw_gap", gap),
            SolverExtra("inner_iterations", Double(inner)),
            SolverExtra("inner_log_domain", logDomain ? 1 : 0),
        ] + starts.extras(currentLoss: currentLoss)
    }

    /// The linearised cost at the current plan: `alpha grad + (1 - alpha) M`, POT's `tens`.
    private func linearisedCost() -> DenseMatrix {
        var tens = product
        loss.tensor(fromProduct: &tens)
        let scale = loss.symmetric ? 2 * alpha : alpha
        if !loss.symmetric {
            var other = transposedProduct
            loss.tensor(fromProduct: &other, transposed: true)
            tens.storage.withUnsafeMutableBufferPointer { t in
                other.storage.withUnsafeBufferPointer { o in
                    for index in t.indices { t[index] += o[index] }
                }
            }
        }
        tens.storage.withUnsafeMutableBufferPointer { t in
            for index in t.indices { t[index] *= scale }
            if let featureCost {
                featureCost.storage.withUnsafeBufferPointer { f in
                    for index in t.indices { t[index] += f[index] }
                }
            }
        }
        return tens
    }

    /// One mirror-descent step: the linearised cost from the products of the last plan, one
    /// (warm-started) Sinkhorn solve, the new plan's products and loss. At n = m = 500, reg 0.005
    /// (bench/gromov_pot.py, release build, 2026-12-05 on the shared VM at load 8): 68 ms per step
    /// against POT's 635 (ratio 0.11; cold start 0.23), with 240 Sinkhorn sweeps per step taking
    /// about 55% of the time and the tensor products, through low-rank factors, under 4%; see
    /// docs/performance.md.
    public func step() -> SolverStatus {
        if let finished = starts.beginStep() { return finished }
        iteration += 1
        let tens = linearisedCost()
        guard tens.isFinite else {
            return finish(.diverged(reason: "the gradient of the GW loss is not finite; check the intra costs (kl_loss needs positive costs)"))
        }
        let solved: InnerSinkhorn.Solution
        switch InnerSinkhorn.solve(a: problem.a, b: problem.b, cost: tens, parameters: innerParameters,
                                   warmStart: warmStart ? columnPotential : nil) {
        case .success(let result):
            solved = result
            columnPotential = result.columnPotential
        case .failure(let reason):
            return finish(.diverged(reason: "the Sinkhorn step diverged at reg=\(ParameterValue.format(regularization)), also in the log domain: \(reason.message)"))
        }
        var change = 0.0, gap = 0.0
        solved.plan.storage.withUnsafeBufferPointer { t in
            plan_.storage.withUnsafeBufferPointer { previous in
                tens.storage.withUnsafeBufferPointer { c in
                    for index in t.indices {
                        let d = t[index] - previous[index]
                        change += d * d
                        gap -= c[index] * d
                    }
                }
            }
        }
        change = change.squareRoot()
        plan_ = solved.plan
        refreshProducts()
        extras = record(change: change, gap: gap, inner: solved.iterations, logDomain: solved.logDomain)
        guard currentLoss.isFinite else {
            return finish(.diverged(reason: "the GW loss is not finite; rescale the intra costs"))
        }
        // POT tests the change at its counter 0, 10, 20, ... (our steps 1, 11, 21, ...).
        if (starts.startIteration - 1) % 10 == 0 && change <= tolerance { return endStart(.converged) }
        if starts.startIteration >= maxIterations { return endStart(.maxIterations) }
        return .running
    }

    /// The current start has stopped: remember it, begin the next start or end the run (on the
    /// best start's plan, its products and loss recomputed).
    private func endStart(_ status: SolverStatus) -> SolverStatus {
        guard let next = starts.endStart(plan: plan_, loss: currentLoss, a: problem.a, b: problem.b) else {
            if let best = starts.best, best.start != starts.start {
                plan_ = best.plan
                refreshProducts()
            }
            extras = starts.finalExtras(extras)
            return finish(status)
        }
        plan_ = next
        beginStart()
        return .running
    }

    private func finish(_ status: SolverStatus) -> SolverStatus { starts.finish(status) }

    /// `cost` is the loss of the plan (POT's `gw_dist` / `fgw_dist`); `objective` adds
    /// `reg KL(T | p q^T)`.
    public func evaluate() -> SolverEvaluation {
        let p = problem.a, q = problem.b, m = problem.targetCount
        var kl = 0.0
        plan_.storage.withUnsafeBufferPointer { t in
            for i in 0..<p.count {
                for j in 0..<m where t[i * m + j] > 0 {
                    let x = t[i * m + j]
                    kl += x * libmLog(x / (p[i] * q[j])) - x + p[i] * q[j]
                }
            }
        }
        return SolverEvaluation(cost: currentLoss, objective: currentLoss + regularization * kl, mass: Kernels.sum(plan_.storage))
    }

    public func plan() -> TransportPlan { .dense(plan_) }
}
