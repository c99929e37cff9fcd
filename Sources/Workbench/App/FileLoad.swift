import Foundation
import OTCore
import OTSolvers
import Synchronization

/// Files being read for the open dialog (`o`) or for a preset picked with `p`, on a thread of
/// their own.
///
/// Reading and decoding a picture or a large CSV can take seconds (a preset names files too, or
/// generates thousands of points); done on the UI thread it froze the screen and left `q` and
/// signals unanswered. The UI thread starts a load, shows a progress
/// note with the time so far, and picks the outcome up in `WorkbenchModel.refresh` without waiting.
/// Esc abandons the load: its thread finishes on its own and its outcome is dropped.
public final class FileLoad: Sendable {
    /// What a finished load gives: the problem, or the reason it could not be read (bounded, see
    /// `MessageText`, so that a 1 MB bad cell is one short message).
    public enum Outcome: Sendable {
        case loaded(ProblemSetup)
        case failed(String)
    }

    /// The open dialog's paths (empty for a preset load).
    public let source: String
    public let target: String
    /// The preset being opened, for a load started from the preset picker.
    public let preset: String?
    /// When the load started (system uptime, seconds).
    public let started: Double
    private let outcome = Mutex<Outcome?>(nil)

    /// Starts reading `source` and `target` through `provider` on a new thread.
    public convenience init(provider: any SetupProvider, source: String, target: String, solver: SolverDescriptor,
                            parameters: ParameterValues, now: Double = ProcessInfo.processInfo.systemUptime) {
        self.init(source: source, target: target, preset: nil, now: now) {
            try provider.setup(source: source, target: target, solver: solver, parameters: parameters)
        }
    }

    /// Starts opening the preset `name` through `provider` on a new thread.
    public convenience init(provider: any SetupProvider, preset name: String, now: Double = ProcessInfo.processInfo.systemUptime) {
        self.init(source: "", target: "", preset: name, now: now) { try provider.setup(preset: name) }
    }

    private init(source: String, target: String, preset: String?, now: Double, work: @escaping @Sendable () throws -> ProblemSetup) {
        self.source = source
        self.target = target
        self.preset = preset
        self.started = now
        let thread = Thread { [self] in
            let result: Outcome
            do {
                result = .loaded(try work())
            } catch {
                result = .failed(Self.message(for: error))
            }
            outcome.withLock { $0 = result }
        }
        thread.name = "otlab-file-load"
        thread.start()
    }

    /// The outcome once the load has finished; nil while it runs. Never waits.
    public var finished: Outcome? { outcome.withLock { $0 } }

    /// The error's text, bounded in length with its size stated.
    static func message(for error: any Error) -> String {
        MessageText.bounded((error as? InputError)?.description ?? "\(error)")
    }
}
