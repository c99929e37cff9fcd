import OTCore
import OTSession
import OTSolvers

/// What the compare (`m`) and sweep (`w`) views run for the loaded problem when opened.
enum ComparisonDefaults {
    /// Solvers worth setting beside the current one, in order of preference.
    static let companions = ["sinkhorn-log", "sns", "greenkhorn", "sinkhorn", "emd", "unbalanced", "partial-entropic"]

    /// The current solver plus two others that can take the problem, each with the current
    /// parameters they share (reg, tol, max-iter) and their own defaults otherwise. A solver whose
    /// requirements the problem fails (e.g. equal masses) is skipped.
    static func solvers(for setup: ProblemSetup, count: Int = 3) -> [(SolverDescriptor, ParameterValues)] {
        var chosen: [(SolverDescriptor, ParameterValues)] = [(setup.solver, setup.parameters)]
        for name in companions where chosen.count < count && name != setup.solver.name {
            guard let descriptor = SolverRegistry.descriptor(named: name),
                  (try? ProblemChecks.validate(setup.problem, for: descriptor)) != nil else { continue }
            chosen.append((descriptor, sharedValues(from: setup.parameters, for: descriptor)))
        }
        return chosen
    }

    /// The named solvers with the current parameters they share, in the order given.
    static func solvers(named names: [String], for setup: ProblemSetup) -> [(SolverDescriptor, ParameterValues)] {
        names.compactMap { name in
            guard let descriptor = SolverRegistry.descriptor(named: name) else { return nil }
            return (descriptor, name == setup.solver.name ? setup.parameters : sharedValues(from: setup.parameters, for: descriptor))
        }
    }

    /// The comparison to run: the given solvers (by default the current one and two others) at the
    /// workbench's speed, evaluated a few times a second so that the table's cost column moves.
    static func comparison(for setup: ProblemSetup, speed: Double?, names: [String]? = nil) -> ComparisonRun {
        ComparisonRun(entries: (names.map { solvers(named: $0, for: setup) } ?? solvers(for: setup)).map { descriptor, values in
            ComparisonRun.Entry(label: descriptor.name, configuration: RunConfiguration(
                problem: setup.problem, solver: descriptor, parameters: values, evaluation: .perSecond(10),
                iterationsPerSecond: speed))
        })
    }

    /// The sweep to run: the current solver (or log-domain Sinkhorn when it has no `reg`) at four
    /// regularizations from 4x the current one down to half of it, unthrottled, with the exact cost.
    static func sweep(for setup: ProblemSetup) -> RegularizationSweep? {
        var descriptor = setup.solver
        var values = setup.parameters
        var reg: Double
        if values.has("reg") {
            reg = values.real("reg")
        } else {
            guard let fallback = SolverRegistry.descriptor(named: "sinkhorn-log") else { return nil }
            descriptor = fallback
            values = sharedValues(from: setup.parameters, for: fallback)
            // A few percent of the largest cost: sharp enough to see, quick enough to watch.
            reg = max(1e-6, 0.02 * (setup.problem.cost.storage.max() ?? 1))
        }
        return try? RegularizationSweep(problem: setup.problem, solver: descriptor, parameters: values,
                                        regs: [4 * reg, 2 * reg, reg, reg / 2])
    }

    private static func sharedValues(from current: ParameterValues, for descriptor: SolverDescriptor) -> ParameterValues {
        var values = descriptor.defaults
        for (name, value) in current.orderedPairs where values.has(name) {
            try? values.set(name, value)
        }
        return values
    }
}
