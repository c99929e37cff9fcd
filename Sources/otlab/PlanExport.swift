import Foundation
import OTCore
import OTData
import OTSession
import OTSolvers

/// Writes plans and iteration logs to the formats the CLI and the workbench export.
enum PlanExport {
    static func checkExtension(_ path: String?, flag: String, allowed: [String]) throws {
        guard let path else { return }
        let ext = (path as NSString).pathExtension.lowercased()
        guard allowed.contains(ext) else {
            throw InputError(flag, nil, "\"\(path)\" has an unsupported extension; expected " + allowed.map { "." + $0 }.joined(separator: " or "))
        }
    }

    static func write(_ plan: TransportPlan, to path: String) throws {
        throw InputError(path, nil, "plan export lands with the data layer")
    }

    static func writeLog(_ records: [IterationRecord], to path: String) throws {
        throw InputError(path, nil, "log export lands with the data layer")
    }
}
