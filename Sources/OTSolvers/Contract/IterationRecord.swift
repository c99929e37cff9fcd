/// One named solver-specific figure of an iteration, e.g. ("cg_iterations", 12).
public struct SolverExtra: Sendable, Equatable {
    public var name: String
    public var value: Double
    public init(_ name: String, _ value: Double) {
        self.name = name
        self.value = value
    }
}

/// The objectives of the current iterate: what `TransportSolver.evaluate()` computes.
public struct SolverEvaluation: Sendable, Equatable {
    /// Transport cost `<P, C>` of the current plan (POT's `sinkhorn2` / `emd2` value).
    public var cost: Double
    /// The objective this solver minimizes (e.g. `<P,C> + reg KL(P | a b^T)` for entropic OT).
    public var objective: Double
    /// The dual objective where the method has one.
    public var dualObjective: Double?
    /// Total mass of the current plan.
    public var mass: Double

    public init(cost: Double, objective: Double, dualObjective: Double? = nil, mass: Double) {
        self.cost = cost
        self.objective = objective
        self.dualObjective = dualObjective
        self.mass = mass
    }
}

/// What one iteration of a solver reports; the runner fills in the clock.
public struct IterationRecord: Sendable, Equatable {
    /// 1-based index of the iteration that produced this record.
    public var iteration: Int
    /// Seconds of solver time since the run started (pauses excluded).
    public var seconds: Double
    /// L1 norm of the row-sum and column-sum violations of the current plan, or the family's own
    /// named residual (see the solver's summary).
    public var marginalError: Double
    /// Objectives of the current iterate, or nil when this iteration was not evaluated (evaluating
    /// can cost a full pass over the problem, so the runner does it at display rate).
    public var evaluation: SolverEvaluation?
    /// Solver-specific figures.
    public var extras: [SolverExtra]

    public init(iteration: Int, seconds: Double, marginalError: Double, evaluation: SolverEvaluation?, extras: [SolverExtra]) {
        self.iteration = iteration
        self.seconds = seconds
        self.marginalError = marginalError
        self.evaluation = evaluation
        self.extras = extras
    }

    public var cost: Double? { evaluation?.cost }
    public var objective: Double? { evaluation?.objective }
    public var dualObjective: Double? { evaluation?.dualObjective }

    public func extra(_ name: String) -> Double? { extras.first { $0.name == name }?.value }
}
