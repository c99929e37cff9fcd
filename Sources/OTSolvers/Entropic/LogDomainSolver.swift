import OTCore

/// A solver whose iterate is a pair of log-domain potentials `f`, `g` over a cost at a
/// regularization (see `LogDomainPlan`): it names that state once, and this protocol's extension
/// hands out the plan, the potentials and the heatmap view from it, so the four log-domain solvers
/// share one implementation of those three contract methods instead of a copy each.
///
/// A conforming solver may still implement any of the three itself where its state says more
/// (e.g. `SinkhornNewtonSparse` adds back potentials it folded into a shifted cost); its own
/// method then takes precedence over this extension's.
public protocol LogDomainSolver: TransportSolver {
    /// The current plan's cost, potentials and regularization. Built on demand; cheap (the arrays
    /// are shared copy-on-write, not copied).
    var logDomainPlan: LogDomainPlan { get }
}

extension LogDomainSolver {
    /// The dense plan `P_ij = exp((f_i + g_j - C_ij) / reg)`.
    public func plan() -> TransportPlan { .dense(logDomainPlan.densePlan()) }

    /// The potentials `(f, g)` in cost units.
    public func potentials() -> DualPotentials? {
        let state = logDomainPlan
        return DualPotentials(f: state.f, g: state.g)
    }

    /// The plan summed into blocks straight from the potentials, never materializing it.
    public func aggregatedPlan(maxRows: Int, maxColumns: Int) -> DenseMatrix {
        logDomainPlan.aggregated(maxRows: maxRows, maxColumns: maxColumns)
    }
}
