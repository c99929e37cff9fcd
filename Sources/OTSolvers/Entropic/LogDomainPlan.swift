import OTCore

/// The state a log-domain entropic solver's plan is made of: a cost `C`, potentials `f`, `g` (cost
/// units) and the regularization `reg` in use, so that `P_ij = exp((f_i + g_j - C_ij) / reg)`.
///
/// Why a type: the log-domain solvers (`SinkhornLog`, `SinkhornNewtonSparse`, `DoublyStochastic`,
/// `UnbalancedSinkhorn`) hand out their plan, potentials, heatmap view and plan statistics the same
/// way from these four values; each builds one of these on demand (the arrays are shared, not
/// copied) and `LogDomainSolver` does the rest in one place.
public struct LogDomainPlan: Sendable {
    /// The cost the plan is computed from (a solver may use a shifted working copy of the problem's).
    public var cost: DenseMatrix
    /// Source potentials, one per row of `cost`; `-infinity` where the source weight is zero.
    public var f: [Double]
    /// Target potentials, one per column of `cost`; `-infinity` where the target weight is zero.
    public var g: [Double]
    /// The regularization of the plan (the current stage's under epsilon scaling).
    public var regularization: Double

    public init(cost: DenseMatrix, f: [Double], g: [Double], regularization: Double) {
        self.cost = cost
        self.f = f
        self.g = g
        self.regularization = regularization
    }

    /// The plan as a dense matrix.
    public func densePlan() -> DenseMatrix {
        LogSumExp.densePlan(cost: cost, f: f, g: g, regularization: regularization)
    }

    /// The plan summed into at most `maxRows x maxColumns` blocks, without storing it.
    public func aggregated(maxRows: Int, maxColumns: Int) -> DenseMatrix {
        LogSumExp.aggregatedPlan(
            cost: cost, f: f, g: g, regularization: regularization, maxRows: maxRows, maxColumns: maxColumns)
    }

    /// Row sums, column sums and `<P, C>` of the plan in one pass over the cost.
    public func statistics() -> PlanStatistics {
        LogSumExp.planStatistics(cost: cost, f: f, g: g, regularization: regularization)
    }
}
