/// One solver parameter described once: its name, default, range, unit and help.
///
/// The CLI flags, preset keys, the parameter form in the workbench and the docs all read these
/// descriptors, so a parameter is never defined twice.
public struct ParameterDescriptor: Sendable, Equatable, Identifiable {
    /// The kind of value with its default and allowed range.
    public enum Kind: Sendable, Equatable {
        /// A real number in `range`; `logScale` says that it is adjusted by factors (e.g. `reg`).
        case real(default: Double, range: ClosedRange<Double>, logScale: Bool)
        case integer(default: Int, range: ClosedRange<Int>)
        case choice(default: String, options: [String])
        case flag(default: Bool)
    }

    /// CLI flag and preset key, e.g. `reg`, `max-iter`.
    public var name: String
    /// Short human label, e.g. "regularization".
    public var label: String
    public var kind: Kind
    /// Unit of the value, e.g. "cost units"; empty when dimensionless.
    public var unit: String
    /// One or two sentences on what the parameter does.
    public var help: String

    public var id: String { name }

    public init(name: String, label: String, kind: Kind, unit: String = "", help: String) {
        self.name = name
        self.label = label
        self.kind = kind
        self.unit = unit
        self.help = help
    }

    public var defaultValue: ParameterValue {
        switch kind {
        case .real(let d, _, _): .real(d)
        case .integer(let d, _): .integer(d)
        case .choice(let d, _): .choice(d)
        case .flag(let d): .flag(d)
        }
    }

    /// A one-line description of the allowed values, e.g. "a number in [1e-6, 1e3]".
    public var rangeDescription: String {
        switch kind {
        case .real(_, let r, _): "a number in [\(ParameterValue.format(r.lowerBound)), \(ParameterValue.format(r.upperBound))]"
        case .integer(_, let r): "a whole number in [\(r.lowerBound), \(r.upperBound)]"
        case .choice(_, let options): "one of " + options.joined(separator: ", ")
        case .flag: "true or false"
        }
    }

    /// Parses and validates a value typed by a person (CLI flag, preset field, form field).
    /// Reals accept fractions such as `1/1200`.
    public func parse(_ text: String, source: String? = nil) throws(InputError) -> ParameterValue {
        let trimmed = text.trimmingWhitespace()
        let value: ParameterValue
        switch kind {
        case .real:
            guard let number = ParameterValue.parseReal(trimmed) else {
                throw InputError(source ?? "--\(name)", nil, "\"\(text)\" is not a number; expected \(rangeDescription)")
            }
            value = .real(number)
        case .integer:
            guard let number = Int(trimmed) else {
                throw InputError(source ?? "--\(name)", nil, "\"\(text)\" is not a whole number; expected \(rangeDescription)")
            }
            value = .integer(number)
        case .choice:
            value = .choice(trimmed)
        case .flag:
            switch trimmed.lowercased() {
            case "true", "yes", "on", "1": value = .flag(true)
            case "false", "no", "off", "0": value = .flag(false)
            default: throw InputError(source ?? "--\(name)", nil, "\"\(text)\" is not a flag; expected true or false")
            }
        }
        try validate(value, source: source)
        return value
    }

    /// Checks that a value has the right kind and lies in range.
    public func validate(_ value: ParameterValue, source: String? = nil) throws(InputError) {
        let where_ = source ?? "--\(name)"
        switch (kind, value) {
        case (.real(_, let range, _), .real(let x)):
            guard x.isFinite, range.contains(x) else {
                throw InputError(where_, nil, "\(ParameterValue.format(x)) is out of range; expected \(rangeDescription)")
            }
        case (.real(_, let range, _), .integer(let x)):
            guard range.contains(Double(x)) else {
                throw InputError(where_, nil, "\(x) is out of range; expected \(rangeDescription)")
            }
        case (.integer(_, let range), .integer(let x)):
            guard range.contains(x) else {
                throw InputError(where_, nil, "\(x) is out of range; expected \(rangeDescription)")
            }
        case (.choice(_, let options), .choice(let x)):
            guard options.contains(x) else {
                throw InputError(where_, nil, "\"\(x)\" is not a valid choice; expected \(rangeDescription)")
            }
        case (.flag, .flag):
            return
        default:
            throw InputError(where_, nil, "\(value) has the wrong kind; expected \(rangeDescription)")
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}
