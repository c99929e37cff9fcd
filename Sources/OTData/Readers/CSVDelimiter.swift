/// The field separator of a delimited text file.
///
/// Detected from the file extension (`.tsv` means tab) or from the header line, whose column names
/// cannot contain the separator: tab, then comma, then semicolon; a header with none of them but
/// with spaces is split on runs of whitespace (`np.savetxt` style `.txt`).
public enum CSVDelimiter: Sendable, Equatable {
    case comma
    case tab
    case semicolon
    /// One or more spaces or tabs; empty fields cannot occur.
    case whitespace

    /// The separator for a file, from its extension when that decides, else from its header line.
    public static func detect(pathExtension: String, headerLine: Substring) -> CSVDelimiter {
        if pathExtension.lowercased() == "tsv" { return .tab }
        if headerLine.contains("\t") { return .tab }
        if headerLine.contains(",") { return .comma }
        if headerLine.contains(";") { return .semicolon }
        if headerLine.trimmingSpaces().contains(" ") { return .whitespace }
        return .comma
    }

    /// The separator character, or nil for runs of whitespace.
    var character: Character? {
        switch self {
        case .comma: ","
        case .tab: "\t"
        case .semicolon: ";"
        case .whitespace: nil
        }
    }

    /// Splits one line into trimmed fields. Double-quoted fields may contain the separator and
    /// escape a quote as `""`; the quotes are removed.
    func split(_ line: Substring) -> [Substring] {
        guard let separator = character else {
            return line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { Self.unquoted($0) }
        }
        guard line.contains("\"") else {
            return line.split(separator: separator, omittingEmptySubsequences: false).map { $0.trimmingSpaces() }
        }
        var fields: [Substring] = []
        var current = ""
        var inQuotes = false
        var index = line.startIndex
        while index < line.endIndex {
            let c = line[index]
            let next = line.index(after: index)
            if inQuotes {
                if c == "\"" {
                    if next < line.endIndex, line[next] == "\"" {
                        current.append("\"")
                        index = line.index(after: next)
                        continue
                    }
                    inQuotes = false
                } else {
                    current.append(c)
                }
            } else if c == "\"" {
                inQuotes = true
            } else if c == separator {
                fields.append(Substring(current).trimmingSpaces())
                current = ""
            } else {
                current.append(c)
            }
            index = next
        }
        fields.append(Substring(current).trimmingSpaces())
        return fields
    }

    private static func unquoted(_ field: Substring) -> Substring {
        if field.count >= 2, field.first == "\"", field.last == "\"" {
            return field.dropFirst().dropLast()
        }
        return field
    }
}

extension Substring {
    /// The substring without leading and trailing spaces, tabs and carriage returns.
    func trimmingSpaces() -> Substring {
        var s = self
        while let c = s.first, c == " " || c == "\t" || c == "\r" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\r" { s.removeLast() }
        return s
    }
}
