/// The header of a `.npy` file: element type, memory order and shape.
///
/// The file starts with the magic `\x93NUMPY`, a major and minor version byte, the header length
/// (2 bytes little-endian in version 1.0, 4 bytes in 2.0 and 3.0) and then the header itself: a
/// Python dict literal such as `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }`,
/// padded with spaces and ending in a newline. This type parses that literal without a Python
/// interpreter and renders it back the way NumPy does.
public struct NPYHeader: Sendable, Equatable {
    /// NumPy's dtype descriptor, e.g. `<f8`.
    public var descr: String
    /// True when the data is stored column-major (Fortran order).
    public var fortranOrder: Bool
    /// The array's shape; `[]` for a scalar.
    public var shape: [Int]

    public init(descr: String, fortranOrder: Bool, shape: [Int]) {
        self.descr = descr
        self.fortranOrder = fortranOrder
        self.shape = shape
    }

    /// The six magic bytes every `.npy` file starts with.
    public static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

    /// The shape as NumPy prints it: `(3,)`, `(3, 2)`, `()`.
    public var shapeText: String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    /// The dict literal as NumPy writes it, without padding.
    public var dictionaryText: String {
        "{'descr': '\(descr)', 'fortran_order': \(fortranOrder ? "True" : "False"), 'shape': \(shapeText), }"
    }

    /// Parses the header's dict literal; on failure returns what was wrong, for an error message.
    public static func parse(dictionary text: String) -> Result<NPYHeader, HeaderSyntaxError> {
        var scanner = LiteralScanner(text)
        var descr: String?
        var fortranOrder: Bool?
        var shape: [Int]?
        guard scanner.consume("{") else { return .failure(HeaderSyntaxError("the header is not a dict literal")) }
        while true {
            if scanner.consume("}") { break }
            guard let key = scanner.string() else {
                return .failure(HeaderSyntaxError("expected a quoted key in the header dict near \"\(scanner.rest(12))\""))
            }
            guard scanner.consume(":") else { return .failure(HeaderSyntaxError("expected ':' after key '\(key)'")) }
            switch key {
            case "descr":
                guard let value = scanner.string() else {
                    return .failure(HeaderSyntaxError("'descr' is not a simple dtype string (structured dtypes are not supported)"))
                }
                descr = value
            case "fortran_order":
                guard let value = scanner.boolean() else { return .failure(HeaderSyntaxError("'fortran_order' is not True or False")) }
                fortranOrder = value
            case "shape":
                guard let value = scanner.integerTuple() else {
                    return .failure(HeaderSyntaxError("'shape' is not a tuple of non-negative integers"))
                }
                shape = value
            default:
                return .failure(HeaderSyntaxError("unexpected key '\(key)' in the header"))
            }
            if scanner.consume(",") { continue }
            guard scanner.consume("}") else { return .failure(HeaderSyntaxError("expected ',' or '}' after '\(key)'")) }
            break
        }
        guard let descr else { return .failure(HeaderSyntaxError("the header has no 'descr'")) }
        guard let fortranOrder else { return .failure(HeaderSyntaxError("the header has no 'fortran_order'")) }
        guard let shape else { return .failure(HeaderSyntaxError("the header has no 'shape'")) }
        return .success(NPYHeader(descr: descr, fortranOrder: fortranOrder, shape: shape))
    }

    /// What is wrong with a header literal.
    public struct HeaderSyntaxError: Error, Sendable, Equatable {
        public var message: String
        init(_ message: String) { self.message = message }
    }
}

/// A tiny scanner for the subset of Python literals that appears in `.npy` headers.
private struct LiteralScanner {
    private let characters: [Character]
    private var position = 0

    init(_ text: String) { characters = Array(text) }

    mutating func skipSpaces() {
        while position < characters.count, characters[position].isWhitespace { position += 1 }
    }

    mutating func consume(_ c: Character) -> Bool {
        skipSpaces()
        guard position < characters.count, characters[position] == c else { return false }
        position += 1
        return true
    }

    func rest(_ count: Int) -> String {
        String(characters[min(position, characters.count)..<min(position + count, characters.count)])
    }

    /// A single- or double-quoted string without escapes.
    mutating func string() -> String? {
        skipSpaces()
        guard position < characters.count, characters[position] == "'" || characters[position] == "\"" else { return nil }
        let quote = characters[position]
        var end = position + 1
        while end < characters.count, characters[end] != quote { end += 1 }
        guard end < characters.count else { return nil }
        let value = String(characters[(position + 1)..<end])
        position = end + 1
        return value
    }

    mutating func boolean() -> Bool? {
        skipSpaces()
        for (word, value) in [("True", true), ("False", false)] {
            let end = position + word.count
            if end <= characters.count, String(characters[position..<end]) == word {
                position = end
                return value
            }
        }
        return nil
    }

    /// `(3, 2)`, `(3,)`, `()` (also `[3, 2]` and Python 2's `3L`).
    mutating func integerTuple() -> [Int]? {
        skipSpaces()
        guard position < characters.count, characters[position] == "(" || characters[position] == "[" else { return nil }
        let closing: Character = characters[position] == "(" ? ")" : "]"
        position += 1
        var values: [Int] = []
        while true {
            if consume(closing) { return values }
            skipSpaces()
            var digits = ""
            while position < characters.count, characters[position].isASCII, characters[position].isNumber {
                digits.append(characters[position])
                position += 1
            }
            if position < characters.count, characters[position] == "L" { position += 1 }
            guard let value = Int(digits) else { return nil }
            values.append(value)
            if consume(",") { continue }
            guard consume(closing) else { return nil }
            return values
        }
    }
}
