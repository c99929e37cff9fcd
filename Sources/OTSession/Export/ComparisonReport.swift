import OTSolvers

/// The figures of a comparison or a sweep as JSON: one object per run, printed one per line by
/// `otlab compare --json` and `otlab sweep --json`.
public enum ComparisonReport {
    /// A compare line: `name`, `status`, (`reason`), `iterations`, `seconds`, `marginalError`,
    /// `cost`, `objective`, `parameters` and the convergence `log` (iteration, seconds, error).
    public static func solverLine(_ outcome: RunOutcome) -> JSONValue {
        .object(common(outcome, first: ("name", .string(outcome.label))) + [
            ("parameters", RunReport.parameters(outcome.parameters)),
            ("log", log(outcome.records)),
        ])
    }

    /// A sweep line: `reg`, the run's figures, the `exactCost` of the problem and the entropic
    /// `bias` = cost - exactCost (null when the exact cost was not computed).
    public static func sweepLine(_ outcome: RunOutcome, exactCost: Double?) -> JSONValue {
        let bias = outcome.cost.flatMap { cost in exactCost.map { cost - $0 } }
        return .object([("solver", .string(outcome.solverName))] + common(outcome, first: ("reg", .number(outcome.regularization))) + [
            ("exactCost", .number(exactCost)),
            ("bias", .number(bias)),
        ])
    }

    private static func common(_ outcome: RunOutcome, first: (String, JSONValue)) -> [(String, JSONValue)] {
        var pairs: [(String, JSONValue)] = [first, ("status", .string(outcome.status.name))]
        if let reason = outcome.status.reason { pairs.append(("reason", .string(reason))) }
        pairs += [
            ("iterations", .integer(outcome.iterations)),
            ("seconds", .number(outcome.seconds)),
            ("marginalError", .number(outcome.marginalError)),
            ("cost", .number(outcome.cost)),
            ("objective", .number(outcome.objective)),
        ]
        return pairs
    }

    /// The convergence log: one small object per kept record.
    static func log(_ records: [IterationRecord]) -> JSONValue {
        .array(records.map { record in
            .object([("iteration", .integer(record.iteration)), ("seconds", .number(record.seconds)),
                     ("marginalError", .number(record.marginalError))])
        })
    }
}
