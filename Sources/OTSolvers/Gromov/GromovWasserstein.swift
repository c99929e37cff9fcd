import OTCore

/// Gromov-Wasserstein (`gw`) and fused Gromov-Wasserstein (`fgw`) by conditional gradient
/// (Frank-Wolfe), as POT 0.9.7's `ot.gromov.gromov_wasserstein` and `fused_gromov_wasserstein`.
///
/// The problem (Mémoli 2011; Peyré, Cuturi & Solomon 2016; fused: Vayer et al. 2019) is
///
///     min_T  (1 - alpha) <M, T> + alpha sum_{ijkl} L(C1[i,k], C2[j,l]) T[i,j] T[k,l]
///
/// over couplings of `p` and `q` (`gw` is alpha = 1). It is a non-convex quadratic program. Each
/// step linearises it at the current plan `G` (gradient `Mi = (1-alpha) M + alpha grad`, the tensor
/// product through `GromovLoss`), solves the linear OT problem on `Mi` exactly with the network
/// simplex (`NetworkSimplex`), and moves towards that vertex `Gc` by the exact minimiser of the
/// quadratic along the segment (POT's `solve_gromov_linesearch`). It stops, as POT's `cg`, when the
/// loss changes by less than `tol` relatively or `tol-abs` absolutely. The loss is carried by the
/// line search's quadratic (`loss + a s^2 + b s`), as POT does, so the two report the same number.
///
/// Records: `loss` (the current start's loss), `fw_gap` (the linearised cost's duality gap
/// `<Mi, G - Gc>`, which bounds how much a step can still gain), `step` (the line-search step),
/// `inner_iterations` (simplex pivots of the linear solve), `start` and `best_loss`. With
/// `restarts > 1` the solver runs each start to its stop and keeps the plan of least loss; starts
/// after the first begin from random couplings (`seed`).
public final class GromovWasserstein: TransportSolver {
    /// The parameters of `gw`, and of `fgw` with `alpha` first.
    private static func parameters(fused: Bool) -> [ParameterDescriptor] {
        (fused ? [GromovParameters.alpha()] : []) + [
            GromovParameters.loss(),
            CommonParameters.maxIterations(default: 10_000),
            GromovParameters.relativeTolerance(),
            GromovParameters.absoluteTolerance(),
            GromovParameters.restarts(),
            GromovParameters.seed(),
        ]
    }

    public static let descriptor = SolverDescriptor(
        name: "gw",
        title: "Gromov-Wasserstein (conditional gradient)",
        summary: """
            Matches two spaces by their intra-space costs C1, C2 (POT's gromov_wasserstein): conditional \
            gradient from the product coupling, an exact OT solve of the linearised loss per step and an \
            exact line search. Reports the GW loss as cost. Non-convex: --restarts keeps the best start.
            """,
        parameters: parameters(fused: false),
        needsIntraCosts: true,
        make: { problem, parameters in try GromovWasserstein(problem: problem, parameters: parameters, fused: false) })

    public static let fusedDescriptor = SolverDescriptor(
        name: "fgw",
        title: "Fused Gromov-Wasserstein (conditional gradient)",
        summary: """
            Structure plus features (Vayer et al. 2019, POT's fused_gromov_wasserstein): minimises \
            (1 - alpha) <M, T> + alpha x GW loss by conditional gradient with exact line search. M is the \
            feature cost (--cost-matrix, or the ground cost between clouds of one dimension).
            """,
        parameters: parameters(fused: true),
        needsIntraCosts: true,
        needsFeatureCost: true,
        make: { problem, parameters in try GromovWasserstein(problem: problem, parameters: parameters, fused: true) })

    public let problem: TransportProblem
    public let loss: GromovLoss
    /// Weight of the GW term (1 for `gw`).
    public let alpha: Double
    public let maxIterations: Int
    public let relativeTolerance: Double
    public let absoluteTolerance: Double
    public let restarts: Int
    public let seed: Int

    public private(set) var iteration = 0
    public private(set) var marginalError = 0.0
    public private(set) var extras: [SolverExtra] = []

    /// `(1 - alpha) M`, or nil for pure GW.
    private let featureCost: DenseMatrix?
    /// The current start's plan, its loss, and `h1 G h2^T`.
    private var plan_: DenseMatrix
    private var currentLoss: Double
    private var product: DenseMatrix
    private var gradient: DenseMatrix
    private var direction: DenseMatrix
    private var directionProduct: DenseMatrix
    private var workspace: GromovLoss.Workspace
    /// The current start, the finished starts' losses, the best plan and the final status.
    private var starts: GromovRestarts
    /// 1-based index of the current start.
    public var start: Int { starts.start }
    /// Loss of each finished start, in order.
    public var startLosses: [Double] { starts.startLosses }

    public init(problem: TransportProblem, parameters: ParameterValues, fused: Bool) throws {
        loss = try GromovLoss.resolve(problem: problem, parameters: parameters, solverName: fused ? "fgw" : "gw", fused: fused)
        self.problem = problem
        alpha = fused ? parameters.real("alpha") : 1
        maxIterations = parameters.integer("max-iter")
        relativeTolerance = parameters.real("tol")
        absoluteTolerance = parameters.real("tol-abs")
        restarts = parameters.integer("restarts")
        seed = parameters.integer("seed")
        starts = GromovRestarts(count: restarts, seed: seed)
        let n = problem.sourceCount, m = problem.targetCount
        if fused {
            let scale = 1 - alpha
            featureCost = DenseMatrix(rows: n, columns: m, storage: problem.cost.storage.map { scale * $0 })
        } else {
            featureCost = nil
        }
        plan_ = GromovStart.product(problem.a, problem.b)
        product = DenseMatrix(rows: n, columns: m)
        gradient = DenseMatrix(rows: n, columns: m)
        direction = DenseMatrix(rows: n, columns: m)
        directionProduct = DenseMatrix(rows: n, columns: m)
        workspace = GromovLoss.Workspace(rows: n, columns: m)
        currentLoss = 0
        currentLoss = objective(of: plan_)
        marginalError = TransportPlan.dense(plan_).marginalError(a: problem.a, b: problem.b)
        extras = record(gap: .nan, step: 0, pivots: 0)
    }

    /// `(1-alpha) <M, G> + alpha gwloss(G)`, computed directly (used at each start).
    private func objective(of g: DenseMatrix) -> Double {
        var value = alpha * loss.loss(g, workspace: &workspace)
        if let featureCost { value += GromovLoss.frobenius(featureCost, g) }
        return value
    }

    private func record(gap: Double, step: Double, pivots: Int) -> [SolverExtra] {
        [
            SolverExtra("loss", currentLoss),
            SolverExtra("fw_gap", gap),
            SolverExtra("step", step),
            SolverExtra("inner_iterations", Double(pivots)),
        ] + starts.extras(currentLoss: currentLoss)
    }

    /// One conditional-gradient step of the current start; when the start stops, the next begins
    /// (or, after the last, the best plan is kept and the run ends).
    public func step() -> SolverStatus {
        if let finished = starts.beginStep() { return finished }
        iteration += 1
        // Linearised cost Mi = (1 - alpha) M + alpha grad(G).
        loss.gradient(plan_, product: &product, gradient: &gradient, workspace: &workspace)
        var linearised = gradient
        linearised.storage.withUnsafeMutableBufferPointer { x in
            if alpha != 1 { for index in x.indices { x[index] *= alpha } }
            if let featureCost {
                featureCost.storage.withUnsafeBufferPointer { f in
                    for index in x.indices { x[index] += f[index] }
                }
            }
        }
        guard linearised.isFinite else {
            return finish(.diverged(reason: "the gradient of the GW loss is not finite; check the intra costs (kl_loss needs positive costs)"))
        }
        // Exact linear OT on the linearised cost.
        let vertex: DenseMatrix, pivots: Int
        do {
            (vertex, pivots) = try Self.exactPlan(a: problem.a, b: problem.b, cost: linearised)
        } catch {
            return finish(.diverged(reason: "the linear OT step failed: \(error)"))
        }
        // Direction, duality gap and exact line search.
        var gap = 0.0
        direction.storage.withUnsafeMutableBufferPointer { d in
            vertex.storage.withUnsafeBufferPointer { v in
                plan_.storage.withUnsafeBufferPointer { g in
                    linearised.storage.withUnsafeBufferPointer { c in
                        for index in d.indices {
                            d[index] = v[index] - g[index]
                            gap -= c[index] * d[index]
                        }
                    }
                }
            }
        }
        loss.product(direction, into: &directionProduct, workspace: &workspace)
        let dd = GromovLoss.frobenius(directionProduct, direction)
        let dg = GromovLoss.frobenius(directionProduct, plan_)
        let quadratic = -alpha * dd
        var linear = featureCost.map { GromovLoss.frobenius($0, direction) } ?? 0
        if loss.symmetric {
            linear -= 2 * alpha * dg
        } else {
            linear -= alpha * (dg + GromovLoss.frobenius(product, direction))
        }
        let stepSize = Self.quadraticLineSearch(quadratic, linear)
        let previous = currentLoss
        currentLoss = currentLoss + quadratic * stepSize * stepSize + linear * stepSize
        plan_.storage.withUnsafeMutableBufferPointer { g in
            direction.storage.withUnsafeBufferPointer { d in
                for index in g.indices { g[index] += stepSize * d[index] }
            }
        }
        marginalError = TransportPlan.dense(plan_).marginalError(a: problem.a, b: problem.b)
        extras = record(gap: gap, step: stepSize, pivots: pivots)
        guard currentLoss.isFinite else {
            return finish(.diverged(reason: "the GW loss is not finite; the intra costs are too large, rescale them"))
        }
        let change = abs(currentLoss - previous)
        let relative = currentLoss != 0 ? change / abs(currentLoss) : .nan
        let converged = relative < relativeTolerance || change < absoluteTolerance
        if converged || starts.startIteration >= maxIterations {
            return endStart(converged ? .converged : .maxIterations)
        }
        return .running
    }

    /// The current start has stopped: remember it, begin the next start or end the run.
    private func endStart(_ status: SolverStatus) -> SolverStatus {
        guard let next = starts.endStart(plan: plan_, loss: currentLoss, a: problem.a, b: problem.b) else {
            if let best = starts.best {
                plan_ = best.plan
                currentLoss = best.loss
                marginalError = TransportPlan.dense(plan_).marginalError(a: problem.a, b: problem.b)
            }
            extras = starts.finalExtras(extras)
            return finish(status)
        }
        plan_ = next
        currentLoss = objective(of: plan_)
        return .running
    }

    private func finish(_ status: SolverStatus) -> SolverStatus { starts.finish(status) }

    /// POT's `solve_1d_linesearch_quad`: the minimiser of `a x^2 + b x` over [0, 1].
    static func quadraticLineSearch(_ a: Double, _ b: Double) -> Double {
        if a > 0 { return min(1, max(0, -b / (2 * a))) }
        return a + b < 0 ? 1 : 0
    }

    /// Exact OT between `a` and `b` on `cost` (the network simplex run to optimality) as a dense plan.
    static func exactPlan(a: [Double], b: [Double], cost: DenseMatrix) throws -> (DenseMatrix, Int) {
        let problem = TransportProblem(source: Measure(weights: a), target: Measure(weights: b), cost: cost)
        var parameters = NetworkSimplex.descriptor.defaults
        try parameters.set("pivots-per-step", .integer(1_000_000_000))
        let simplex = try NetworkSimplex(problem: problem, parameters: parameters)
        var status = SolverStatus.running
        while status == .running { status = simplex.step() }
        if let reason = status.reason { throw InputError("emd", nil, reason) }
        let pivots = Int(simplex.extras.first { $0.name == "pivots" }?.value ?? 0)
        return (simplex.plan().denseMatrix(), pivots)
    }

    public func evaluate() -> SolverEvaluation {
        let mass = Kernels.sum(plan_.storage)
        return SolverEvaluation(cost: currentLoss, objective: currentLoss, mass: mass)
    }

    public func plan() -> TransportPlan { .dense(plan_) }
}
