import Foundation
import Synchronization

/// Whether `python3` can import the probe and each engine (POT, OTT-JAX), found out once on a
/// thread of its own (importing JAX takes seconds), so the workbench's solver picker can list the
/// engines that work and say how to install the others without ever waiting.
public final class EngineAvailability: Sendable {
    public enum State: Sendable, Equatable {
        case checking
        /// The engine imports; its version.
        case available(version: String)
        /// Why not (python3 missing, a module missing), in one line.
        case missing(reason: String)
    }

    private let states: Mutex<(states: [String: State], revision: Int)>
    /// Seconds one import check may take before the engine is called missing.
    public static let timeout = 60.0

    /// Starts checking `engines` with `python` at once, each on its own thread.
    public init(checking engines: [String] = EngineSolver.engines, python: String = "python3") {
        states = Mutex((Dictionary(uniqueKeysWithValues: engines.map { ($0, State.checking) }), 0))
        for engine in engines {
            let thread = Thread { [self] in
                let state = Self.check(engine: engine, python: python)
                states.withLock { value in
                    value.states[engine] = state
                    value.revision += 1
                }
            }
            thread.name = "otlab-engine-check"
            thread.start()
        }
    }

    /// Fixed states (tests, or a caller that knows).
    public init(fixed: [String: State]) {
        states = Mutex((fixed, 0))
    }

    public func state(of engine: String) -> State {
        states.withLock { $0.states[engine] ?? .missing(reason: "not checked") }
    }

    /// Counts finished checks, so a view knows when to redraw.
    public var revision: Int { states.withLock { $0.revision } }

    /// Runs `python -c "import otlab_probe, MODULE; print(MODULE.__version__)"`.
    public static func check(engine: String, python: String) -> State {
        let module = EngineSolver.module(of: engine)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, "-c", "import otlab_probe, \(module); print(\(module).__version__)"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return .missing(reason: "\(python) could not be started")
        }
        // Read both pipes to their ends (a full pipe would stall the child), then reap it.
        let deadline = Date().addingTimeInterval(timeout)
        let reader = Thread {
            _ = try? err.fileHandleForReading.readToEnd()
        }
        reader.start()
        let data = (try? out.fileHandleForReading.readToEnd()) ?? nil
        let output = data.flatMap { String(data: $0, encoding: .utf8) } ?? ""
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            process.terminate()
            return .missing(reason: "\(python) -c 'import \(module)' took over \(Int(timeout)) s")
        }
        if process.terminationStatus == 0 {
            return .available(version: output.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        if process.terminationStatus == 127 { return .missing(reason: "\(python) not found") }
        return .missing(reason: "\(python) cannot import otlab_probe and \(module)")
    }
}
