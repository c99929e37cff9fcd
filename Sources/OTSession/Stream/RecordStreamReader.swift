import OTCore
import OTSolvers

/// A line of a record stream that could not be read, named by its line number.
public struct StreamLineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based line number in the stream.
    public var line: Int
    public var message: String
    public var description: String { "line \(line): \(message)" }
}

/// Reads a record stream line by line (`RecordStream`, `docs/record-stream.md`).
///
/// Lenient where the format allows it: unknown fields are ignored, missing optional fields are
/// fine, a line without `type` is recognized by its fields (so the `--progress` lines of otlab
/// before the format had types still read), and a bad line is an error for that line only: the
/// caller names it and goes on with the next.
public struct RecordStreamReader: Sendable {
    /// Lines read so far (blank lines included), so errors name the line.
    public private(set) var lineNumber = 0
    /// The header read, if any.
    public private(set) var header: StreamHeader?
    /// The clock of the last record, for records that leave `seconds` out.
    private var lastSeconds = 0.0

    public init() {}

    /// Reads the next line: an event, nil for a blank line, or the reason the line is unreadable.
    public mutating func read(line: some StringProtocol) -> Result<RecordStream.Event?, StreamLineError> {
        lineNumber += 1
        let text = line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        if text.allSatisfy({ $0 == " " || $0 == "\t" }) { return .success(nil) }
        let value: JSONValue
        do {
            value = try JSONParser.parse(text)
        } catch {
            return .failure(StreamLineError(line: lineNumber, message: "not JSON (\(error.description)): \(Self.excerpt(text))"))
        }
        guard value.objectPairs != nil else {
            return .failure(StreamLineError(line: lineNumber, message: "not a JSON object: \(Self.excerpt(text))"))
        }
        do {
            let event = try event(from: value)
            if case .header(let header) = event { self.header = header }
            return .success(event)
        } catch {
            return .failure(StreamLineError(line: lineNumber, message: error.message))
        }
    }

    private struct Problem: Error { var message: String }

    private mutating func event(from value: JSONValue) throws(Problem) -> RecordStream.Event {
        let type = value["type"]?.stringValue ?? inferredType(value)
        switch type {
        case "header": return .header(try header(value))
        case "record": return .record(try record(value))
        case "plan": return .plan(try plan(value))
        case "potentials":
            guard let f = value["f"].flatMap(Self.numbers), let g = value["g"].flatMap(Self.numbers) else {
                throw Problem(message: "a potentials line needs the arrays f and g")
            }
            return .potentials(iteration: value["iteration"]?.intValue, DualPotentials(f: f, g: g))
        case "summary": return .summary(try summary(value))
        case let other?: return .unknown(type: other)
        case nil: throw Problem(message: "an object without \"type\" that is no known line (header, record, plan, potentials, summary)")
        }
    }

    /// The type of a line that does not say (otlab's older `--progress` lines had none).
    private func inferredType(_ value: JSONValue) -> String? {
        if value["stream"] != nil { return "header" }
        if value["blocks"] != nil { return "plan" }
        if value["status"] != nil { return "summary" }
        if value["iteration"] != nil && value["marginal_error"] != nil { return "record" }
        if value["f"] != nil && value["g"] != nil { return "potentials" }
        return nil
    }

    private func header(_ value: JSONValue) throws(Problem) -> StreamHeader {
        let stream = value["stream"]?.stringValue ?? RecordStream.version
        let parts = stream.split(separator: "/")
        guard parts.count == 2, parts[0] == "otlab" else {
            throw Problem(message: "the header names the format \"\(stream)\"; expected \"\(RecordStream.version)\"")
        }
        guard parts[1].split(separator: ".").first == "1" else {
            throw Problem(message: "the stream is \(stream), newer than this otlab reads (\(RecordStream.version)); update otlab")
        }
        guard let n = value["n"]?.intValue, let m = value["m"]?.intValue, n > 0, m > 0 else {
            throw Problem(message: "a header needs the problem sizes n and m (positive integers)")
        }
        var parameters: [(name: String, value: ParameterValue)] = []
        for (name, item) in value["parameters"]?.objectPairs ?? [] {
            switch item {
            case .integer(let i): parameters.append((name, .integer(i)))
            case .number(let x): parameters.append((name, .real(x)))
            case .bool(let b): parameters.append((name, .flag(b)))
            case .string(let s): parameters.append((name, RecordStream.number(item).map(ParameterValue.real) ?? .choice(s)))
            case .null: continue
            default: parameters.append((name, .choice(item.rendered)))
            }
        }
        let a = value["a"].flatMap(Self.numbers), b = value["b"].flatMap(Self.numbers)
        let xs = value["xs"].flatMap { Self.points($0, count: n) }, xt = value["xt"].flatMap { Self.points($0, count: m) }
        var choice: SolverChoice?
        if let chosen = value["auto_choice"], let method = chosen["method"]?.stringValue {
            choice = SolverChoice(method: method, reason: chosen["reason"]?.stringValue ?? "")
        }
        return StreamHeader(
            engine: value["engine"]?.stringValue ?? "unknown", engineVersion: value["engine_version"]?.stringValue,
            host: value["host"]?.stringValue, solver: value["solver"]?.stringValue ?? "unknown", parameters: parameters,
            n: n, m: m, problem: value["problem"]?.stringValue,
            a: a?.count == n ? a : nil, b: b?.count == m ? b : nil,
            xs: xs?.columns == xt?.columns ? xs : nil, xt: xs?.columns == xt?.columns ? xt : nil, choice: choice, stream: stream)
    }

    private mutating func record(_ value: JSONValue) throws(Problem) -> IterationRecord {
        guard let iteration = value["iteration"]?.intValue else { throw Problem(message: "a record needs an integer \"iteration\"") }
        guard let error = RecordStream.number(value["marginal_error"]) else {
            throw Problem(message: "the record of iteration \(iteration) has no \"marginal_error\" number")
        }
        let seconds = RecordStream.number(value["seconds"]) ?? lastSeconds
        lastSeconds = seconds
        var evaluation: SolverEvaluation?
        if let cost = RecordStream.number(value["cost"]) {
            evaluation = SolverEvaluation(
                cost: cost, objective: RecordStream.number(value["objective"]) ?? cost,
                dualObjective: RecordStream.number(value["dual_objective"]), mass: RecordStream.number(value["mass"]) ?? .nan)
        }
        let extras = (value["extras"]?.objectPairs ?? []).compactMap { name, item in
            RecordStream.number(item).map { SolverExtra(name, $0) }
        }
        return IterationRecord(iteration: iteration, seconds: seconds, marginalError: error, evaluation: evaluation, extras: extras)
    }

    private func plan(_ value: JSONValue) throws(Problem) -> StreamPlanSnapshot {
        guard let rows = value["rows"]?.intValue, let columns = value["columns"]?.intValue, rows > 0, columns > 0,
              let blocks = value["blocks"].flatMap(Self.numbers) else {
            throw Problem(message: "a plan line needs rows, columns and blocks")
        }
        guard blocks.count == rows * columns else {
            throw Problem(message: "a plan line has \(blocks.count) blocks; rows x columns is \(rows * columns)")
        }
        let n = value["n"]?.intValue ?? rows, m = value["m"]?.intValue ?? columns
        let rowSums = value["row_sums"].flatMap(Self.numbers), columnSums = value["column_sums"].flatMap(Self.numbers)
        return StreamPlanSnapshot(
            iteration: value["iteration"]?.intValue, n: max(n, rows), m: max(m, columns),
            blocks: DenseMatrix(rows: rows, columns: columns, storage: blocks),
            rowSums: rowSums?.count == n ? rowSums : nil, columnSums: columnSums?.count == m ? columnSums : nil)
    }

    private func summary(_ value: JSONValue) throws(Problem) -> StreamSummary {
        let name = value["status"]?.stringValue ?? ""
        guard let status = StreamSummary.status(named: name, reason: value["reason"]?.stringValue) else {
            throw Problem(message: "a summary with the unknown status \"\(name)\" (expected converged, max_iter, diverged or cancelled)")
        }
        return StreamSummary(
            status: status, warning: value["warning"]?.stringValue, iterations: value["iterations"]?.intValue,
            seconds: RecordStream.number(value["seconds"]), cost: RecordStream.number(value["cost"]),
            objective: RecordStream.number(value["objective"]), dualObjective: RecordStream.number(value["dual_objective"]),
            marginalError: RecordStream.number(value["marginal_error"]), mass: RecordStream.number(value["mass"]),
            nonzeros: value["nnz"]?.intValue)
    }

    private static func numbers(_ value: JSONValue) -> [Double]? {
        guard case .array(let items) = value else { return nil }
        var out: [Double] = []
        out.reserveCapacity(items.count)
        for item in items {
            guard let x = RecordStream.number(item) else { return nil }
            out.append(x)
        }
        return out
    }

    /// `count` points as an array of equally long arrays of numbers (one row per point), else nil.
    private static func points(_ value: JSONValue, count: Int) -> DenseMatrix? {
        guard case .array(let rows) = value, rows.count == count, let first = rows.first.flatMap(numbers), !first.isEmpty else { return nil }
        var storage: [Double] = []
        storage.reserveCapacity(count * first.count)
        for row in rows {
            guard let coordinates = numbers(row), coordinates.count == first.count else { return nil }
            storage += coordinates
        }
        return DenseMatrix(rows: count, columns: first.count, storage: storage)
    }

    private static func excerpt(_ text: String) -> String {
        text.count <= 40 ? "\"\(text)\"" : "\"\(text.prefix(37))...\""
    }
}
