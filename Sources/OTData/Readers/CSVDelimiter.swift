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
        var cells: [Substring] = []
        split(ArraySlice(line.utf8), into: &cells)
        return cells
    }

    /// Appends the trimmed fields of one line, given as UTF-8 bytes, to `cells`.
    /// Lines without quotes are cut at the separator bytes directly (the common, fast case).
    func split(_ line: ArraySlice<UInt8>, into cells: inout [Substring]) {
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D }
        func field(_ start: Int, _ end: Int) -> Substring {
            var first = start, last = end
            while first < last, isSpace(line[first]) { first += 1 }
            while last > first, isSpace(line[last - 1]) { last -= 1 }
            return Substring(String(decoding: line[first..<last], as: UTF8.self))
        }
        guard let separator = character?.asciiValue else {
            var index = line.startIndex
            while index < line.endIndex {
                while index < line.endIndex, isSpace(line[index]) { index += 1 }
                guard index < line.endIndex else { break }
                let start = index
                while index < line.endIndex, !isSpace(line[index]) { index += 1 }
                cells.append(Self.unquoted(field(start, index)))
            }
            return
        }
        guard !line.contains(UInt8(ascii: "\"")) else {
            cells.append(contentsOf: splitQuoted(Substring(String(decoding: line, as: UTF8.self))))
            return
        }
        var start = line.startIndex
        for index in line.indices where line[index] == separator {
            cells.append(field(start, index))
            start = index + 1
        }
        cells.append(field(start, line.endIndex))
    }

    /// The slow path of `split` for lines with quotes.
    private func splitQuoted(_ line: Substring) -> [Substring] {
        let separator = character ?? ","
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
    /// The substring without leading and trailing spaces, tabs and carriage returns (ASCII only,
    /// so it works on bytes and never breaks graphemes).
    func trimmingSpaces() -> Substring {
        let bytes = utf8
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }) else { return self[endIndex...] }
        guard let last = bytes.lastIndex(where: { !isSpace($0) }) else { return self[endIndex...] }
        return Substring(bytes[first...last])
    }
}
