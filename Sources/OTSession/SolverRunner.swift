import Dispatch
import Foundation
import OTCore
import OTSolvers
import Synchronization

/// Runs a solver on a background thread: commands in, snapshots out.
///
/// The runner owns the thread, the clock and cancellation; the solver only steps. Every public
/// method returns at once: commands set flags under a `Mutex` and wake the thread, and readers copy
/// the latest snapshot under the same lock, which the solver thread holds only while publishing.
/// A restart cancels the current thread and starts a new one with a new generation number; a
/// thread whose generation is stale never publishes again.
///
/// Each run has a `StepInterruption` that cancel, restart, pause, single step and shutdown raise, so a
/// solver with long iterations (`sinkhorn-online` on 50,000 points) stops within one tile of its
/// sweep instead of finishing the iteration; the run loop then re-reads its orders.
public final class SolverRunner: Sendable {
    private struct Control {
        var generation = 0
        var paused = false
        var pendingSteps = 0
        var cancelRequested = false
        var planRequested = false
        var iterationsPerSecond: Double?
        var heatmapSize: (rows: Int, columns: Int)?
        var heatmapOrder: HeatmapOrder?
        var heatmapInput: Int?
        var snapshot: RunSnapshot
        var history = RecordHistory()
        var streamsRecords = false
        var outbox: [IterationRecord] = []
        var finished = false
        /// The current run's interruption flag (raised by the commands that must not wait for a step).
        var interruption = StepInterruption()
    }

    private let control: Mutex<Control>
    private let wakeup = DispatchSemaphore(value: 0)

    /// Starts solving at once (or paused, if the configuration says so).
    public init(configuration: RunConfiguration) {
        control = Mutex(Control(snapshot: RunSnapshot.initial(generation: 0, configuration: configuration)))
        restart(with: configuration)
    }

    // MARK: Commands (never block)

    public func pause() { command { $0.paused = true; $0.interruption.raise() } }
    public func resume() { command { $0.paused = false; $0.pendingSteps = 0 } }
    public func togglePause() {
        command {
            $0.paused.toggle()
            $0.pendingSteps = 0
            if $0.paused { $0.interruption.raise() }
        }
    }
    /// Performs one iteration while paused (pauses first if running).
    public func step() { command { $0.paused = true; $0.pendingSteps += 1; $0.interruption.raise() } }
    public func cancel() { command { $0.cancelRequested = true; $0.interruption.raise() } }
    /// Iterations per second to throttle to; nil for as fast as possible.
    public func setSpeed(iterationsPerSecond: Double?) { command { $0.iterationsPerSecond = iterationsPerSecond } }
    /// The block grid the heatmap should be aggregated to (rows x columns of pixels).
    /// Cheap to call every frame: only a change of size wakes the solver thread.
    public func setHeatmapSize(rows: Int, columns: Int) {
        let changed = control.withLock { state -> Bool in
            if let current = state.heatmapSize, current == (rows, columns) { return false }
            state.heatmapSize = (rows, columns)
            return true
        }
        if changed { wakeup.signal() }
    }

    /// The order of the heatmap's rows and columns (nil: input order); the heatmap of the current
    /// plan is re-summed in it (`snapshot.heatmapOrder` says which order a heatmap has). Sorting
    /// needs the plan formed (`plan()`), so callers keep it to plans small enough to form often.
    /// Cheap to call every frame: only a change wakes the solver thread.
    public func setHeatmapOrder(_ order: HeatmapOrder?) {
        let changed = control.withLock { state -> Bool in
            if state.heatmapOrder == order { return false }
            state.heatmapOrder = order
            return true
        }
        if changed { wakeup.signal() }
    }

    /// For a barycenter run: the heatmap shows the plan between input `k` and the barycenter
    /// (input pixels or points as rows) instead of the barycenter itself; nil for the barycenter.
    /// `snapshot.heatmapInput` says which the heatmap shows. Cheap to call every frame.
    public func setHeatmapInput(_ k: Int?) {
        let changed = control.withLock { state -> Bool in
            if state.heatmapInput == k { return false }
            state.heatmapInput = k
            return true
        }
        if changed { wakeup.signal() }
    }

    /// Asks for the full current plan; it appears in `snapshot.plan` shortly after (also while
    /// paused or after the run ended).
    public func requestPlan() { command { $0.planRequested = true } }

    /// Stops the current run's thread for good (the workbench calls this when it quits).
    public func shutdown() { command { $0.generation += 1; $0.interruption.raise() } }

    /// Cancels the current run and starts a new one; returns the new generation number.
    @discardableResult
    public func restart(with configuration: RunConfiguration) -> Int {
        let (generation, interruption) = control.withLock { state -> (Int, StepInterruption) in
            state.generation += 1
            state.interruption.raise()
            state.interruption = StepInterruption()
            state.paused = configuration.startPaused
            state.pendingSteps = 0
            state.cancelRequested = false
            state.finished = false
            state.iterationsPerSecond = configuration.iterationsPerSecond
            state.history = RecordHistory()
            state.streamsRecords = configuration.streamsRecords
            state.outbox = []
            let revision = state.snapshot.revision + 1
            state.snapshot = RunSnapshot.initial(generation: state.generation, configuration: configuration)
            state.snapshot.revision = revision
            return (state.generation, state.interruption)
        }
        wakeup.signal()
        let thread = Thread { [self] in RunLoop(runner: self, generation: generation, configuration: configuration, interruption: interruption).run() }
        thread.name = "otlab-solver-\(generation)"
        thread.stackSize = 8 << 20
        thread.start()
        return generation
    }

    // MARK: Reading (never blocks on the solver)

    public var snapshot: RunSnapshot {
        control.withLock { state in
            var snapshot = state.snapshot
            snapshot.isPaused = state.paused
            return snapshot
        }
    }

    /// True once the current run has ended (converged, max_iter, diverged, cancelled, failed to start).
    public var isFinished: Bool { control.withLock { $0.finished } }

    /// Records kept so far with the history epoch; when the epoch differs from the caller's last one,
    /// re-read from zero.
    public func records(from index: Int = 0) -> (records: ArraySlice<IterationRecord>, epoch: Int) {
        control.withLock { state in
            let all = state.history.records
            let start = min(max(0, index), all.count)
            return (all[start...], state.history.epoch)
        }
    }

    /// Every record published since the last call (only with `streamsRecords`), oldest first.
    public func takeStreamedRecords() -> [IterationRecord] {
        control.withLock { state in
            defer { state.outbox.removeAll(keepingCapacity: true) }
            return state.outbox
        }
    }

    /// Blocks the caller (a headless command or a test, never the UI) until the run ends.
    public func waitUntilFinished(timeout: Double = .infinity) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while !isFinished {
            if Date() > deadline { return false }
            usleep(1000)
        }
        return true
    }

    // MARK: For the run loop

    private func command(_ change: (inout Control) -> Void) {
        control.withLock { state in
            change(&state)
            state.snapshot.revision += 1
        }
        wakeup.signal()
    }

    fileprivate struct Orders {
        var stale: Bool
        var cancel: Bool
        var mayStep: Bool
        var planRequested: Bool
        var iterationsPerSecond: Double?
        var heatmapSize: (rows: Int, columns: Int)?
        var heatmapOrder: HeatmapOrder?
        var heatmapInput: Int?
    }

    /// Reads the control flags; consumes one pending single step when it grants one.
    fileprivate func orders(for generation: Int) -> Orders {
        control.withLock { state in
            let stale = state.generation != generation
            var mayStep = !state.paused
            if state.paused && state.pendingSteps > 0 {
                state.pendingSteps -= 1
                mayStep = true
            }
            let planRequested = state.planRequested && !stale
            if planRequested { state.planRequested = false }
            // The orders below answer every command so far, so the next step may run to its end.
            if !stale { state.interruption.clear() }
            return Orders(stale: stale, cancel: state.cancelRequested, mayStep: mayStep && !stale, planRequested: planRequested,
                          iterationsPerSecond: state.iterationsPerSecond, heatmapSize: state.heatmapSize,
                          heatmapOrder: state.heatmapOrder, heatmapInput: state.heatmapInput)
        }
    }

    fileprivate func currentHeatmapSize() -> (rows: Int, columns: Int)? {
        control.withLock { $0.heatmapSize }
    }

    fileprivate func currentHeatmapOrder() -> HeatmapOrder? {
        control.withLock { $0.heatmapOrder }
    }

    fileprivate func currentHeatmapInput() -> Int? {
        control.withLock { $0.heatmapInput }
    }

    fileprivate func waitForCommand(seconds: Double) {
        _ = wakeup.wait(timeout: .now() + seconds)
    }

    /// Publishes a change of the snapshot (and optionally a record) if the generation is current.
    fileprivate func publish(generation: Int, record: IterationRecord?, final: Bool, _ change: (inout RunSnapshot) -> Void) {
        control.withLock { state in
            guard state.generation == generation else { return }
            change(&state.snapshot)
            state.snapshot.revision += 1
            if let record {
                state.history.append(record, force: final)
                if state.streamsRecords { state.outbox.append(record) }
            }
            if final { state.finished = true }
        }
    }
}

/// The loop of one run on its own thread.
private struct RunLoop {
    let runner: SolverRunner
    let generation: Int
    let configuration: RunConfiguration
    let interruption: StepInterruption

    func run() {
        let solver: any TransportSolver
        do {
            solver = try configuration.solver.makeSolver(problem: configuration.problem, parameters: configuration.parameters)
        } catch {
            let message = (error as? InputError)?.description ?? "\(error)"
            runner.publish(generation: generation, record: nil, final: true) {
                $0.startError = message
                $0.status = .diverged(reason: message)
            }
            return
        }
        solver.interruption = interruption
        // A delegating solver's choice is shown before its first step (a run may start paused).
        if let choice = solver.choice {
            runner.publish(generation: generation, record: nil, final: false) { $0.choice = choice }
        }
        var solverSeconds = 0.0
        var lastEvaluation = -Double.infinity
        var lastHeatmap = -Double.infinity
        var rateWindowStart = (time: Clock.now, iteration: 0)
        var rate = 0.0
        var nextStepTime = Clock.now
        /// The speed `nextStepTime` is paced for; nil while paused or unthrottled.
        var pacedSpeed: Double?
        let maxIterations = configuration.maxIterations
        var publishedHeatmapSize: (rows: Int, columns: Int)?
        var publishedHeatmapOrder: HeatmapOrder?
        var publishedHeatmapInput: Int?
        var monitor = ProgressMonitor(
            solverName: configuration.solver.name,
            tolerance: configuration.parameters.has("tol") ? configuration.parameters.real("tol") : nil)

        while true {
            let orders = runner.orders(for: generation)
            if orders.stale { return }
            if orders.planRequested { publishPlan(solver) }
            if orders.cancel {
                finish(solver, status: .cancelled, seconds: solverSeconds)
                linger(solver, publishedHeatmapSize: nil, publishedHeatmapOrder: nil, publishedHeatmapInput: nil)
                return
            }
            guard orders.mayStep else {
                // Paused: keep the heatmap in step with the pane's size. The pace restarts from
                // the moment the run resumes (no burst to make up for the pause).
                refreshHeatmap(solver, requested: orders.heatmapSize, order: orders.heatmapOrder, input: orders.heatmapInput,
                               published: &publishedHeatmapSize, publishedOrder: &publishedHeatmapOrder, publishedInput: &publishedHeatmapInput)
                runner.waitForCommand(seconds: 0.05)
                pacedSpeed = nil
                continue
            }
            if let speed = orders.iterationsPerSecond, speed > 0 {
                let now = Clock.now
                // A new speed (or the first paced step after a pause or unthrottled running) starts
                // the pace now.
                if pacedSpeed != speed {
                    pacedSpeed = speed
                    nextStepTime = now
                }
                if now < nextStepTime {
                    runner.waitForCommand(seconds: min(0.05, nextStepTime - now))
                    continue
                }
                // A step that came late (a slow iteration, a busy machine) is made up by at most one
                // step, so the pace stays steady instead of catching up in a burst.
                nextStepTime = max(nextStepTime + 1 / speed, now - 1 / speed)
            } else {
                pacedSpeed = nil
            }

            let start = Clock.now
            var status = solver.step()
            solverSeconds += Clock.now - start
            // Interrupted part-way by a command: the step did not count; read the orders again.
            if status == .cancelled { continue }
            // The runner's safety net: a residual that is no longer a number ends the run, whatever
            // the solver itself checked.
            if status.reason == nil, let reason = monitor.failure(marginalError: solver.marginalError, iteration: solver.iteration) {
                status = .diverged(reason: reason)
            }
            if status == .running && solver.iteration >= maxIterations { status = .maxIterations }
            let warning = status.reason == nil ? monitor.observe(marginalError: solver.marginalError, iteration: solver.iteration) : nil
            let finished = status != .running

            let now = Clock.now
            if now - rateWindowStart.time >= 0.5 {
                rate = Double(solver.iteration - rateWindowStart.iteration) / (now - rateWindowStart.time)
                rateWindowStart = (now, solver.iteration)
            }
            var evaluation: SolverEvaluation?
            // A diverged iterate is not evaluated: its cost would be a number that looks valid.
            if status.reason == nil && (finished || shouldEvaluate(now: now, last: lastEvaluation)) {
                evaluation = solver.evaluate()
                lastEvaluation = now
                // The safety net for the objective: a finished run whose cost or objective overflowed
                // is a numerical failure, never "converged" with an infinite cost (null in JSON).
                if finished, configuration.problem.kind == .linear, let value = evaluation,
                   let reason = ProgressMonitor.failure(cost: value.cost, objective: value.objective, iteration: solver.iteration) {
                    status = .diverged(reason: reason)
                    evaluation = nil
                }
            }
            let record = IterationRecord(
                iteration: solver.iteration, seconds: solverSeconds, marginalError: solver.marginalError,
                evaluation: evaluation, extras: solver.extras)
            var heatmap: DenseMatrix?
            var potentials: DualPotentials?
            // A final heatmap uses the size asked for until now (the orders were read before the step).
            let heatmapSize = finished ? runner.currentHeatmapSize() : orders.heatmapSize
            let heatmapOrder = finished ? runner.currentHeatmapOrder() : orders.heatmapOrder
            let heatmapInput = finished ? runner.currentHeatmapInput() : orders.heatmapInput
            var usedOrder: HeatmapOrder?
            var usedInput: Int?
            if let size = heatmapSize, finished || now - lastHeatmap >= 1.0 / 20 || orders.iterationsPerSecond != nil {
                (heatmap, usedOrder, usedInput) = Self.aggregate(solver, size: size, order: heatmapOrder, input: heatmapInput)
                potentials = solver.potentials()
                lastHeatmap = now
                publishedHeatmapSize = size
                publishedHeatmapOrder = heatmapOrder
                publishedHeatmapInput = heatmapInput
            }
            let measuredRate = rate
            // Computed outside the lock: readers must never wait for a pass over the plan.
            let finalPlan = finished && configuration.keepsFinalPlan ? solver.plan() : nil
            let choice = solver.choice
            runner.publish(generation: generation, record: record, final: finished) { snapshot in
                snapshot.status = status
                snapshot.warning = warning
                snapshot.choice = choice
                snapshot.latest = record
                if evaluation != nil { snapshot.latestEvaluated = record }
                if let heatmap {
                    snapshot.heatmap = heatmap
                    snapshot.heatmapOrder = usedOrder
                    snapshot.heatmapInput = usedInput
                }
                if let potentials { snapshot.potentials = potentials }
                snapshot.iterationsPerSecond = measuredRate
                if let finalPlan {
                    snapshot.plan = finalPlan
                    snapshot.planIteration = record.iteration
                }
            }
            if finished {
                linger(solver, publishedHeatmapSize: publishedHeatmapSize, publishedHeatmapOrder: publishedHeatmapOrder,
                       publishedHeatmapInput: publishedHeatmapInput)
                return
            }
        }
    }

    private func publishPlan(_ solver: any TransportSolver) {
        let plan = solver.plan()
        let iteration = solver.iteration
        runner.publish(generation: generation, record: nil, final: false) { snapshot in
            snapshot.plan = plan
            snapshot.planIteration = iteration
        }
    }

    /// After the run ends the solver stays alive until the next restart, to answer plan requests
    /// and to redraw the heatmap at a new size (a run can finish before the UI asks for one).
    private func linger(_ solver: any TransportSolver, publishedHeatmapSize: (rows: Int, columns: Int)?,
                        publishedHeatmapOrder: HeatmapOrder?, publishedHeatmapInput: Int?) {
        var published = publishedHeatmapSize
        var publishedOrder = publishedHeatmapOrder
        var publishedInput = publishedHeatmapInput
        while true {
            let orders = runner.orders(for: generation)
            if orders.stale { return }
            if orders.planRequested { publishPlan(solver) }
            refreshHeatmap(solver, requested: orders.heatmapSize, order: orders.heatmapOrder, input: orders.heatmapInput,
                           published: &published, publishedOrder: &publishedOrder, publishedInput: &publishedInput)
            runner.waitForCommand(seconds: 0.25)
        }
    }

    /// Publishes the heatmap when the requested size, order or barycenter input differs from the
    /// one last published.
    private func refreshHeatmap(_ solver: any TransportSolver, requested: (rows: Int, columns: Int)?, order: HeatmapOrder?, input: Int?,
                                published: inout (rows: Int, columns: Int)?, publishedOrder: inout HeatmapOrder?,
                                publishedInput: inout Int?) {
        guard let requested, (published.map({ $0 != requested }) ?? true) || order != publishedOrder || input != publishedInput else { return }
        let (heatmap, usedOrder, usedInput) = Self.aggregate(solver, size: requested, order: order, input: input)
        let potentials = solver.potentials()
        published = requested
        publishedOrder = order
        publishedInput = input
        runner.publish(generation: generation, record: nil, final: false) { snapshot in
            snapshot.heatmap = heatmap
            snapshot.heatmapOrder = usedOrder
            snapshot.heatmapInput = usedInput
            if let potentials { snapshot.potentials = potentials }
        }
    }

    /// The plan summed into the requested blocks, in the requested order when it fits the plan
    /// (else in input order); for a barycenter run with an input asked for, the plan between that
    /// input and the barycenter where the solver can give it. Returns the order and input used.
    private static func aggregate(_ solver: any TransportSolver, size: (rows: Int, columns: Int),
                                  order: HeatmapOrder?, input: Int?) -> (DenseMatrix, HeatmapOrder?, Int?) {
        if let input, let barycenter = solver as? any BarycenterSolver,
           let plan = barycenter.aggregatedInputPlan(input, maxRows: size.rows, maxColumns: size.columns) {
            return (plan, nil, input)
        }
        let (heatmap, usedOrder) = aggregate(solver, size: size, order: order)
        return (heatmap, usedOrder, nil)
    }

    private static func aggregate(_ solver: any TransportSolver, size: (rows: Int, columns: Int),
                                  order: HeatmapOrder?) -> (DenseMatrix, HeatmapOrder?) {
        if let order {
            let plan = solver.plan()
            if plan.rows == order.rows.count, plan.columns == order.columns.count {
                let rows = BlockAxis(count: plan.rows, limit: size.rows, order: order.rows)
                let columns = BlockAxis(count: plan.columns, limit: size.columns, order: order.columns)
                return (BlockAggregation.aggregate(plan, rows: rows, columns: columns), order)
            }
        }
        return (solver.aggregatedPlan(maxRows: size.rows, maxColumns: size.columns), nil)
    }

    private func shouldEvaluate(now: Double, last: Double) -> Bool {
        switch configuration.evaluation {
        case .everyIteration: true
        case .perSecond(let rate): now - last >= 1 / rate
        case .finalOnly: false
        }
    }

    private func finish(_ solver: any TransportSolver, status: SolverStatus, seconds: Double) {
        let record = IterationRecord(
            iteration: solver.iteration, seconds: seconds, marginalError: solver.marginalError,
            evaluation: solver.evaluate(), extras: solver.extras)
        let finalPlan = configuration.keepsFinalPlan ? solver.plan() : nil
        let choice = solver.choice
        runner.publish(generation: generation, record: record, final: true) { snapshot in
            snapshot.status = status
            snapshot.choice = choice
            snapshot.latest = record
            snapshot.latestEvaluated = record
            if let finalPlan {
                snapshot.plan = finalPlan
                snapshot.planIteration = record.iteration
            }
        }
    }
}

/// Monotonic seconds.
enum Clock {
    static var now: Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}
