/// A parameter value of one of the descriptor kinds.
public enum ParameterValue: Sendable, Equatable, CustomStringConvertible {
    case real(Double)
    case integer(Int)
    case choice(String)
    case flag(Bool)

    public var description: String {
        switch self {
        case .real(let x): ParameterValue.format(x)
        case .integer(let x): String(x)
        case .choice(let x): x
        case .flag(let x): x ? "true" : "false"
        }
    }

    /// The value as a real number where that makes sense.
    public var realValue: Double? {
        switch self {
        case .real(let x): x
        case .integer(let x): Double(x)
        default: nil
        }
    }

    /// Shortest round-tripping text for a number (Swift's `description` is shortest-exact).
    public static func format(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return "\(x)"
    }

    /// A compact rendering such as 1e5, 2.5e-7 or 0.35 for messages (two significant digits).
    public static func formatShort(_ x: Double) -> String {
        guard x.isFinite, x != 0 else { return "\(x)" }
        let exponent = Int(libmFloor(libmLog10(abs(x))))
        if exponent >= -2 && exponent <= 4 {
            let rounded = (x * 100).rounded() / 100
            return format(rounded)
        }
        let mantissa = ((x / libmPow(10, Double(exponent))) * 10).rounded() / 10
        return "\(format(mantissa))e\(exponent)"
    }

    /// Parses a real number, also accepting a fraction such as `1/1200`.
    public static func parseReal(_ text: String) -> Double? {
        if let x = Double(text) { return x }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 2, let n = Double(parts[0].trimmingCharacters()), let d = Double(parts[1].trimmingCharacters()), d != 0 {
            return n / d
        }
        return nil
    }
}

extension Substring {
    func trimmingCharacters() -> String { String(self).trimmingWhitespace() }
}

/// The values of a solver's parameters, keyed by descriptor name and complete: every descriptor
/// has a value (its default until set).
public struct ParameterValues: Sendable, Equatable {
    public private(set) var descriptors: [ParameterDescriptor]
    private var values: [String: ParameterValue]

    /// Every parameter at its default.
    public init(defaultsFor descriptors: [ParameterDescriptor]) {
        self.descriptors = descriptors
        self.values = Dictionary(uniqueKeysWithValues: descriptors.map { ($0.name, $0.defaultValue) })
    }

    public func descriptor(named name: String) -> ParameterDescriptor? {
        descriptors.first { $0.name == name }
    }

    public subscript(name: String) -> ParameterValue? { values[name] }

    /// Sets a validated value; unknown names and out-of-range values are input errors.
    public mutating func set(_ name: String, _ value: ParameterValue, source: String? = nil) throws(InputError) {
        guard let descriptor = descriptor(named: name) else {
            let known = descriptors.map(\.name).joined(separator: ", ")
            throw InputError(source ?? "--\(name)", nil, "unknown parameter \"\(name)\"; this solver takes \(known)")
        }
        var normalized = value
        if case .real = descriptor.kind, case .integer(let x) = value { normalized = .real(Double(x)) }
        try descriptor.validate(normalized, source: source)
        values[name] = normalized
    }

    /// Parses text and sets it (CLI flags, preset fields, form fields).
    public mutating func set(_ name: String, text: String, source: String? = nil) throws(InputError) {
        guard let descriptor = descriptor(named: name) else {
            let known = descriptors.map(\.name).joined(separator: ", ")
            throw InputError(source ?? "--\(name)", nil, "unknown parameter \"\(name)\"; this solver takes \(known)")
        }
        values[name] = try descriptor.parse(text, source: source)
    }

    /// True when the solver has a parameter of this name.
    public func has(_ name: String) -> Bool { values[name] != nil }

    public func real(_ name: String) -> Double {
        guard let x = values[name]?.realValue else { preconditionFailure("no real parameter \(name)") }
        return x
    }

    public func integer(_ name: String) -> Int {
        switch values[name] {
        case .integer(let x): return x
        case .real(let x): return Int(x)
        default: preconditionFailure("no integer parameter \(name)")
        }
    }

    public func choice(_ name: String) -> String {
        guard case .choice(let x) = values[name] else { preconditionFailure("no choice parameter \(name)") }
        return x
    }

    public func flag(_ name: String) -> Bool {
        guard case .flag(let x) = values[name] else { preconditionFailure("no flag parameter \(name)") }
        return x
    }

    /// (name, value) pairs in descriptor order, for reports and JSON.
    public var orderedPairs: [(name: String, value: ParameterValue)] {
        descriptors.map { ($0.name, values[$0.name]!) }
    }
}
