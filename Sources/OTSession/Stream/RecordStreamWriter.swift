import Foundation
import OTCore
import OTSolvers

/// Writes the lines of a record stream (`RecordStream`, `docs/record-stream.md`), one JSON object
/// per line without the newline. `otlab solve --progress` prints these; tests read them back with
/// `RecordStreamReader`.
public enum RecordStreamWriter {
    /// The header line.
    public static func header(_ header: StreamHeader) -> String {
        var pairs: [(String, JSONValue)] = [
            ("stream", .string(header.stream)),
            ("type", .string("header")),
            ("engine", .string(header.engine)),
        ]
        if let version = header.engineVersion { pairs.append(("engine_version", .string(version))) }
        if let host = header.host { pairs.append(("host", .string(host))) }
        pairs += [
            ("solver", .string(header.solver)),
            ("parameters", .object(header.parameters.map { ($0.name, parameter($0.value)) })),
        ]
        if let choice = header.choice {
            pairs.append(("auto_choice", .object([("method", .string(choice.method)), ("reason", .string(choice.reason))])))
        }
        pairs += [
            ("n", .integer(header.n)),
            ("m", .integer(header.m)),
        ]
        if let problem = header.problem { pairs.append(("problem", .string(problem))) }
        if let a = header.a { pairs.append(("a", RecordStream.values(a))) }
        if let b = header.b { pairs.append(("b", RecordStream.values(b))) }
        for (name, points) in [("xs", header.xs), ("xt", header.xt)] {
            guard let points else { continue }
            pairs.append((name, .array((0..<points.rows).map { i in RecordStream.values((0..<points.columns).map { points[i, $0] }) })))
        }
        return JSONValue.object(pairs).rendered
    }

    /// One iteration's record. Objectives not evaluated at this iteration are `null`.
    public static func record(_ record: IterationRecord) -> String {
        var pairs: [(String, JSONValue)] = [
            ("type", .string("record")),
            ("iteration", .integer(record.iteration)),
            ("seconds", RecordStream.value(record.seconds)),
            ("marginal_error", RecordStream.value(record.marginalError)),
            ("cost", RecordStream.value(record.cost)),
            ("objective", RecordStream.value(record.objective)),
            ("dual_objective", RecordStream.value(record.dualObjective)),
        ]
        if let mass = record.evaluation?.mass { pairs.append(("mass", RecordStream.value(mass))) }
        if !record.extras.isEmpty {
            pairs.append(("extras", .object(record.extras.map { ($0.name, RecordStream.value($0.value)) })))
        }
        return JSONValue.object(pairs).rendered
    }

    /// A block-aggregated plan snapshot: `blocks` row-major, `rows` x `columns`.
    public static func plan(_ snapshot: StreamPlanSnapshot) -> String {
        var pairs: [(String, JSONValue)] = [("type", .string("plan"))]
        if let iteration = snapshot.iteration { pairs.append(("iteration", .integer(iteration))) }
        pairs += [
            ("n", .integer(snapshot.n)),
            ("m", .integer(snapshot.m)),
            ("rows", .integer(snapshot.blocks.rows)),
            ("columns", .integer(snapshot.blocks.columns)),
            ("blocks", RecordStream.values(snapshot.blocks.storage)),
        ]
        if let rowSums = snapshot.rowSums { pairs.append(("row_sums", RecordStream.values(rowSums))) }
        if let columnSums = snapshot.columnSums { pairs.append(("column_sums", RecordStream.values(columnSums))) }
        return JSONValue.object(pairs).rendered
    }

    /// Dual potentials f (length n) and g (length m).
    public static func potentials(_ potentials: DualPotentials, iteration: Int?) -> String {
        var pairs: [(String, JSONValue)] = [("type", .string("potentials"))]
        if let iteration { pairs.append(("iteration", .integer(iteration))) }
        pairs += [("f", RecordStream.values(potentials.f)), ("g", RecordStream.values(potentials.g))]
        return JSONValue.object(pairs).rendered
    }

    /// The summary line from its figures.
    public static func summary(_ summary: StreamSummary) -> String {
        var pairs: [(String, JSONValue)] = [("type", .string("summary")), ("status", .string(summary.status.name))]
        if let reason = summary.status.reason { pairs.append(("reason", .string(reason))) }
        if let warning = summary.warning { pairs.append(("warning", .string(warning))) }
        pairs += [
            ("iterations", summary.iterations.map(JSONValue.integer) ?? .null),
            ("seconds", RecordStream.value(summary.seconds)),
            ("cost", RecordStream.value(summary.cost)),
            ("objective", RecordStream.value(summary.objective)),
            ("dual_objective", RecordStream.value(summary.dualObjective)),
            ("marginal_error", RecordStream.value(summary.marginalError)),
            ("mass", RecordStream.value(summary.mass)),
            ("nnz", summary.nonzeros.map(JSONValue.integer) ?? .null),
        ]
        return JSONValue.object(pairs).rendered
    }

    /// The summary line from a `--json` report object (`RunReport.summary`): the same object with
    /// `"type": "summary"` first, so `--progress` ends with everything `--json` prints.
    public static func summary(report: JSONValue) -> String {
        guard case .object(let pairs) = report else { return report.rendered }
        return JSONValue.object([("type", .string("summary"))] + pairs.filter { $0.0 != "type" }).rendered
    }

    /// The header of a run of otlab's own (Swift) engine on this machine.
    public static func localHeader(problem: TransportProblem, solver: String, parameters: ParameterValues,
                                   engineVersion: String?, description: String? = nil, choice: SolverChoice? = nil) -> StreamHeader {
        let small = problem.sourceCount <= RecordStream.vectorLimit && problem.targetCount <= RecordStream.vectorLimit
        return StreamHeader(
            engine: "swift", engineVersion: engineVersion, host: ProcessInfo.processInfo.hostName, solver: solver,
            parameters: parameters.orderedPairs.map { ($0.name, $0.value) }, n: problem.sourceCount, m: problem.targetCount,
            problem: description, a: small ? problem.a : nil, b: small ? problem.b : nil,
            xs: small ? problem.source.points : nil, xt: small ? problem.target.points : nil, choice: choice)
    }

    private static func parameter(_ value: ParameterValue) -> JSONValue {
        switch value {
        case .real(let x): RecordStream.value(x)
        case .integer(let i): .integer(i)
        case .choice(let s): .string(s)
        case .flag(let b): .bool(b)
        }
    }
}
