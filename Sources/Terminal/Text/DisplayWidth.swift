/// How many terminal columns text occupies.
///
/// A small, table-driven approximation of `wcwidth` that does not depend on the C locale: East
/// Asian wide and fullwidth ranges and emoji take two columns, everything else one. Control
/// characters are never written to the buffer (they are replaced), so they count as one.
public enum DisplayWidth {
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
        0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
        0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    /// Columns taken by one grapheme: 1 or 2.
    public static func of(_ character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first?.value else { return 1 }
        for range in wideRanges where range.contains(scalar) { return 2 }
        return 1
    }

    /// Columns taken by a string.
    public static func of(_ text: String) -> Int {
        text.reduce(0) { $0 + of($1) }
    }

    /// The longest prefix of `text` that fits in `columns`, with `ellipsis` appended when cut.
    public static func truncate(_ text: String, toColumns columns: Int, ellipsis: String = "") -> String {
        guard columns > 0 else { return "" }
        if of(text) <= columns { return text }
        let budget = columns - of(ellipsis)
        guard budget >= 0 else { return String(text.prefix(columns)) }
        var result = "", used = 0
        for character in text {
            let width = of(character)
            if used + width > budget { break }
            result.append(character)
            used += width
        }
        return result + ellipsis
    }

    /// `text` padded with spaces (or truncated) to exactly `columns` columns.
    public static func pad(_ text: String, toColumns columns: Int) -> String {
        let cut = truncate(text, toColumns: columns)
        return cut + String(repeating: " ", count: max(0, columns - of(cut)))
    }
}
