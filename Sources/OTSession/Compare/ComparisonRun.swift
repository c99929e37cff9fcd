import Foundation
import OTCore
import OTSolvers

/// Several solves of one problem, each through its own `SolverRunner`, with their figures
/// collected side by side: the engine of `otlab compare`, `otlab sweep` and the workbench's
/// compare and sweep views.
///
/// The runs either share the machine (one thread each, started together) or take turns (one after
/// another, so that each one's seconds are its own). Nothing here prints.
public struct ComparisonRun: Sendable {
    /// One run: a label for tables and legends, and what to run.
    public struct Entry: Sendable {
        public var label: String
        public var configuration: RunConfiguration

        public init(label: String, configuration: RunConfiguration) {
            self.label = label
            self.configuration = configuration
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// Runs of several solvers on one problem, each with its own parameters, labelled by solver name.
    public init(problem: TransportProblem, solvers: [(SolverDescriptor, ParameterValues)],
                evaluation: RunConfiguration.EvaluationPolicy = .finalOnly) {
        self.init(entries: solvers.map { solver, parameters in
            Entry(label: solver.name,
                  configuration: RunConfiguration(problem: problem, solver: solver, parameters: parameters, evaluation: evaluation))
        })
    }

    /// Starts every run at once, each on its own thread, and hands back the runners in entry order.
    /// The caller reads them as it likes (the workbench, once a frame) and shuts them down.
    public func startAll() -> [SolverRunner] {
        entries.map { SolverRunner(configuration: $0.configuration) }
    }

    /// Runs every entry to its end, blocking the caller (a headless command or a test, never the
    /// UI), and returns their outcomes in entry order. `shouldCancel` is polled every millisecond;
    /// when it turns true the runs still going are cancelled and report `cancelled`.
    public func runToEnd(concurrently: Bool, shouldCancel: () -> Bool = { false }) -> [RunOutcome] {
        if concurrently {
            let runners = startAll()
            for runner in runners { wait(for: runner, shouldCancel: shouldCancel) }
            return zip(entries, runners).map { entry, runner in
                defer { runner.shutdown() }
                return RunOutcome(label: entry.label, runner: runner)
            }
        }
        return entries.map { entry in
            let runner = SolverRunner(configuration: entry.configuration)
            defer { runner.shutdown() }
            wait(for: runner, shouldCancel: shouldCancel)
            return RunOutcome(label: entry.label, runner: runner)
        }
    }

    private func wait(for runner: SolverRunner, shouldCancel: () -> Bool) {
        var cancelled = false
        while !runner.isFinished {
            if !cancelled && shouldCancel() {
                runner.cancel()
                cancelled = true
            }
            usleep(1000)
        }
    }
}
