import OTSession
import OTSolvers

/// One line of the solver picker (`s`): a solver to switch to (otlab's own, or an engine's run
/// through the Python probe), or a note about an engine that is still being checked or is not
/// installed, which says how to install it.
public enum SolverPickerItem {
    case solver(SolverDescriptor)
    case note(engine: String, text: String)

    /// otlab's solvers, then each engine's solvers where python3 imports it, or a note where it
    /// does not (yet).
    static func items(availability: EngineAvailability?) -> [SolverPickerItem] {
        var items = SolverRegistry.all.map(SolverPickerItem.solver)
        guard let availability else { return items }
        for engine in EngineSolver.engines {
            let title = EngineSolver.title(of: engine)
            switch availability.state(of: engine) {
            case .available:
                items += EngineSolver.all.filter { $0.engine == engine }.map { .solver($0.descriptor) }
            case .checking:
                items.append(.note(engine: engine, text: "checking whether python3 imports \(title)…"))
            case .missing(let reason):
                items.append(.note(engine: engine, text: "\(title): \(reason); install: \(ProbeCommand.installHint(engine: engine))"))
            }
        }
        return items
    }

    /// The key column: the solver's name, or the engine's.
    var key: String {
        switch self {
        case .solver(let descriptor): descriptor.name
        case .note(let engine, _): "\(engine):"
        }
    }

    /// The text column: the solver's title (with the engine's version where known), or the note.
    func text(availability: EngineAvailability?) -> String {
        switch self {
        case .solver(let descriptor):
            if let engine = EngineSolver.named(descriptor.name), case .available(let version)? = availability?.state(of: engine.engine) {
                return "\(descriptor.title) · \(version)"
            }
            return descriptor.title
        case .note(_, let text): return text
        }
    }

    /// The line under the list for the selected item.
    var summary: String {
        switch self {
        case .solver(let descriptor): descriptor.summary
        case .note(_, let text): text
        }
    }
}
