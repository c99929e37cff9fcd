/// Makes text taken from an input safe to show in a one-line message.
///
/// File names, cells, column names and YAML values come from whoever wrote the input: a name with a
/// newline splits the message, an escape sequence (`ESC[2J`) acts on the terminal, and a 1 MB cell
/// makes a 1 MB line. `escaped` writes control characters as visible escapes; `excerpt` also cuts
/// long text, saying how long it was.
public enum DisplayText {
    /// `text` with control characters (C0, DEL, C1) written as `\n`, `\t`, `\r`, `\e` or `\u{..}`,
    /// and a replacement character for bytes that were not UTF-8 kept as it is. Text without
    /// control characters is returned unchanged.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            guard isControl(scalar) else { result.unicodeScalars.append(scalar); continue }
            switch scalar.value {
            case 0x0A: result += "\\n"
            case 0x09: result += "\\t"
            case 0x0D: result += "\\r"
            case 0x1B: result += "\\e"
            case 0x00: result += "\\0"
            default: result += "\\u{" + String(scalar.value, radix: 16) + "}"
            }
        }
        return result
    }

    /// Raw bytes that should be UTF-8 text (a file name from the command line) made showable:
    /// valid UTF-8 kept (control characters escaped as `escaped` does), and every byte that is not
    /// part of a valid UTF-8 sequence written as `\xNN`, so a Latin-1 name shows which bytes it
    /// holds instead of U+FFFD replacement characters.
    public static func escaped(bytes: some Collection<UInt8>) -> String {
        let bytes = Array(bytes)
        var result = "", index = 0
        while index < bytes.count {
            let length = validSequenceLength(bytes, at: index)
            if length == 0 {
                result += "\\x" + (bytes[index] < 16 ? "0" : "") + String(bytes[index], radix: 16)
                index += 1
            } else {
                result += escaped(String(decoding: bytes[index..<(index + length)], as: UTF8.self))
                index += length
            }
        }
        return result
    }

    /// Whether `bytes` are valid UTF-8 text.
    public static func isValidUTF8(_ bytes: some Collection<UInt8>) -> Bool {
        let bytes = Array(bytes)
        var index = 0
        while index < bytes.count {
            let length = validSequenceLength(bytes, at: index)
            if length == 0 { return false }
            index += length
        }
        return true
    }

    /// The length of the valid UTF-8 sequence starting at `index` (1 to 4), or 0 when the byte
    /// there does not start one (a stray continuation byte, an overlong form, a surrogate, a value
    /// past U+10FFFF, or a sequence cut short).
    private static func validSequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let lead = bytes[index]
        if lead < 0x80 { return 1 }
        let length: Int, low: UInt8, high: UInt8
        switch lead {
        case 0xC2...0xDF: (length, low, high) = (2, 0x80, 0xBF)
        case 0xE0: (length, low, high) = (3, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (length, low, high) = (3, 0x80, 0xBF)
        case 0xED: (length, low, high) = (3, 0x80, 0x9F)
        case 0xF0: (length, low, high) = (4, 0x90, 0xBF)
        case 0xF1...0xF3: (length, low, high) = (4, 0x80, 0xBF)
        case 0xF4: (length, low, high) = (4, 0x80, 0x8F)
        default: return 0
        }
        guard index + length <= bytes.count, (low...high).contains(bytes[index + 1]) else { return 0 }
        for offset in 2..<max(2, length) where !(0x80...0xBF).contains(bytes[index + offset]) { return 0 }
        return length
    }

    /// `text` escaped and cut to at most `limit` characters, with "... (N bytes)" saying how long it
    /// was when cut.
    public static func excerpt<S: StringProtocol>(_ text: S, limit: Int = 80) -> String {
        let byteCount = text.utf8.count
        // Cheap for huge text: only a prefix is ever looked at.
        if byteCount <= limit { return escaped(String(text)) }
        let head = escaped(String(text.prefix(limit)))
        return String(head.prefix(limit)) + "... (\(byteCount) bytes)"
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
