import OTCore

extension StreamHeader {
    /// The header's parameters as otlab parameter values, each with a descriptor that accepts only
    /// its own value (a watched run's parameters are shown, never edited: the producer owns them).
    public var parameterValues: ParameterValues {
        let descriptors = parameters.map { name, value -> ParameterDescriptor in
            let kind: ParameterDescriptor.Kind
            switch value {
            case .real(let x): kind = .real(default: x, range: x.isFinite ? x...x : -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude, logScale: false)
            case .integer(let i): kind = .integer(default: i, range: i...i)
            case .choice(let s): kind = .choice(default: s, options: [s])
            case .flag(let b): kind = .flag(default: b)
            }
            return ParameterDescriptor(name: name, label: name, kind: kind, help: "Set by the stream's producer (\(engine)).")
        }
        return ParameterValues(defaultsFor: descriptors)
    }
}
