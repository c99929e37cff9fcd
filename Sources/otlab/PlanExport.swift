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

    /// `.npy`: the dense plan; `.csv`: dense rows, or triplets for a sparse plan (`PlanWriter`).
    static func write(_ plan: TransportPlan, to path: String) throws {
        try PlanWriter.write(plan, to: path)
    }

    static func writeLog(_ records: [IterationRecord], to path: String) throws {
        switch (path as NSString).pathExtension.lowercased() {
        case "csv": try TextFileWriter.write(RunReport.logCSV(records), to: path)
        case "json": try TextFileWriter.write(RunReport.logJSON(records), to: path)
        default: throw InputError(path, nil, "unsupported log format; expected .csv or .json")
        }
    }
}
