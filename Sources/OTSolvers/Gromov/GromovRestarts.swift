import OTCore

/// The multi-start bookkeeping shared by the GW solvers (`GromovWasserstein`,
/// `EntropicGromovWasserstein`): GW is non-convex, so with `restarts > 1` each start runs to its
/// own stop, the start of least loss is kept, and starts after the first begin from random
/// couplings (`GromovStart.random`, reproducible from `seed`).
///
/// It holds which start is running, the iterations spent in it, every finished start's loss, the
/// best plan so far, and the run's final status once the last start has stopped; the solvers keep
/// only what differs between them (how a plan's loss is computed, what is refreshed at a start).
struct GromovRestarts {
    /// Number of starts in the run (at least 1).
    let count: Int
    /// Seed of the random starts.
    let seed: Int
    /// 1-based index of the current start.
    private(set) var start = 1
    /// Iterations completed in the current start.
    private(set) var startIteration = 0
    /// Loss of each finished start, in order.
    private(set) var startLosses: [Double] = []
    /// The best finished start: its plan, loss and index.
    private(set) var best: (plan: DenseMatrix, loss: Double, start: Int)?
    /// The run's final status, set when the last start stops (or a step fails); `step()` then
    /// returns it again without working.
    private(set) var finished: SolverStatus?

    init(count: Int, seed: Int) {
        self.count = count
        self.seed = seed
    }

    /// At the top of a step: the final status if the run is over (nothing is counted), else nil
    /// after counting the step in the current start.
    mutating func beginStep() -> SolverStatus? {
        if let finished { return finished }
        startIteration += 1
        return nil
    }

    /// Ends the run with `status` (returned, for `return restarts.finish(...)`).
    mutating func finish(_ status: SolverStatus) -> SolverStatus {
        finished = status
        return status
    }

    /// The current start has stopped at `plan` with `loss`: records it and keeps it if it is the best
    /// so far. Returns the next start's random coupling of marginals `a`, `b` (the start index
    /// advanced, its iteration count reset), or nil after the last start: the caller then adopts
    /// `best`, adds `finalExtras` and calls `finish`.
    mutating func endStart(plan: DenseMatrix, loss: Double, a: [Double], b: [Double]) -> DenseMatrix? {
        startLosses.append(loss)
        if best == nil || loss < best!.loss { best = (plan, loss, start) }
        guard start < count else { return nil }
        start += 1
        startIteration = 0
        return GromovStart.random(a, b, seed: seed, start: start)
    }

    /// The record's multi-start figures: `start` and `best_loss` (the least of the finished starts'
    /// losses and the current one).
    func extras(currentLoss: Double) -> [SolverExtra] {
        [
            SolverExtra("start", Double(start)),
            SolverExtra("best_loss", min(best?.loss ?? .infinity, currentLoss)),
        ]
    }

    /// The last record's figures once the run is over: `best_loss` set to the kept start's loss and
    /// `best_start` added (unchanged when no start finished).
    func finalExtras(_ extras: [SolverExtra]) -> [SolverExtra] {
        guard let best else { return extras }
        return extras.map { $0.name == "best_loss" ? SolverExtra("best_loss", best.loss) : $0 }
            + [SolverExtra("best_start", Double(best.start))]
    }
}
