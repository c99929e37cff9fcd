import OTCore
import OTSolvers
import Terminal

/// The compare view's solver chooser (`s` while comparing): every solver with a check box; space
/// checks or unchecks, Enter runs the checked ones, Esc leaves the comparison as it is. Solvers
/// that cannot take the loaded problem say why and cannot be checked.
public struct ComparePicker {
    /// What a key did.
    public enum Outcome: Equatable {
        case none
        case apply([String])
        case cancel
    }

    /// At most this many runs share the chart (and the cores).
    public static let maximumChosen = 5

    public private(set) var list: ListPicker
    /// The checked solver names, in registry order.
    public private(set) var chosen: [String]
    /// Why a solver cannot take the problem, by name.
    private let refusals: [String: String]

    public init(chosen: [String], problem: TransportProblem) {
        var refusals: [String: String] = [:]
        for descriptor in SolverRegistry.all {
            do { try ProblemChecks.validate(problem, for: descriptor) } catch { refusals[descriptor.name] = (error as? InputError)?.message ?? "\(error)" }
        }
        self.refusals = refusals
        self.chosen = SolverRegistry.names.filter { chosen.contains($0) }
        list = ListPicker(title: "Compare which solvers? (space check, Enter run, Esc cancel)", items: [])
        list = ListPicker(title: list.title, items: items())
    }

    public mutating func handle(_ key: Key) -> Outcome {
        switch key {
        case .character(" "):
            toggle(list.selectedIndex)
            return .none
        case .enter:
            return chosen.isEmpty ? .none : .apply(chosen)
        case .escape, .character("q"):
            return .cancel
        default:
            _ = list.handle(key)
            return .none
        }
    }

    private mutating func toggle(_ index: Int) {
        guard SolverRegistry.all.indices.contains(index) else { return }
        let name = SolverRegistry.all[index].name
        if let position = chosen.firstIndex(of: name) {
            chosen.remove(at: position)
        } else if refusals[name] == nil, chosen.count < Self.maximumChosen {
            chosen = SolverRegistry.names.filter { chosen.contains($0) || $0 == name }
        }
        let selection = list.selectedIndex
        list = ListPicker(title: list.title, items: items(), selectedIndex: selection)
    }

    private func items() -> [ListPicker.Item] {
        SolverRegistry.all.map { descriptor in
            let box = chosen.contains(descriptor.name) ? "[x] " : "[ ] "
            return ListPicker.Item(box + descriptor.name, detail: refusals[descriptor.name].map { "cannot: " + $0 } ?? descriptor.title)
        }
    }
}
