import OTCore

/// Exact partial optimal transport: move exactly `mass` units at least cost, with
/// `P 1 <= a`, `P^T 1 <= b`, `sum P = mass <= min(|a|, |b|)` (Chapel, Alaya, Gasso 2020; POT's
/// `ot.partial.partial_wasserstein`).
///
/// Solved by POT's dummy-point reduction to balanced exact OT: a dummy source point of weight
/// `|b| - mass` and a dummy target point of weight `|a| - mass` are added; real-to-dummy pairs cost
/// nothing (they absorb the mass left behind) and the dummy-dummy pair costs `D`, so large that no
/// optimal plan routes mass through it, which forces exactly `mass` units between real points.
/// POT uses `D = 2 max(C)`, which fails when C has no positive entry; here
/// `D = 2 max|C_ij|` (or 1 for an all-zero C), large enough for any sign of cost. The balanced problem is
/// solved by the `emd` solver found in the registry at run time; `step()` advances it, so a live
/// view sees the network simplex work. The marginal error is that of the extended (balanced)
/// problem, which is zero exactly when the partial constraints hold.
public final class PartialOT: TransportSolver {
    public static let descriptor = SolverDescriptor(
        name: "partial",
        title: "Partial OT (exact, dummy points + emd)",
        summary: "Transports exactly --mass units at least cost (rows <= a, columns <= b) by adding a dummy point to each side and solving exact OT. Marginal error: that of the extended balanced problem.",
        parameters: [
            massParameter,
            CommonParameters.maxIterations(default: 100_000),
        ],
        requiresEqualMass: false,
        make: { problem, parameters in try PartialOT(problem: problem, parameters: parameters) })

    /// The transported mass, shared by the partial solvers.
    static let massParameter = ParameterDescriptor(
        name: "mass", label: "transported mass", kind: .real(default: 0.5, range: 0...1e12, logScale: false),
        unit: "mass units",
        help: "Mass to transport, in the units of the weights (not a fraction); at most min(|a|, |b|). The default 0.5 is half of a probability measure.")

    /// Checks `0 <= mass <= min(|a|, |b|)` (with round-off slack) and returns it.
    static func validatedMass(_ parameters: ParameterValues, _ problem: TransportProblem) throws -> Double {
        let mass = parameters.real("mass")
        let limit = min(problem.source.totalMass, problem.target.totalMass)
        guard mass <= limit * (1 + 1e-12) else {
            throw InputError(
                "--mass", nil,
                "\(ParameterValue.format(mass)) is more than the smaller total mass \(ParameterValue.format(limit)) (source \(ParameterValue.format(problem.source.totalMass)), target \(ParameterValue.format(problem.target.totalMass))); choose --mass at most \(ParameterValue.format(limit))")
        }
        return min(mass, limit)
    }

    public let problem: TransportProblem
    public let mass: Double
    /// Cost of the dummy-dummy pair.
    public let dummyCost: Double
    private let inner: any TransportSolver

    public var iteration: Int { inner.iteration }
    public var marginalError: Double { inner.marginalError }
    public var extras: [SolverExtra] { inner.extras }

    public init(problem: TransportProblem, parameters: ParameterValues) throws {
        self.problem = problem
        mass = try Self.validatedMass(parameters, problem)
        guard let emd = SolverRegistry.descriptor(named: "emd") else {
            throw InputError("--solver", nil, "partial reduces to exact OT, but this build has no \"emd\" solver; use partial-entropic")
        }
        let n = problem.sourceCount, m = problem.targetCount
        let largest = problem.cost.storage.reduce(0) { max($0, abs($1)) }
        let dummy = largest > 0 ? 2 * largest : 1
        // The dummy pair is not an entry of the user's matrix: its overflow is named as what it is.
        guard dummy.isFinite else {
            throw InputError("cost matrix", nil, "partial adds a dummy pair costing twice the largest |cost| (\(ParameterValue.formatShort(largest))), which overflows doubles; rescale the costs (or the coordinates)")
        }
        dummyCost = dummy
        let extendedCost = DenseMatrix(rows: n + 1, columns: m + 1) { i, j in
            if i < n && j < m { return problem.cost[i, j] }
            return i == n && j == m ? dummy : 0
        }
        let a = problem.a + [max(0, problem.target.totalMass - mass)]
        let b = problem.b + [max(0, problem.source.totalMass - mass)]
        let extended = TransportProblem(source: Measure(weights: a), target: Measure(weights: b), cost: extendedCost)
        var innerParameters = emd.defaults
        if innerParameters.has("max-iter") { try innerParameters.set("max-iter", .integer(parameters.integer("max-iter"))) }
        inner = try emd.makeSolver(problem: extended, parameters: innerParameters)
    }

    public func step() -> SolverStatus { inner.step() }

    /// The plan without the dummy row and column.
    public func plan() -> TransportPlan {
        let n = problem.sourceCount, m = problem.targetCount
        switch inner.plan() {
        case .sparse(let s):
            return .sparse(SparsePlan(rows: n, columns: m, entries: s.entries.filter { $0.row < n && $0.column < m }))
        case .dense(let d):
            var entries: [SparsePlan.Entry] = []
            for i in 0..<n {
                for j in 0..<m where d[i, j] != 0 { entries.append(SparsePlan.Entry(row: i, column: j, value: d[i, j])) }
            }
            return .sparse(SparsePlan(rows: n, columns: m, entries: entries))
        }
    }

    /// Cost `<P, C>` of the partial plan (POT's `partial_wasserstein2`), which is also the objective.
    /// The dual objective is the extended problem's, equal to the partial cost at the optimum.
    public func evaluate() -> SolverEvaluation {
        let plan = plan()
        let cost = plan.cost(problem.cost)
        return SolverEvaluation(cost: cost, objective: cost, dualObjective: inner.evaluate().dualObjective, mass: plan.mass)
    }

    public func potentials() -> DualPotentials? {
        guard let p = inner.potentials() else { return nil }
        return DualPotentials(f: Array(p.f.prefix(problem.sourceCount)), g: Array(p.g.prefix(problem.targetCount)))
    }
}
