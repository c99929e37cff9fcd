import OTCore
import OTSolvers

/// One entropic solver over a list of regularizations on one problem, with the exact (network
/// simplex) cost as the reference when the problem is small enough: the engine of `otlab sweep`
/// and the workbench's sweep view.
///
/// The transport cost `<P_reg, C>` of an entropic plan exceeds the exact cost by the entropic bias,
/// which shrinks as `reg` goes to zero; the sweep shows how much, reg by reg. Nothing here prints.
public struct RegularizationSweep: Sendable {
    /// Problems with at most this many cost entries (n x m) also get the exact cost.
    public static let exactCostLimit = 1_000_000

    public var problem: TransportProblem
    public var solver: SolverDescriptor
    /// One parameter set per regularization, in the order given.
    public var parameterSets: [ParameterValues]
    /// Whether the exact run is part of the sweep.
    public var includesExact: Bool
    /// Why the exact run was left out, when it was (too large, a solver that is not balanced OT, or
    /// masses the exact solver refuses).
    public var exactOmission: String?

    /// Checks that the solver has a regularization and that every value is in its range.
    public init(problem: TransportProblem, solver: SolverDescriptor, parameters: ParameterValues, regs: [Double],
                includesExact: Bool? = nil) throws {
        guard parameters.has("reg") else {
            throw InputError("--solver", nil, "\(solver.name) has no regularization to sweep; use an entropic solver such as sinkhorn-log")
        }
        guard !regs.isEmpty else { throw InputError("--regs", nil, "no regularizations given; expected a list such as 1,0.3,0.1") }
        parameterSets = try regs.map { reg in
            var values = parameters
            try values.set("reg", .real(reg), source: "--regs")
            return values
        }
        self.problem = problem
        self.solver = solver
        if let includesExact {
            self.includesExact = includesExact
            exactOmission = includesExact ? nil : "not asked for"
        } else if problem.sourceCount * problem.targetCount > Self.exactCostLimit {
            self.includesExact = false
            exactOmission = "more than \(Self.exactCostLimit) cost entries"
        } else if !solver.requiresEqualMass {
            self.includesExact = false
            exactOmission = "\(solver.name) does not solve balanced OT, so the exact cost is not its limit"
        } else if let exact = SolverRegistry.descriptor(named: "emd"), (try? ProblemChecks.validate(problem, for: exact)) == nil {
            self.includesExact = false
            exactOmission = "the exact solver needs equal masses"
        } else {
            self.includesExact = true
            exactOmission = nil
        }
    }

    public var regs: [Double] { parameterSets.map { $0.real("reg") } }

    /// The runs: one per regularization (labelled `reg=X`), then the exact one (labelled `emd`).
    public func comparison(evaluation: RunConfiguration.EvaluationPolicy = .finalOnly) -> ComparisonRun {
        var entries = parameterSets.map { values in
            ComparisonRun.Entry(label: "reg=\(ParameterValue.format(values.real("reg")))",
                                configuration: RunConfiguration(problem: problem, solver: solver, parameters: values, evaluation: evaluation))
        }
        if includesExact, let exact = SolverRegistry.descriptor(named: "emd") {
            entries.append(ComparisonRun.Entry(
                label: exact.name,
                configuration: RunConfiguration(problem: problem, solver: exact, parameters: exact.defaults, evaluation: evaluation)))
        }
        return ComparisonRun(entries: entries)
    }

    /// The outcomes of a finished comparison split into the sweep's runs and the exact run.
    public func split(_ outcomes: [RunOutcome]) -> (runs: [RunOutcome], exact: RunOutcome?) {
        let count = parameterSets.count
        return (Array(outcomes.prefix(count)), includesExact && outcomes.count > count ? outcomes[count] : nil)
    }

    /// Runs the whole sweep to its end (headless, tests), blocking the caller.
    public func run(concurrently: Bool = false, shouldCancel: () -> Bool = { false }) -> (runs: [RunOutcome], exact: RunOutcome?) {
        split(comparison().runToEnd(concurrently: concurrently, shouldCancel: shouldCancel))
    }
}
