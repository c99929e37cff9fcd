import OTCore

/// What a generator produces: one measure (a source or a target), or a whole problem with its
/// own cost matrix (random assignment).
public enum GeneratedInput: Sendable {
    case measure(Measure)
    case problem(TransportProblem)

    /// The measure, or nil for a whole problem.
    public var measure: Measure? {
        if case .measure(let m) = self { return m }
        return nil
    }

    /// The problem, or nil for a single measure.
    public var problem: TransportProblem? {
        if case .problem(let p) = self { return p }
        return nil
    }
}
