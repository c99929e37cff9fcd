import OTCore

/// Exact optimal transport between two 1-D point clouds by sorting (POT's `ot.emd_1d` /
/// `ot.emd2_1d`).
///
/// For a cost that is a convex function of `x - y` (all of otlab's ground costs in 1-D), the
/// monotone plan is optimal: sort both supports and match their quantile functions, i.e. run the
/// north-west corner rule on the sorted points. That takes O(n log n + m log m) and one step.
/// The plan's cost is read from the problem's cost matrix at the matched pairs, so whatever ground
/// cost built the matrix is the one reported (POT's `emd2_1d` default is `sqeuclidean`).
public final class Emd1D: TransportSolver {
    /// The `emd1d` solver's description.
    public static let descriptor = SolverDescriptor(
        name: "emd1d",
        title: "Exact 1-D OT (sorting)",
        summary: """
            Exact optimal transport between 1-D point clouds by sorting both supports and matching \
            their quantiles (the monotone plan), as POT's ot.emd_1d; one step. Optimal for costs convex \
            in x - y (sqeuclidean, euclidean, cityblock); needs one coordinate per point and equal masses.
            """,
        parameters: [],
        requiresEqualMass: true,
        make: { problem, _ in try Emd1D(problem: problem) }
    )

    public private(set) var iteration = 0
    public private(set) var marginalError: Double = 0

    private let problem: TransportProblem
    private var entries: [SparsePlan.Entry] = []
    private var solved = false

    /// Builds the solver; throws `InputError` unless both measures are 1-D point clouds of equal mass.
    public init(problem: TransportProblem) throws {
        try ProblemChecks.validate(problem, for: Self.descriptor)
        for (label, measure) in [("source", problem.source), ("target", problem.target)] {
            guard let dimension = measure.dimension else {
                throw InputError(label, nil, "emd1d needs 1-D point clouds, but the \(label) is a weight vector without coordinates; use emd with a cost matrix")
            }
            guard dimension == 1 else {
                throw InputError(label, nil, "emd1d needs 1-D point clouds, but the \(label) points have \(dimension) coordinates; use emd")
            }
        }
        self.problem = problem
        let totalMass = problem.source.totalMass
        marginalError = totalMass + problem.target.totalMass
    }

    /// Sorts, matches quantiles and finishes: always `.converged`.
    public func step() -> SolverStatus {
        if solved { return .converged }
        iteration += 1
        let xs = problem.source.points!.storage, ys = problem.target.points!.storage
        let a = problem.a
        // Rescale b to the mass of a, as POT does, so the walk ends together on both sides.
        let scale = Kernels.sum(a) / Kernels.sum(problem.b)
        let b = problem.b.map { $0 * scale }
        let sourceOrder = xs.indices.sorted { (xs[$0], $0) < (xs[$1], $1) }
        let targetOrder = ys.indices.sorted { (ys[$0], $0) < (ys[$1], $1) }

        var plan = [SparsePlan.Entry]()
        plan.reserveCapacity(xs.count + ys.count)
        var s = 0, t = 0
        var sourceLeft = a[sourceOrder[0]], targetLeft = b[targetOrder[0]]
        while s < sourceOrder.count && t < targetOrder.count {
            let amount = min(sourceLeft, targetLeft)
            if amount > 0 {
                plan.append(SparsePlan.Entry(row: sourceOrder[s], column: targetOrder[t], value: amount))
            }
            sourceLeft -= amount
            targetLeft -= amount
            // After the subtraction one side is exactly zero; advance it (both on a tie).
            let sourceDone = sourceLeft <= targetLeft
            let targetDone = targetLeft <= sourceLeft
            if sourceDone {
                s += 1
                if s < sourceOrder.count { sourceLeft = a[sourceOrder[s]] }
            }
            if targetDone {
                t += 1
                if t < targetOrder.count { targetLeft = b[targetOrder[t]] }
            }
        }
        entries = plan
        solved = true
        marginalError = TransportPlan.sparse(SparsePlan(rows: problem.sourceCount, columns: problem.targetCount, entries: entries))
            .marginalError(a: problem.a, b: problem.b)
        return .converged
    }

    public var extras: [SolverExtra] { [SolverExtra("plan_nnz", Double(entries.count))] }

    /// Cost `<P, C>` of the monotone plan (also the objective); the dual objective is not computed.
    public func evaluate() -> SolverEvaluation {
        var cost = 0.0, mass = 0.0
        for entry in entries {
            cost += entry.value * problem.cost[entry.row, entry.column]
            mass += entry.value
        }
        return SolverEvaluation(cost: cost, objective: cost, dualObjective: nil, mass: mass)
    }

    /// The monotone plan (empty before the first step), in the problem's indices.
    public func plan() -> TransportPlan {
        .sparse(SparsePlan(rows: problem.sourceCount, columns: problem.targetCount, entries: entries))
    }
}
