import OTCore
import OTSolvers

/// The figures of a run as JSON and CSV: the headless `--json` summary, `--progress` lines and the
/// iteration log, shared by the CLI and the workbench's export.
public enum RunReport {
    /// The summary object printed by `otlab solve --json` (DESIGN.md "Headless contract").
    /// With `lesson` (a preset's lesson statistic for the final plan) the object ends with
    /// `"lesson": {"statistic": NAME, "iteration": N, "figures": {...}}`.
    public static func summary(snapshot: RunSnapshot, plan: TransportPlan?, problem: TransportProblem,
                               lesson: LessonFigures? = nil) -> JSONValue {
        let last = snapshot.latest
        // A diverged run has no valid plan: its figures are null, never a number that looks right.
        let diverged = snapshot.status.reason != nil
        let evaluation = diverged ? nil : snapshot.latestEvaluated?.evaluation
        let plan = diverged ? nil : plan
        var pairs: [(String, JSONValue)] = [
            ("solver", .string(snapshot.solverName)),
            ("status", .string(snapshot.status.name)),
        ]
        if let reason = snapshot.status.reason { pairs.append(("reason", .string(reason))) }
        if let warning = snapshot.warning { pairs.append(("warning", .string(warning))) }
        if let choice = snapshot.choice {
            pairs.append(("auto_choice", .object([
                ("method", .string(choice.method)),
                ("reason", .string(choice.reason)),
                ("switches", .array(choice.switches.map { .string($0) })),
            ])))
        }
        pairs += [
            ("iterations", .integer(last?.iteration ?? 0)),
            ("seconds", .number(last?.seconds ?? 0)),
            ("cost", .number(evaluation?.cost)),
            ("objective", .number(evaluation?.objective)),
            ("dual_objective", .number(evaluation?.dualObjective)),
            ("marginal_error", .number(last?.marginalError)),
            ("mass", .number(evaluation?.mass ?? plan?.mass)),
            ("nnz", plan.map { .integer($0.nonzeroCount()) } ?? .null),
            ("n", .integer(problem.sourceCount)),
            ("m", .integer(problem.targetCount)),
            ("parameters", parameters(snapshot.parameters)),
        ]
        if let last, !last.extras.isEmpty { pairs.append(("extras", extras(last.extras))) }
        if let lesson { pairs.append(("lesson", Self.lesson(lesson))) }
        return .object(pairs)
    }

    /// A lesson statistic's figures: its name, the plan's iteration and every named value.
    public static func lesson(_ figures: LessonFigures) -> JSONValue {
        .object([
            ("statistic", .string(figures.statistic)),
            ("iteration", figures.iteration.map { .integer($0) } ?? .null),
            ("figures", .object(figures.figures.map { figure in
                switch figure.value {
                case .number(let x): (figure.key, .number(x))
                case .numbers(let xs): (figure.key, .array(xs.map { .number($0) }))
                }
            })),
        ])
    }

    /// One `--progress` line: the iteration record as a JSON object.
    public static func progressLine(_ record: IterationRecord) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("iteration", .integer(record.iteration)),
            ("seconds", .number(record.seconds)),
            ("marginal_error", .number(record.marginalError)),
            ("cost", .number(record.cost)),
            ("objective", .number(record.objective)),
            ("dual_objective", .number(record.dualObjective)),
        ]
        if !record.extras.isEmpty { pairs.append(("extras", extras(record.extras))) }
        return .object(pairs)
    }

    public static func parameters(_ values: ParameterValues) -> JSONValue {
        .object(values.orderedPairs.map { pair in
            switch pair.value {
            case .real(let x): (pair.name, .number(x))
            case .integer(let x): (pair.name, .integer(x))
            case .choice(let x): (pair.name, .string(x))
            case .flag(let x): (pair.name, .bool(x))
            }
        })
    }

    static func extras(_ extras: [SolverExtra]) -> JSONValue {
        .object(extras.map { ($0.name, .number($0.value)) })
    }

    /// The iteration log as CSV: a header, then one row per record (empty cells where a record
    /// was not evaluated); extra columns are the union of the records' extras.
    public static func logCSV(_ records: [IterationRecord]) -> String {
        var extraNames: [String] = []
        for record in records {
            for extra in record.extras where !extraNames.contains(extra.name) { extraNames.append(extra.name) }
        }
        var out = (["iteration", "seconds", "marginal_error", "cost", "objective", "dual_objective"] + extraNames).joined(separator: ",") + "\n"
        func cell(_ x: Double?) -> String { x.map { $0.isFinite ? "\($0)" : "" } ?? "" }
        for record in records {
            var row = [String(record.iteration), cell(record.seconds), cell(record.marginalError),
                       cell(record.cost), cell(record.objective), cell(record.dualObjective)]
            row += extraNames.map { cell(record.extra($0)) }
            out += row.joined(separator: ",") + "\n"
        }
        return out
    }

    /// The iteration log as a JSON array of progress objects.
    public static func logJSON(_ records: [IterationRecord]) -> String {
        JSONValue.array(records.map(progressLine)).rendered + "\n"
    }
}
