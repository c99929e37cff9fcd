import OTCore
import OTSolvers

/// The record stream (`docs/record-stream.md`): the JSON-lines format in which any engine reports
/// a solve as it runs, so that `otlab watch` can show it. `otlab solve --progress` writes it; the
/// Python probe (`python/otlab_probe`) writes it for POT and OTT-JAX.
///
/// One JSON object per line, each with a `type`: `header` (first; carries `"stream": "otlab/1"`),
/// `record` (one per iteration), `plan` (a block-aggregated plan snapshot), `potentials`, and
/// `summary` (last). Readers ignore unknown fields and unknown types, and accept missing optional
/// fields, so the format can grow within a major version.
public enum RecordStream {
    /// The format and major version a header names; readers accept any `otlab/1.x`.
    public static let version = "otlab/1"

    /// One parsed line.
    public enum Event: Sendable, Equatable {
        case header(StreamHeader)
        case record(IterationRecord)
        case plan(StreamPlanSnapshot)
        case potentials(iteration: Int?, DualPotentials)
        case summary(StreamSummary)
        /// A valid line of a type this reader does not know (a newer producer); skipped.
        case unknown(type: String)
    }

    /// Largest problem whose weights (`a`, `b`) a header carries, and whose potentials and plan
    /// marginals a producer should write: beyond this the lines grow past a megabyte.
    public static let vectorLimit = 10_000

    /// A number as written in the stream: a JSON number, or one of the strings `inf`, `-inf`, `nan`
    /// (JSON has no non-finite numbers; a residual of `inf` means "not measured yet").
    static func number(_ value: JSONValue?) -> Double? {
        guard let value else { return nil }
        if let x = value.doubleValue { return x }
        switch value.stringValue?.lowercased() {
        case "inf", "infinity", "+inf": return .infinity
        case "-inf", "-infinity": return -.infinity
        case "nan": return .nan
        default: return nil
        }
    }

    /// A number for the stream: non-finite values as the strings `inf`, `-inf`, `nan`.
    static func value(_ x: Double) -> JSONValue {
        if x.isFinite { return .number(x) }
        return .string(x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf"))
    }

    /// An optional figure: `null` when absent.
    static func value(_ x: Double?) -> JSONValue { x.map(value) ?? .null }

    static func values(_ xs: [Double]) -> JSONValue { .array(xs.map(value)) }
}
