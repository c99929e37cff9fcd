/// Greedy word wrapping by display width, for dialog and help text.
public enum TextWrap {
    /// Splits `text` into lines of at most `width` columns. Explicit newlines are kept; words longer
    /// than a line are broken.
    public static func lines(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var result: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                var word = String(word)
                while DisplayWidth.of(word) > width {
                    if !line.isEmpty { result.append(line); line = "" }
                    let head = DisplayWidth.truncate(word, toColumns: width)
                    result.append(head)
                    word = String(word.dropFirst(head.count))
                }
                if line.isEmpty {
                    line = word
                } else if DisplayWidth.of(line) + 1 + DisplayWidth.of(word) <= width {
                    line += " " + word
                } else {
                    result.append(line)
                    line = word
                }
            }
            result.append(line)
        }
        return result
    }
}
