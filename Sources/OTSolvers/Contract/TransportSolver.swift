import OTCore

/// The solver contract (DESIGN.md): built from a problem and parameter values, advanced by `step()`.
///
/// A solver knows nothing of threads or clocks: the runner owns both. Solvers are reference types
/// holding large working buffers; each instance is created and used on one thread.
public protocol TransportSolver: AnyObject {
    /// Iterations completed so far.
    var iteration: Int { get }

    /// Advances one iteration. Returns `.running`, `.converged` (the tolerance is met) or
    /// `.diverged(reason)` on numerical failure; never leaves NaN or infinity silently in its state.
    /// Returns `.cancelled` only when `interruption` was raised part-way: the solver then keeps the
    /// state of its last complete iteration (the step did not count), and may be stepped again.
    func step() -> SolverStatus

    /// The runner's interruption flag, polled inside long sweeps (tile by tile) so that a cancel,
    /// restart or pause need not wait for a whole iteration of a large problem. Solvers whose
    /// iterations are short ignore it (the default keeps none).
    var interruption: StepInterruption? { get set }

    /// Marginal error of the current plan (kept current by `step()`, cheap to read).
    var marginalError: Double { get }

    /// Solver-specific figures of the latest iteration (phase, nonzeros, CG iterations, ...).
    var extras: [SolverExtra] { get }

    /// Cost, objective and dual objective of the current iterate. May take a pass over the problem.
    func evaluate() -> SolverEvaluation

    /// The current plan: dense, or sparse where the method is sparse.
    func plan() -> TransportPlan

    /// Dual potentials (f, g) in cost units, where the method has them.
    func potentials() -> DualPotentials?

    /// The plan summed into at most `maxRows x maxColumns` blocks, for the heatmap. Solvers with an
    /// implicit plan (scalings times a kernel) override this to avoid materializing the plan.
    func aggregatedPlan(maxRows: Int, maxColumns: Int) -> DenseMatrix

    /// For a solver that delegates (`auto`): the method it runs and why. Nil for every other solver.
    var choice: SolverChoice? { get }
}

extension TransportSolver {
    public func potentials() -> DualPotentials? { nil }

    public var choice: SolverChoice? { nil }

    public var interruption: StepInterruption? {
        get { nil }
        set {}
    }

    public func aggregatedPlan(maxRows: Int, maxColumns: Int) -> DenseMatrix {
        BlockAggregation.aggregate(plan(), maxRows: maxRows, maxColumns: maxColumns)
    }
}
