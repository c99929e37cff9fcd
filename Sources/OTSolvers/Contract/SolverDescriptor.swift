import OTCore

/// Everything the CLI, presets, the workbench and the docs need to know about one solver.
public struct SolverDescriptor: Sendable {
    /// CLI name, e.g. `sinkhorn-log`.
    public let name: String
    /// Human title, e.g. "Log-domain Sinkhorn".
    public let title: String
    /// One or two sentences: what the method does and what its marginal error means.
    public let summary: String
    /// The parameters, each described once.
    public let parameters: [ParameterDescriptor]
    /// True when the method needs the two measures to have equal mass.
    public let requiresEqualMass: Bool
    /// True when the method computes costs from the points itself and so can take a problem whose
    /// cost matrix is not formed (`TransportProblem.hasImplicitCost`).
    public let acceptsImplicitCost: Bool
    /// The kind of problem the method solves (linear OT unless said otherwise).
    public let problemKind: ProblemKind
    /// True for the Gromov-Wasserstein kind: the method reads the problem's intra-space costs
    /// (`TransportProblem.intraCosts`), and `cost` is only the optional feature cost.
    public let needsIntraCosts: Bool
    /// True when the method also needs a real feature cost `M` (fused GW).
    public let needsFeatureCost: Bool
    /// Builds a solver; throws `InputError` for a problem the method cannot take.
    public let make: @Sendable (TransportProblem, ParameterValues) throws -> any TransportSolver

    public init(
        name: String, title: String, summary: String, parameters: [ParameterDescriptor],
        requiresEqualMass: Bool = true, acceptsImplicitCost: Bool = false, problemKind: ProblemKind = .linear,
        needsIntraCosts: Bool = false, needsFeatureCost: Bool = false,
        make: @escaping @Sendable (TransportProblem, ParameterValues) throws -> any TransportSolver
    ) {
        self.name = name
        self.title = title
        self.summary = summary
        self.parameters = parameters
        self.requiresEqualMass = requiresEqualMass
        self.acceptsImplicitCost = acceptsImplicitCost
        self.problemKind = problemKind
        self.needsIntraCosts = needsIntraCosts
        self.needsFeatureCost = needsFeatureCost
        self.make = make
    }

    /// Every parameter at its default.
    public var defaults: ParameterValues { ParameterValues(defaultsFor: parameters) }

    /// Checks the problem against what the method needs, then builds the solver.
    public func makeSolver(problem: TransportProblem, parameters: ParameterValues) throws -> any TransportSolver {
        try ProblemChecks.validate(problem, for: self)
        return try make(problem, Self.relativeTolerance(parameters, problem: problem))
    }

    /// Masses below this have `tol` taken relative to the mass (see `relativeTolerance`).
    public static let relativeToleranceMass = 1e-3

    /// `tol` is absolute, as in POT, for masses of ordinary size. For a tiny mass an absolute `tol`
    /// is met by an error as large as the whole mass (weights summing to 1e-12 "converge" at once),
    /// so below `relativeToleranceMass` the solver is given `tol` times the smaller total mass.
    static func relativeTolerance(_ parameters: ParameterValues, problem: TransportProblem) -> ParameterValues {
        guard problem.barycenter == nil, parameters.has("tol"), problem.sourceCount > 0, problem.targetCount > 0 else { return parameters }
        let mass = min(problem.source.totalMass, problem.target.totalMass)
        guard mass > 0, mass < relativeToleranceMass else { return parameters }
        var scaled = parameters
        try? scaled.set("tol", .real(parameters.real("tol") * mass))
        return scaled
    }
}

/// Shared parameter descriptors, so that `reg`, `tol` and `max-iter` mean the same in every solver.
public enum CommonParameters {
    public static func regularization(default value: Double = 0.05, range: ClosedRange<Double> = 1e-6...1e6) -> ParameterDescriptor {
        ParameterDescriptor(
            name: "reg", label: "regularization", kind: .real(default: value, range: range, logScale: true),
            unit: "cost units",
            help: "Entropic regularization, absolute as in POT: the kernel is exp(-C/reg). Smaller is sharper and slower.")
    }

    public static func tolerance(default value: Double = 1e-9) -> ParameterDescriptor {
        ParameterDescriptor(
            name: "tol", label: "tolerance", kind: .real(default: value, range: 0...1, logScale: true),
            help: "Stop when the marginal error (L1 of row and column violations) falls below this.")
    }

    public static func maxIterations(default value: Int = 10_000) -> ParameterDescriptor {
        ParameterDescriptor(
            name: "max-iter", label: "max iterations", kind: .integer(default: value, range: 1...100_000_000),
            help: "Stop with status max_iter after this many iterations.")
    }

    /// The four parameters of epsilon scaling (`EpsilonSchedule`), shared by the log-domain Sinkhorn
    /// solvers that anneal reg: on/off, the first stage's multiple of reg, the decay per stage and
    /// the iteration cap of an intermediate stage.
    public static func epsilonScaling() -> [ParameterDescriptor] {
        [
            ParameterDescriptor(
                name: "epsilon-scaling", label: "epsilon scaling", kind: .flag(default: false),
                help: "Anneal reg from a large value down to the target, warm-starting each stage. Helps at small reg."),
            ParameterDescriptor(
                name: "scaling-start", label: "scaling start", kind: .real(default: 1000, range: 1...1e9, logScale: true),
                help: "With epsilon scaling: the first stage uses this multiple of reg (capped at the largest cost)."),
            ParameterDescriptor(
                name: "scaling-decay", label: "scaling decay", kind: .real(default: 0.5, range: 0.01...0.99, logScale: false),
                help: "With epsilon scaling: each stage multiplies reg by this factor."),
            ParameterDescriptor(
                name: "stage-iter", label: "stage iterations", kind: .integer(default: 100, range: 1...1_000_000),
                help: "With epsilon scaling: the most iterations spent in one intermediate stage."),
        ]
    }

    /// Storage precision of the Gibbs kernel (see `Precision`).
    public static func precision() -> ParameterDescriptor {
        ParameterDescriptor(
            name: "precision", label: "kernel precision",
            kind: .choice(default: Precision.f64.rawValue, options: Precision.allCases.map(\.rawValue)),
            help: "Storage of the kernel exp(-C/reg): f64, or f32 for half the memory and traffic (sums stay f64; about 1e-7 relative error in the plan). f32 is refused when C/reg exceeds 87.")
    }
}

/// Checks a problem before a solver is built: finite non-negative data, matching masses where needed.
public enum ProblemChecks {
    /// "source point i and target point j: the sqeuclidean cost is ...: rescale the coordinates".
    static func pointCostProblem(_ pair: (i: Int, j: Int, value: Double), cost: GroundCost) -> String {
        let distance = cost == .sqeuclidean ? "squared distance" : "\(cost.rawValue) distance"
        let what = pair.i < 0 ? "the \(distance) across the two clouds"
            : "the \(distance) between source point \(pair.i) and target point \(pair.j)"
        return NumericRange.costProblem(pair.value, what: what, cure: "rescale the coordinates")
    }

    public static func validate(_ problem: TransportProblem, for solver: SolverDescriptor) throws {
        guard problem.kind == solver.problemKind else {
            throw InputError("problem", nil, solver.problemKind == .barycenter
                ? "\(solver.name) computes barycenters; use otlab barycenter IN1 IN2 ... --method \(solver.name)"
                : "\(solver.name) solves linear OT between two measures, not a barycenter problem")
        }
        if let barycenter = problem.barycenter {
            try barycenter.validate()
            return
        }
        guard problem.sourceCount > 0 else { throw InputError("source", nil, "the source measure has no points") }
        guard problem.targetCount > 0 else { throw InputError("target", nil, "the target measure has no points") }
        for (label, weights) in [("source", problem.a), ("target", problem.b)] {
            if let bad = weights.firstIndex(where: { !$0.isFinite || $0 < 0 }) {
                throw InputError(label, "weight \(bad)", "\(weights[bad]) is not a finite non-negative weight")
            }
            guard Kernels.sum(weights) > 0 else { throw InputError(label, nil, "total mass is zero; at least one weight must be positive") }
            if let reason = NumericRange.massProblem(Kernels.sum(weights)) { throw InputError(label, nil, reason) }
        }
        if solver.needsIntraCosts {
            if let intra = problem.intraCosts {
                for (label, matrix) in [("source intra cost", intra.source), ("target intra cost", intra.target)] {
                    if let bad = matrix.storage.firstIndex(where: { !$0.isFinite }) {
                        throw InputError(label, "entry (\(bad / matrix.columns), \(bad % matrix.columns))", "\(matrix.storage[bad]) is not finite")
                    }
                }
                if solver.needsFeatureCost && !intra.hasFeatureCost {
                    throw InputError("problem", nil, "\(solver.name) needs a feature cost M between the two spaces: give --cost-matrix M.npy, or two point clouds of the same dimension")
                }
            } else if problem.source.points == nil || problem.target.points == nil {
                throw InputError("problem", nil, "\(solver.name) is a Gromov-Wasserstein solver and needs intra-space costs: two point clouds (any dimensions) or --intra-costs C1.npy C2.npy")
            } else if solver.needsFeatureCost && (problem.hasImplicitCost || problem.cost.rows != problem.sourceCount) {
                throw InputError("problem", nil, "\(solver.name) needs a feature cost M between the two spaces: give --cost-matrix M.npy, or two point clouds of the same dimension")
            }
        } else if let intra = problem.intraCosts, !intra.hasFeatureCost {
            throw InputError("problem", nil, "\(solver.name) is a linear OT solver and this Gromov-Wasserstein problem has no cost between the two spaces; use gw, entropic-gw, or give --cost-matrix")
        }
        if problem.hasImplicitCost && !solver.acceptsImplicitCost {
            let gigabytes = Double(problem.sourceCount) * Double(problem.targetCount) * 8 / 1e9
            throw InputError(
                "problem", nil,
                "\(solver.name) needs the \(problem.sourceCount) x \(problem.targetCount) cost matrix (\(ParameterValue.formatShort(gigabytes)) GB), which is too large to form; use sinkhorn-online, which computes the costs from the points in tiles")
        }
        if problem.hasImplicitCost, let xs = problem.source.points, let ys = problem.target.points, let cost = problem.groundCost,
           let pair = NumericRange.firstPairOutOfRange(xs, ys, cost: cost) {
            throw InputError("problem", nil, pointCostProblem(pair, cost: cost))
        }
        if !problem.hasImplicitCost, let bad = NumericRange.firstCostOutOfRange(problem.cost.storage) {
            let m = problem.cost.columns, i = bad / m, j = bad % m
            if let cost = problem.groundCost {
                throw InputError("problem", nil, pointCostProblem((i, j, problem.cost.storage[bad]), cost: cost))
            }
            throw InputError("cost matrix", "entry (\(i), \(j))", NumericRange.costProblem(
                problem.cost.storage[bad], what: "the cost", cure: "rescale the cost matrix (the plan is unchanged by a positive factor)"))
        }
        if solver.requiresEqualMass {
            let ma = problem.source.totalMass, mb = problem.target.totalMass
            if abs(ma - mb) > 1e-9 * max(ma, mb) {
                throw InputError(
                    "problem", nil,
                    "\(solver.name) needs equal masses but the source has \(ma) and the target \(mb); normalize the weights (--normalize) or use the unbalanced or partial solver")
            }
        }
    }
}
