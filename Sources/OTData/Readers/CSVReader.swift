import Foundation
import OTCore

/// Reads a point cloud from CSV, TSV or whitespace-separated text with a header row.
///
/// One row per point. A column named `weight` or `w` (any case) gives the weights; every other
/// column is a coordinate and must hold finite numbers. Without a weight column the weights are
/// uniform, `1/n`. Weights are returned as given, not normalized: the unbalanced and partial
/// solvers need the real masses, and normalization is the caller's decision (see DESIGN.md).
///
/// Blank lines and lines starting with `#` are skipped, header names may be quoted, and CRLF line
/// ends are accepted. Every problem is an `InputError` naming the file, the line and the column.
public enum CSVReader {
    /// Header names (compared case-insensitively) that mark the weight column.
    public static let weightColumnNames: Set<String> = ["weight", "w"]

    /// The header's column names for a message: all of them when few, else the first eight and a count
    /// (a fuzzed file with 500,000 columns made a 1.5 MB error line).
    static func listed(_ names: [String]) -> String {
        let shown = names.prefix(8).map { DisplayText.excerpt($0, limit: 40) }
        guard names.count > 8 else { return shown.joined(separator: ", ") }
        return shown.joined(separator: ", ") + ", ... (\(names.count) columns)"
    }

    /// A column name for a message: quoted, escaped, cut to 40 characters.
    static func quoted(_ name: some StringProtocol) -> String { "\"\(DisplayText.excerpt(name, limit: 40))\"" }

    /// Reads the point cloud in the file at `path`; the extension `.tsv` forces tab separation.
    public static func readMeasure(at path: String, limits: InputLimits = .current) throws(InputError) -> Measure {
        let data = try FileInput.contents(of: path, limits: limits)
        return try parse(bytes: [UInt8](data), source: path, pathExtension: FileInput.pathExtension(of: path), limits: limits)
    }

    /// Parses point-cloud text; `source` names the input in errors.
    public static func parseMeasure(_ text: String, source: String, pathExtension: String = "csv") throws(InputError) -> Measure {
        try parse(bytes: Array(text.utf8), source: source, pathExtension: pathExtension)
    }

    /// The parser proper. It works on UTF-8 bytes: going through `Character`s would pay for
    /// grapheme breaking on every byte of files that can hold millions of numbers.
    static func parse(bytes: [UInt8], source: String, pathExtension: String, limits: InputLimits = .current) throws(InputError) -> Measure {
        if let encoding = TextEncoding.wideEncoding(of: bytes) {
            throw InputError(source, nil, TextEncoding.refusal(encoding))
        }
        let content = contentLines(of: bytes)
        guard let header = content.first else {
            throw InputError(source, nil, "the file is empty; expected a header row (e.g. x,y,weight) and one row per point")
        }
        let headerText = Substring(String(decoding: bytes[header.range], as: UTF8.self))
        let delimiter = CSVDelimiter.detect(pathExtension: pathExtension, headerLine: headerText)
        let columns = try parseHeader(headerText, delimiter: delimiter, source: source, line: header.number)
        let rows = content.dropFirst()
        guard !rows.isEmpty else {
            throw InputError(source, "line \(header.number)", "header only, no data rows; expected one row per point after the header")
        }

        let width = columns.names.count
        let dimension = width - (columns.weightIndex == nil ? 0 : 1)
        let n = rows.count
        var coordinates = [Double]()
        // Rows x columns, but never more than the file has bytes: every cell takes at least one.
        // A wide header over many short rows (found while writing the fuzz harness: 500,000 columns and as many rows
        // of "1" in a 2 MB file) would otherwise reserve terabytes before the first row is checked.
        let (cellCount, overflow) = n.multipliedReportingOverflow(by: dimension)
        // A claim the file cannot hold (more cells than bytes) ends in a ragged-row error below.
        if !overflow, cellCount <= bytes.count {
            try limits.requireElements(cellCount, "\(n) rows of \(dimension) coordinates", source: source)
        }
        coordinates.reserveCapacity(overflow ? bytes.count : min(cellCount, bytes.count))
        var weights = [Double]()
        weights.reserveCapacity(n)
        var cells: [Substring] = []
        cells.reserveCapacity(width)

        for row in rows {
            cells.removeAll(keepingCapacity: true)
            delimiter.split(bytes[row.range], into: &cells)
            guard cells.count == width else {
                throw InputError(source, "line \(row.number)",
                                 "\(cells.count) \(cells.count == 1 ? "cell" : "cells"), expected \(width) (one per header column: \(Self.listed(columns.names)))")
            }
            for (index, cell) in cells.enumerated() {
                let value = try number(cell, column: columns.names[index], source: source, line: row.number)
                if index == columns.weightIndex {
                    guard value >= 0 else {
                        throw InputError(source, "line \(row.number)", "column \(quoted(columns.names[index])): weight \(DisplayText.excerpt(cell, limit: 40)) is negative; expected a weight >= 0")
                    }
                    weights.append(value)
                } else {
                    coordinates.append(value)
                }
            }
        }

        if let weightIndex = columns.weightIndex {
            let mass = weights.reduce(0, +)
            guard mass > 0 else {
                throw InputError(source, "column \(quoted(columns.names[weightIndex]))", "the weights sum to 0; expected a positive total mass")
            }
            guard mass.isFinite else {
                throw InputError(source, "column \(quoted(columns.names[weightIndex]))", "the weights sum to infinity; expected a finite total mass")
            }
        } else {
            weights = [Double](repeating: 1.0 / Double(n), count: n)
        }
        let points = DenseMatrix(rows: n, columns: dimension, storage: coordinates)
        return Measure(weights: weights, points: points)
    }

    /// The byte ranges of the lines that hold data or the header, with their 1-based line numbers:
    /// blank lines and `#` comments are dropped, line ends may be `\n`, `\r\n` or `\r`, and a
    /// UTF-8 byte order mark is ignored.
    private static func contentLines(of bytes: [UInt8]) -> [(number: Int, range: Range<Int>)] {
        var result: [(number: Int, range: Range<Int>)] = []
        var lineStart = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var number = 1
        var index = lineStart
        func keep(_ end: Int) {
            var first = lineStart
            while first < end, bytes[first] == 0x20 || bytes[first] == 0x09 { first += 1 }
            if first < end, bytes[first] != UInt8(ascii: "#") { result.append((number, lineStart..<end)) }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D {
                keep(index)
                index += (byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A) ? 2 : 1
                number += 1
                lineStart = index
            } else {
                index += 1
            }
        }
        if lineStart < bytes.count { keep(bytes.count) }
        return result
    }

    /// The header's column names and the position of the weight column.
    private struct Header {
        var names: [String]
        var weightIndex: Int?
    }

    private static func parseHeader(_ line: Substring, delimiter: CSVDelimiter, source: String, line number: Int) throws(InputError) -> Header {
        let names = delimiter.split(line).map(String.init)
        for (index, name) in names.enumerated() where name.isEmpty {
            throw InputError(source, "line \(number)", "header column \(index + 1) has no name; expected a name for every column (e.g. x,y,weight)")
        }
        if names.allSatisfy({ Double($0) != nil }) {
            throw InputError(source, "line \(number)", "the first row holds numbers, not column names; expected a header row naming the columns (e.g. x,y,weight)")
        }
        let weightPositions = names.indices.filter { weightColumnNames.contains(names[$0].lowercased()) }
        guard weightPositions.count <= 1 else {
            let found = weightPositions.map { quoted(names[$0]) }.joined(separator: " and ")
            throw InputError(source, "line \(number)", "two weight columns (\(found)); expected at most one column named weight or w")
        }
        guard names.count > weightPositions.count else {
            throw InputError(source, "line \(number)", "no coordinate columns; expected numeric columns such as x,y besides \(quoted(names[0])) (a weight vector alone belongs in a .npy file with a cost matrix)")
        }
        return Header(names: names, weightIndex: weightPositions.first)
    }

    private static func number(_ cell: Substring, column: String, source: String, line: Int) throws(InputError) -> Double {
        guard !cell.isEmpty else {
            throw InputError(source, "line \(line)", "column \(quoted(column)): empty cell; expected a number")
        }
        // Double(_:) reads a C string and stops at a NUL byte: "7\u{0}123" would be 7.
        guard !cell.utf8.contains(0), let value = Double(cell) else {
            throw InputError(source, "line \(line)", "column \(quoted(column)): \(quoted(cell)) is not a number; expected a number (every column holds a coordinate or the weight)")
        }
        guard value.isFinite else {
            throw InputError(source, "line \(line)", "column \(quoted(column)): \(quoted(cell)) is not a finite number; expected no NaN or infinity")
        }
        return value
    }
}
