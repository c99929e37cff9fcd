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

    /// Reads the point cloud in the file at `path`; the extension `.tsv` forces tab separation.
    public static func readMeasure(at path: String) throws(InputError) -> Measure {
        let data = try FileInput.contents(of: path)
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError(path, nil, "is not UTF-8 text; expected a CSV file with a header row")
        }
        return try parseMeasure(text, source: path, pathExtension: FileInput.pathExtension(of: path))
    }

    /// Parses point-cloud text; `source` names the input in errors.
    public static func parseMeasure(_ text: String, source: String, pathExtension: String = "csv") throws(InputError) -> Measure {
        var body = Substring(text)
        if body.first == "\u{FEFF}" { body.removeFirst() }
        let lines = body.split(omittingEmptySubsequences: false, whereSeparator: { $0.isNewline })

        // Meaningful lines with their 1-based line numbers.
        var content: [(number: Int, text: Substring)] = []
        for (offset, line) in lines.enumerated() {
            let trimmed = line.trimmingSpaces()
            if trimmed.isEmpty || trimmed.first == "#" { continue }
            content.append((offset + 1, line))
        }
        guard let header = content.first else {
            throw InputError(source, nil, "the file is empty; expected a header row (e.g. x,y,weight) and one row per point")
        }

        let delimiter = CSVDelimiter.detect(pathExtension: pathExtension, headerLine: header.text)
        let columns = try parseHeader(header.text, delimiter: delimiter, source: source, line: header.number)
        let rows = content.dropFirst()
        guard !rows.isEmpty else {
            throw InputError(source, "line \(header.number)", "header only, no data rows; expected one row per point after the header")
        }

        let coordinateColumns = columns.indices.filter { $0 != columns.weightIndex }
        let dimension = coordinateColumns.count
        let n = rows.count
        var coordinates = [Double]()
        coordinates.reserveCapacity(n * dimension)
        var weights = [Double]()
        weights.reserveCapacity(n)

        for row in rows {
            let cells = delimiter.split(row.text)
            guard cells.count == columns.names.count else {
                throw InputError(source, "line \(row.number)",
                                 "\(cells.count) \(cells.count == 1 ? "cell" : "cells"), expected \(columns.names.count) (one per header column: \(columns.names.joined(separator: ", ")))")
            }
            for (index, cell) in cells.enumerated() {
                let name = columns.names[index]
                let value = try number(cell, column: name, source: source, line: row.number)
                if index == columns.weightIndex {
                    guard value >= 0 else {
                        throw InputError(source, "line \(row.number)", "column \"\(name)\": weight \(cell) is negative; expected a weight >= 0")
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
                throw InputError(source, "column \"\(columns.names[weightIndex])\"", "the weights sum to 0; expected a positive total mass")
            }
            guard mass.isFinite else {
                throw InputError(source, "column \"\(columns.names[weightIndex])\"", "the weights sum to infinity; expected a finite total mass")
            }
        } else {
            weights = [Double](repeating: 1.0 / Double(n), count: n)
        }
        let points = DenseMatrix(rows: n, columns: dimension, storage: coordinates)
        return Measure(weights: weights, points: points)
    }

    /// The header's column names and the position of the weight column.
    private struct Header {
        var names: [String]
        var weightIndex: Int?
        var indices: Range<Int> { names.indices }
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
            let found = weightPositions.map { "\"\(names[$0])\"" }.joined(separator: " and ")
            throw InputError(source, "line \(number)", "two weight columns (\(found)); expected at most one column named weight or w")
        }
        guard names.count > weightPositions.count else {
            throw InputError(source, "line \(number)", "no coordinate columns; expected numeric columns such as x,y besides \"\(names[0])\" (a weight vector alone belongs in a .npy file with a cost matrix)")
        }
        return Header(names: names, weightIndex: weightPositions.first)
    }

    private static func number(_ cell: Substring, column: String, source: String, line: Int) throws(InputError) -> Double {
        guard !cell.isEmpty else {
            throw InputError(source, "line \(line)", "column \"\(column)\": empty cell; expected a number")
        }
        guard let value = Double(cell) else {
            throw InputError(source, "line \(line)", "column \"\(column)\": \"\(cell)\" is not a number")
        }
        guard value.isFinite else {
            throw InputError(source, "line \(line)", "column \"\(column)\": \"\(cell)\" is not a finite number; expected no NaN or infinity")
        }
        return value
    }
}
