/// Greedy word wrapping by display width, for dialog and help text.
public enum TextWrap {
    /// Splits `text` into lines of at most `width` columns. Explicit newlines are kept; words longer
    /// than a line are broken. Linear in the length of the text: each character is measured once
    /// (a 1 MB word used to be re-measured for every line cut from it, quadratic, seconds a frame).
    public static func lines(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var result: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = "", lineWidth = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                let wordWidth = DisplayWidth.of(String(word))
                if wordWidth > width {
                    // Too long for any line: its own lines, cut by columns; the rest starts a line.
                    if !line.isEmpty { result.append(line) }
                    line = ""
                    lineWidth = 0
                    for character in word {
                        let columns = DisplayWidth.of(character)
                        if lineWidth + columns > width && !line.isEmpty {
                            result.append(line)
                            line = ""
                            lineWidth = 0
                        }
                        line.append(character)
                        lineWidth += columns
                    }
                } else if line.isEmpty {
                    line = String(word)
                    lineWidth = wordWidth
                } else if lineWidth + 1 + wordWidth <= width {
                    line += " " + word
                    lineWidth += 1 + wordWidth
                } else {
                    result.append(line)
                    line = String(word)
                    lineWidth = wordWidth
                }
            }
            result.append(line)
        }
        return result
    }

    /// Lays out a readout's fields (`"it 376"`, `"error 6.9e-6"`, ...) in lines of at most `width`
    /// columns: fields two spaces apart, a line broken only between fields, and a field wider than
    /// a line wrapped by words (its continuation indented by one column). A readout that is cut
    /// at the edge hides the very figure a person asked for; wrapped, every field shows.
    public static func fields(_ fields: [String], width: Int) -> [String] {
        guard width > 0 else { return [] }
        var result: [String] = [], line = "", lineWidth = 0
        for field in fields where !field.isEmpty {
            let fieldWidth = DisplayWidth.of(field)
            if fieldWidth > width {
                if !line.isEmpty { result.append(line) }
                let wrapped = lines(field, width: width)
                result += wrapped.prefix(1) + wrapped.dropFirst().flatMap { lines($0, width: max(1, width - 1)).map { " " + $0 } }
                line = ""
                lineWidth = 0
            } else if line.isEmpty {
                line = field
                lineWidth = fieldWidth
            } else if lineWidth + 2 + fieldWidth <= width {
                line += "  " + field
                lineWidth += 2 + fieldWidth
            } else {
                result.append(line)
                line = field
                lineWidth = fieldWidth
            }
        }
        if !line.isEmpty { result.append(line) }
        return result
    }

    /// The fields of a readout written with two spaces between them.
    public static func fields(of readout: String) -> [String] {
        var result: [String] = [], current = "", spaces = 0
        for character in readout {
            if character == " " { spaces += 1; continue }
            if spaces >= 2, !current.isEmpty {
                result.append(current)
                current = ""
            } else if spaces == 1, !current.isEmpty {
                current.append(" ")
            }
            spaces = 0
            current.append(character)
        }
        if !current.isEmpty { result.append(current) }
        return result
    }
}
