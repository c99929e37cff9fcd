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
