import OTCore

/// Free-support Wasserstein barycenter of point clouds (Cuturi & Doucet 2014, "Fast computation of
/// Wasserstein barycenters", algorithm 2), as POT's `ot.lp.free_support_barycenter` (exact inner
/// solves) or `ot.bregman.free_support_sinkhorn_barycenter` (entropic inner solves).
///
/// The barycenter is `k` points with fixed weights `b`. One step is one of POT's fixed-point
/// iterations: for each input cloud the optimal plan `T_i` from the current points to it is solved
/// (squared Euclidean cost; `emd` to optimality, or `sinkhorn` at `reg`), and every point moves to
/// `sum_i λ_i (T_i Y_i) / b`, the λ-weighted mean of its images. The marginal error is POT's
/// displacement: `sum |X_new - X|^2`; the run converges when it is at most `tol` (POT's `stopThr`).
public final class FreeSupportBarycenter: BarycenterSolver {
    public static let descriptor = SolverDescriptor(
        name: "free-support",
        title: "Free-support barycenter (Cuturi & Doucet)",
        summary: """
            Barycenter of point clouds whose k support points move, as POT's ot.lp.free_support_barycenter: each \
            step solves the K plans from the current points (exact emd, or sinkhorn with inner=sinkhorn) and moves \
            every point to the weighted mean of its images. The plan output is the k x d support; the marginal \
            error is POT's displacement sum |X_new - X|^2.
            """,
        parameters: [
            ParameterDescriptor(
                name: "tol", label: "tolerance", kind: .real(default: 1e-7, range: 0...1e6, logScale: true),
                help: "Stop when the squared displacement of the support in one step is at most this (POT's stopThr)."),
            CommonParameters.maxIterations(default: 100),
            ParameterDescriptor(
                name: "inner", label: "inner solver", kind: .choice(default: "exact", options: ["exact", "sinkhorn"]),
                help: "exact: network simplex (POT's free_support_barycenter); sinkhorn: entropic plans at reg (free_support_sinkhorn_barycenter)."),
            BarycenterSupport.regularization(default: 1e-1),
        ],
        requiresEqualMass: false, acceptsImplicitCost: true, problemKind: .barycenter,
        make: { problem, values in try FreeSupportBarycenter(problem: problem, parameters: values) })

    public private(set) var iteration = 0
    public private(set) var marginalError = Double.infinity

    /// The current support points (k x d) and their fixed weights.
    public private(set) var support: DenseMatrix
    public let supportWeights: [Double]
    private let clouds: [Measure]
    private let lambdas: [Double]
    private let tolerance: Double
    private let entropic: Bool
    private let regularization: Double
    private var plans: [TransportPlan] = []
    private var status = SolverStatus.running

    public init(problem: TransportProblem, parameters: ParameterValues) throws {
        guard let barycenter = problem.barycenter, case .free(let initial, let weights) = barycenter.support else {
            throw InputError("problem", nil, "free-support needs point clouds and an initial support")
        }
        support = initial
        supportWeights = weights
        clouds = barycenter.measures
        lambdas = barycenter.weights
        tolerance = parameters.real("tol")
        entropic = parameters.choice("inner") == "sinkhorn"
        regularization = parameters.real("reg")
    }

    public func step() -> SolverStatus {
        guard status == .running else { return status }
        iteration += 1
        let k = support.rows, d = support.columns
        var moved = DenseMatrix(rows: k, columns: d)
        var newPlans: [TransportPlan] = []
        for (index, cloud) in clouds.enumerated() {
            let points = cloud.points!
            let problem = TransportProblem(source: Measure(weights: supportWeights, points: support), target: cloud, groundCost: .sqeuclidean)
            let plan: TransportPlan
            do {
                plan = try solveInner(problem)
            } catch {
                status = .diverged(reason: "the inner \(entropic ? "sinkhorn" : "emd") solve for input \(index + 1) failed at iteration \(iteration): \(error)")
                return status
            }
            newPlans.append(plan)
            // moved += λ_i / b * (T_i Y_i)
            let dense = plan.denseMatrix()
            for r in 0..<k {
                let scale = lambdas[index] / supportWeights[r]
                for j in 0..<points.rows {
                    let t = dense[r, j]
                    if t == 0 { continue }
                    for c in 0..<d { moved[r, c] += scale * t * points[j, c] }
                }
            }
        }
        var displacement = 0.0
        for (x, y) in zip(moved.storage, support.storage) { displacement += (x - y) * (x - y) }
        support = moved
        plans = newPlans
        marginalError = displacement
        if !displacement.isFinite {
            status = .diverged(reason: "the support moved to non-finite positions at iteration \(iteration); check the clouds for huge coordinates\(entropic ? " or use a larger reg" : "")")
        } else if displacement <= tolerance {
            status = .converged
        }
        return status
    }

    private func solveInner(_ problem: TransportProblem) throws -> TransportPlan {
        let descriptor = entropic ? Sinkhorn.descriptor : NetworkSimplex.descriptor
        var values = descriptor.defaults
        if entropic {
            try values.set("reg", .real(regularization))
            try values.set("max-iter", .integer(1000))
            // POT's numInnerItermax; stopped at an L1 marginal error of 1e-12, so the plans are the
            // entropic plans themselves (the POT reference runs its inner sinkhorn to 1e-12 too).
            try values.set("tol", .real(1e-12))
        } else {
            try values.set("max-iter", .integer(10_000_000))
        }
        let solver = try descriptor.makeSolver(problem: problem, parameters: values)
        var state = SolverStatus.running
        while state == .running {
            state = solver.step()
            if state == .running && solver.iteration >= values.integer("max-iter") { state = .maxIterations }
        }
        if let reason = state.reason { throw InputError("inner solve", nil, reason) }
        return solver.plan()
    }

    public var barycenterWeights: [Double] { supportWeights }

    /// The plan from the barycenter's points (rows) to input k's points, from the last step.
    public func inputPlan(_ k: Int) -> TransportPlan? { plans.indices.contains(k) ? plans[k] : nil }

    /// Input k's plan with the input's points as rows (as the protocol orders it), summed into blocks.
    public func aggregatedInputPlan(_ k: Int, maxRows: Int, maxColumns: Int) -> DenseMatrix? {
        inputPlan(k).map { BlockAggregation.aggregate($0.denseMatrix().transposed, maxRows: maxRows, maxColumns: maxColumns) }
    }

    public var extras: [SolverExtra] { [] }

    /// `cost` is `sum_k λ_k <T_k, M_k>` of the last step's plans (squared Euclidean), the objective
    /// Cuturi & Doucet descend; `mass` is the support's total weight.
    public func evaluate() -> SolverEvaluation {
        var total = 0.0
        for (index, plan) in plans.enumerated() {
            guard case let points? = clouds[index].points else { continue }
            // The plans were solved for the support before the last move; their cost at that support
            // is not kept, so evaluate them at the current one (the value Cuturi & Doucet's step lowers).
            let cost = GroundCost.sqeuclidean.matrix(from: support, to: points)
            total += lambdas[index] * plan.cost(cost)
        }
        return SolverEvaluation(cost: total, objective: total, dualObjective: nil, mass: Kernels.sum(supportWeights))
    }

    /// The support as a `k x d` matrix (the barycenter's points; weights `supportWeights`).
    public func plan() -> TransportPlan { .dense(support) }

    /// The support drawn as a density: its points binned (first two coordinates) on at most
    /// `maxRows x maxColumns` cells over the bounding box of all clouds, weights summed per cell.
    public func aggregatedPlan(maxRows: Int, maxColumns: Int) -> DenseMatrix {
        let rows = max(1, maxRows), columns = max(1, maxColumns)
        var image = DenseMatrix(rows: rows, columns: columns)
        let all = clouds.compactMap(\.points) + [support]
        let d = support.columns
        func range(_ axis: Int) -> (Double, Double) {
            guard axis < d else { return (0, 1) }
            var lo = Double.infinity, hi = -Double.infinity
            for m in all { for r in 0..<m.rows { lo = min(lo, m[r, axis]); hi = max(hi, m[r, axis]) } }
            return hi > lo ? (lo, hi) : (lo - 0.5, lo + 0.5)
        }
        let (x0, x1) = range(0), (y0, y1) = range(1)
        for r in 0..<support.rows {
            let x = support[r, 0], y = d > 1 ? support[r, 1] : 0.5 * (y0 + y1)
            guard x.isFinite, y.isFinite else { continue }
            let column = min(columns - 1, max(0, Int((x - x0) / (x1 - x0) * Double(columns))))
            let row = min(rows - 1, max(0, Int((y1 - y) / (y1 - y0) * Double(rows))))
            image[row, column] += supportWeights[r]
        }
        return image
    }
}
