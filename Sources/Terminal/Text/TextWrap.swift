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
}
