import Foundation
import OTCore

/// Writes point clouds, dense matrices and sparse plans as comma-separated text.
///
/// Numbers use Swift's shortest round-trip form, so reading a file back gives the same doubles,
/// and `np.loadtxt(path, delimiter=",", skiprows=1)` (or `skiprows=0` for matrices) reads them.
/// Files are written atomically.
public enum CSVWriter {
    /// A point cloud as `x0,...,x{d-1},weight` rows, which `CSVReader` reads back.
    /// A measure without points is written as a single `weight` column.
    public static func pointCloudText(_ measure: Measure) -> String {
        let dimension = measure.points?.columns ?? 0
        var lines = [((0..<dimension).map { "x\($0)" } + ["weight"]).joined(separator: ",")]
        lines.reserveCapacity(measure.count + 1)
        for i in 0..<measure.count {
            var cells: [String] = []
            if let points = measure.points {
                for k in 0..<dimension { cells.append(format(points[i, k])) }
            }
            cells.append(format(measure.weights[i]))
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A dense matrix, one row per line, without a header (`np.savetxt(path, M, delimiter=",")` style).
    public static func matrixText(_ matrix: DenseMatrix) -> String {
        var lines: [String] = []
        lines.reserveCapacity(matrix.rows)
        for i in 0..<matrix.rows {
            lines.append(matrix.row(i).map(format).joined(separator: ","))
        }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    /// A sparse plan as `row,column,value` triplets with 0-based indices, after that header.
    public static func tripletsText(_ plan: SparsePlan) -> String {
        var lines = ["row,column,value"]
        lines.reserveCapacity(plan.entries.count + 1)
        for entry in plan.entries {
            lines.append("\(entry.row),\(entry.column),\(format(entry.value))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func writePointCloud(_ measure: Measure, to path: String) throws(InputError) {
        try AtomicFileWriter.write(Data(pointCloudText(measure).utf8), to: path)
    }

    public static func writeMatrix(_ matrix: DenseMatrix, to path: String) throws(InputError) {
        try AtomicFileWriter.write(Data(matrixText(matrix).utf8), to: path)
    }

    public static func writeTriplets(_ plan: SparsePlan, to path: String) throws(InputError) {
        try AtomicFileWriter.write(Data(tripletsText(plan).utf8), to: path)
    }

    /// Shortest text that reads back as the same double (`1.0` is written `1`).
    static func format(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return "\(x)"
    }
}
