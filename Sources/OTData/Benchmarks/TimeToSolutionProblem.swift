import OTCore

/// One problem of the time-to-solution suite (`TimeToSolutionSuite`): a balanced OT problem, the
/// entropic regularization (absolute, POT's convention) and the L1 marginal error every solver must
/// reach on the plan it returns.
public struct TimeToSolutionProblem: Sendable {
    /// A short stable name (also the folder name of its `.npy` files).
    public var name: String
    /// What the problem is, in one line.
    public var summary: String
    public var problem: TransportProblem
    public var regularization: Double
    public var tolerance: Double
    /// The known entropic cost `<P, C>` at this reg, where there is one.
    public var reference: Double?

    public init(name: String, summary: String, problem: TransportProblem, regularization: Double, tolerance: Double, reference: Double? = nil) {
        self.name = name
        self.summary = summary
        self.problem = problem
        self.regularization = regularization
        self.tolerance = tolerance
        self.reference = reference
    }

    /// The L1 marginal error of `plan`, checked on the plan itself: `sum_i |P 1 - a|_i + sum_j |P^T 1 - b|_j`.
    public func marginalError(of plan: TransportPlan) -> Double {
        plan.marginalError(a: problem.a, b: problem.b)
    }

    /// Whether `plan` meets the tolerance (its checked marginal error is at most `tolerance`).
    public func meetsTolerance(_ plan: TransportPlan) -> Bool {
        marginalError(of: plan) <= tolerance
    }
}
