import Foundation
import OTCore
import OTData
import OTSession
import OTSolvers

/// Writes plans and iteration logs in the formats of `--plan-out` and `--log-out`, atomically.
enum PlanExport {
    static func checkExtension(_ path: String?, flag: String, allowed: [String]) throws {
        guard let path else { return }
        let ext = (path as NSString).pathExtension.lowercased()
        guard allowed.contains(ext) else {
            throw InputError(flag, nil, "\"\(path)\" has an unsupported extension; expected " + allowed.map { "." + $0 }.joined(separator: " or "))
        }
    }

    /// `.npy`: the dense plan (sparse plans are expanded); `.csv`: dense rows, or
    /// `row,column,value` triplets for a sparse plan.
    static func write(_ plan: TransportPlan, to path: String) throws {
        switch ((path as NSString).pathExtension.lowercased(), plan) {
        case ("npy", _): try NPYWriter.write(matrix: plan.denseMatrix(), to: path)
        case ("csv", .sparse(let sparse)): try CSVWriter.writeTriplets(sparse, to: path)
        case ("csv", .dense(let dense)): try CSVWriter.writeMatrix(dense, to: path)
        default: throw InputError(path, nil, "unsupported plan format; expected .npy or .csv")
        }
    }

    static func writeLog(_ records: [IterationRecord], to path: String) throws {
        switch (path as NSString).pathExtension.lowercased() {
        case "csv": try TextFileWriter.write(RunReport.logCSV(records), to: path)
        case "json": try TextFileWriter.write(RunReport.logJSON(records), to: path)
        default: throw InputError(path, nil, "unsupported log format; expected .csv or .json")
        }
    }
}
