import Foundation
import OTCore
import OTSolvers
import Synchronization

/// A run of POT or OTT-JAX (`EngineSolver`) as the workbench's run source: the Python probe runs
/// as a subprocess (`ProbeCommand`, the problem as an .npz on its standard input) and a
/// `StreamRunner` reads its record stream on a thread of its own, so the UI never waits on Python.
///
/// Unlike a watched stream the run is ours: `restart(with:)` starts the probe again with new
/// parameters or a new problem, `pause`/`resume` stop and continue the process (SIGSTOP/SIGCONT),
/// `cancel` ends it. Single steps and speed limits do not reach another engine. A probe that
/// cannot start (no python3, the engine not installed) ends as a start error that names the cure.
public final class EngineRunner: RunSource {
    private struct State {
        var inner: StreamRunner?
        var configuration: RunConfiguration
        var generation = 0
        var paused = false
        var heatmapSize: (rows: Int, columns: Int)?
        /// A problem the probe cannot take (not linear, or its cost is not formed).
        var refusal: String?
        /// Counts local changes (pause) on top of the stream's own revisions.
        var revision = 0
    }

    public let engine: EngineSolver
    public let host: String?
    /// The Python interpreter that runs the probe (`python3`; tests use a stand-in).
    public let python: String
    private let state: Mutex<State>
    /// Plans up to this many entries come back whole at the end (so `x` exports the real plan).
    public static let wholePlanLimit = 250_000

    public init(configuration: RunConfiguration, engine: EngineSolver, host: String? = nil, python: String = "python3") {
        self.engine = engine
        self.host = host
        self.python = python
        state = Mutex(State(configuration: configuration))
        state.withLock { Self.launch(&$0, engine: engine, host: host, python: python) }
    }

    private static func launch(_ state: inout State, engine: EngineSolver, host: String?, python: String) {
        let problem = state.configuration.problem
        do {
            let archive = try ProbeCommand.archive(for: problem, engine: engine.engine)
            let command = ProbeCommand(
                engine: engine.engine, solver: engine.solver, parameters: state.configuration.parameters, host: host,
                wholeFinalPlan: problem.sourceCount * problem.targetCount <= wholePlanLimit, python: python)
            let inner = StreamRunner(input: .command(command.commandLine), standardInput: archive)
            if let size = state.heatmapSize { inner.setHeatmapSize(rows: size.rows, columns: size.columns) }
            state.inner = inner
            state.refusal = nil
        } catch {
            state.inner = nil
            state.refusal = error.message
        }
        state.paused = false
    }

    // MARK: RunSource

    public var snapshot: RunSnapshot {
        let (inner, state) = self.state.withLock { ($0.inner, $0) }
        var snapshot = inner?.snapshot ?? StreamRunner.emptySnapshot(generation: 0, header: nil)
        let header = inner?.header
        snapshot.generation = state.generation
        snapshot.isPaused = state.paused
        snapshot.solverName = engine.descriptor.name
        snapshot.parameters = state.configuration.parameters
        snapshot.revision += state.revision
        if let refusal = state.refusal {
            snapshot.startError = refusal
            snapshot.status = .cancelled
        } else if header == nil, inner?.inputEnded == true {
            let lastWords = inner?.messages.last.map { ": \($0)" } ?? ""
            snapshot.startError = "\(EngineSolver.title(of: engine.engine)) did not start\(lastWords). Install it with `\(ProbeCommand.installHint(engine: engine.engine))`"
            snapshot.status = .cancelled
        }
        return snapshot
    }

    public var isFinished: Bool {
        let (inner, refused) = state.withLock { ($0.inner, $0.refusal != nil) }
        if refused { return true }
        guard let inner else { return true }
        return inner.isFinished || (inner.inputEnded && inner.header == nil)
    }

    public func records(from index: Int) -> (records: ArraySlice<IterationRecord>, epoch: Int) {
        guard let inner = state.withLock({ $0.inner }) else { return ([], 0) }
        return inner.records(from: index)
    }

    public func pause() { setPaused(true) }
    public func resume() { setPaused(false) }
    public func togglePause() { setPaused(!state.withLock { $0.paused }) }

    private func setPaused(_ paused: Bool) {
        guard !isFinished || !paused else { return }
        state.withLock { state in
            guard state.paused != paused, let inner = state.inner else { return }
            inner.send(signal: paused ? SIGSTOP : SIGCONT)
            state.paused = paused
            state.revision += 1
        }
    }

    /// Another engine cannot be stepped one iteration at a time.
    public func step() {}

    public func cancel() {
        state.withLock { state in
            state.inner?.shutdown()
            if state.paused { state.inner?.send(signal: SIGCONT) }
            state.paused = false
            state.revision += 1
        }
    }

    /// Speed limits are the swift engine's; the probe runs at its own pace.
    public func setSpeed(iterationsPerSecond: Double?) {}

    public func setHeatmapSize(rows: Int, columns: Int) {
        let inner = state.withLock { state -> StreamRunner? in
            state.heatmapSize = (rows, columns)
            return state.inner
        }
        inner?.setHeatmapSize(rows: rows, columns: columns)
    }

    public func requestPlan() {
        state.withLock { $0.inner }?.requestPlan()
    }

    public func shutdown() {
        cancel()
    }

    /// Ends the running probe and starts a new one on `configuration`.
    @discardableResult public func restart(with configuration: RunConfiguration) -> Int {
        state.withLock { state in
            state.inner?.shutdown()
            if state.paused { state.inner?.send(signal: SIGCONT) }
            state.configuration = configuration
            state.generation += 1
            Self.launch(&state, engine: engine, host: host, python: python)
            return state.generation
        }
    }

    public var messages: [String] { state.withLock { $0.inner }?.messages ?? [] }
}
