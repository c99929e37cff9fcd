import OTCore

/// Exact optimal transport (`emd`, POT's `ot.emd` / `ot.emd2`) by the network simplex.
///
/// The plan is feasible from the first step (north-west corner start) and every batch of pivots
/// lowers its cost, so a live display sees the primal cost fall towards the optimum while the dual
/// lower bound (see `evaluate()`) rises to meet it. Points of zero weight are dropped before the
/// solve (they carry no mass) and come back as empty rows or columns of the plan; the target
/// weights are rescaled to the source's total mass first, exactly as POT does.
public final class NetworkSimplex: TransportSolver {
    /// The `emd` solver's description: name, help and parameters.
    public static let descriptor = SolverDescriptor(
        name: "emd",
        title: "Exact OT (network simplex)",
        summary: """
            Exact optimal transport by the primal network simplex (block search pricing, strongly \
            feasible spanning-tree basis), as POT's ot.emd. Each step performs a batch of pivots; the \
            plan is feasible throughout, so the marginal error is round-off and the cost falls to the \
            optimum while the dual bound rises to it. Needs equal masses.
            """,
        parameters: [
            CommonParameters.maxIterations(default: 100_000),
            ParameterDescriptor(
                name: "pivots-per-step", label: "pivots per step", kind: .integer(default: 0, range: 0...1_000_000_000),
                help: "Simplex pivots performed by one step (one iteration). 0 picks max(1000, n + m), which keeps a live view responsive."),
        ],
        requiresEqualMass: true,
        make: { problem, parameters in try NetworkSimplex(problem: problem, parameters: parameters) }
    )

    public private(set) var iteration = 0
    public private(set) var marginalError: Double

    private let problem: TransportProblem
    /// Indices of the source and target points with positive weight (the solved subproblem).
    private let keptRows: [Int]
    private let keptColumns: [Int]
    private let engine: TransportationSimplex
    private let maxSteps: Int
    private let pivotsPerStep: Int
    private var status: SolverStatus = .running

    /// Builds the solver; throws `InputError` for unequal masses or an empty measure.
    public init(problem: TransportProblem, parameters: ParameterValues) throws {
        try ProblemChecks.validate(problem, for: Self.descriptor)
        self.problem = problem
        let a = problem.a, b = problem.b
        let rows = a.indices.filter { a[$0] > 0 }
        let columns = b.indices.filter { b[$0] > 0 }
        keptRows = rows
        keptColumns = columns
        // POT rescales b to the mass of a so that round-off in the totals cannot make it infeasible.
        let scale = Kernels.sum(a) / Kernels.sum(b)
        let supply = rows.map { a[$0] }
        let demand = columns.map { b[$0] * scale }
        // Without zero weights the engine shares the problem's cost storage (no copy of n x m).
        let m = problem.targetCount
        var cost = problem.cost.storage
        if rows.count < problem.sourceCount || columns.count < m {
            cost = []
            cost.reserveCapacity(rows.count * columns.count)
            problem.cost.storage.withUnsafeBufferPointer { full in
                for i in rows {
                    for j in columns { cost.append(full[i * m + j]) }
                }
            }
        }
        engine = TransportationSimplex(supply: supply, demand: demand, cost: cost)
        maxSteps = parameters.has("max-iter") ? parameters.integer("max-iter") : 100_000
        let requested = parameters.has("pivots-per-step") ? parameters.integer("pivots-per-step") : 0
        pivotsPerStep = requested > 0 ? requested : max(1000, keptRows.count + keptColumns.count)
        marginalError = 0
        marginalError = computeMarginalError()
    }

    /// Performs one batch of pivots; `.converged` once the basis is optimal.
    public func step() -> SolverStatus {
        guard status == .running else { return status }
        iteration += 1
        let optimal = engine.improve(maxPivots: pivotsPerStep)
        marginalError = computeMarginalError()
        if !engine.potentialsAreFinite {
            status = .diverged(reason: "the dual potentials overflowed; the cost entries are too large, rescale the cost matrix")
        } else if optimal {
            status = .converged
        } else if iteration >= maxSteps {
            status = .maxIterations
        }
        return status
    }

    /// Pivots so far, degenerate pivots (no flow moved), and positive flows in the basis.
    public var extras: [SolverExtra] {
        [
            SolverExtra("pivots", Double(engine.pivotCount)),
            SolverExtra("degenerate_pivots", Double(engine.degeneratePivotCount)),
            SolverExtra("basis_nnz", Double(engine.basisNonzeroCount)),
        ]
    }

    /// Cost of the current basic plan (also the objective), and a certified lower bound on the
    /// optimum as dual objective: `a.u + b.v~` with `v~` the c-transform of the row potentials. The
    /// gap between the two closes exactly at the optimum. Takes one pass over the cost matrix.
    public func evaluate() -> SolverEvaluation {
        let cost = engine.transportCost()
        var mass = 0.0
        engine.forEachBasicArc { _, _, x in mass += x }
        return SolverEvaluation(cost: cost, objective: cost, dualObjective: engine.dualLowerBound(), mass: mass)
    }

    /// The basic positive flows, in the problem's indices, sorted by row then column.
    public func plan() -> TransportPlan {
        var entries = [SparsePlan.Entry]()
        entries.reserveCapacity(keptRows.count + keptColumns.count)
        engine.forEachBasicArc { i, j, x in
            if x > 0 { entries.append(SparsePlan.Entry(row: keptRows[i], column: keptColumns[j], value: x)) }
        }
        entries.sort { ($0.row, $0.column) < ($1.row, $1.column) }
        return .sparse(SparsePlan(rows: problem.sourceCount, columns: problem.targetCount, entries: entries))
    }

    /// Potentials `(u, v)` in POT's convention (`ot.emd(..., log=True)`): `u_i + v_j <= C[i,j]`,
    /// equality on the plan's support, `a.u + b.v` = cost at the optimum, centred so that
    /// `a.u = b.v`. Zero-weight points, which POT only makes feasible (`estimate_dual_null_weights`),
    /// get the largest values that keep the constraints (c-transforms); any feasible values are
    /// equally valid there, so these may differ from POT's.
    public func potentials() -> DualPotentials? {
        let a = problem.a, b = problem.b
        let n = problem.sourceCount, m = problem.targetCount
        var u = [Double](repeating: 0, count: n)
        var v = [Double](repeating: 0, count: m)
        let rowPotentials = engine.rowPotentials, columnPotentials = engine.columnPotentials
        for (k, i) in keptRows.enumerated() { u[i] = rowPotentials[k] }
        for (k, j) in keptColumns.enumerated() { v[j] = columnPotentials[k] }
        let shift = (Kernels.dot(b, v) - Kernels.dot(a, u)) / (Kernels.sum(a) + Kernels.sum(b))
        for i in 0..<n { u[i] += shift }
        for j in 0..<m { v[j] -= shift }
        // Zero-weight points: the c-transforms, i.e. the largest values that keep u_i + v_j <= C[i,j].
        // Rows first (against the solved columns), then columns against every row.
        let keptColumnSet = Set(keptColumns)
        for i in 0..<n where a[i] == 0 {
            var smallest = Double.infinity
            for j in keptColumns { smallest = min(smallest, problem.cost[i, j] - v[j]) }
            u[i] = smallest
        }
        for j in 0..<m where !keptColumnSet.contains(j) {
            var smallest = Double.infinity
            for i in 0..<n { smallest = min(smallest, problem.cost[i, j] - u[i]) }
            v[j] = smallest
        }
        return DualPotentials(f: u, g: v)
    }

    /// L1 violation of the current basic plan's marginals against the problem's `a` and `b`.
    /// Scratch for `computeMarginalError`, sized once so that a step allocates nothing.
    private var marginalScratch: (rows: [Double], columns: [Double]) = ([], [])

    private func computeMarginalError() -> Double {
        if marginalScratch.rows.count != keptRows.count || marginalScratch.columns.count != keptColumns.count {
            marginalScratch = ([Double](repeating: 0, count: keptRows.count), [Double](repeating: 0, count: keptColumns.count))
        }
        var rowSums = marginalScratch.rows, columnSums = marginalScratch.columns
        marginalScratch = ([], [])
        defer { marginalScratch = (rowSums, columnSums) }
        for k in rowSums.indices { rowSums[k] = 0 }
        for k in columnSums.indices { columnSums[k] = 0 }
        engine.forEachBasicArc { i, j, x in
            rowSums[i] += x
            columnSums[j] += x
        }
        let a = problem.a, b = problem.b
        var error = 0.0
        for (k, i) in keptRows.enumerated() { error += abs(rowSums[k] - a[i]) }
        for (k, j) in keptColumns.enumerated() { error += abs(columnSums[k] - b[j]) }
        return error
    }

    /// Test hook: the first violated invariant of the spanning-tree basis, or nil.
    func basisInvariantViolation() -> String? { engine.invariantViolation() }
}
