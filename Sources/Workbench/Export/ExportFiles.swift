import Foundation
import OTCore
import OTData
import OTSession
import OTSolvers

/// The files the workbench's export (`x`) writes next to `stem`: the plan (.npy), the iteration log
/// (.csv) and the plan as a heatmap picture (.png, log scale, viridis, the density `P/(ab)` as the
/// plan pane draws it).
public enum ExportFiles {
    /// What each file's name adds to the stem.
    public static let suffixes = ["-plan.npy", "-log.csv", "-heatmap.png"]

    /// `stem` when none of its files exists yet, else the first of `stem-2`, `stem-3`, ... that is
    /// free: a second export in the same second gets its own files instead of overwriting the first.
    public static func unusedStem(_ stem: String, fileExists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }) -> String {
        var candidate = stem, number = 1
        while suffixes.contains(where: { fileExists(candidate + $0) }) {
            number += 1
            candidate = "\(stem)-\(number)"
        }
        return candidate
    }

    /// Writes the three files and returns their paths, in that order.
    public static func write(_ content: ExportContent, stem: String) throws -> [String] {
        let planPath = stem + suffixes[0], logPath = stem + suffixes[1], heatmapPath = stem + suffixes[2]
        try PlanWriter.write(content.plan, to: planPath)
        try TextFileWriter.write(RunReport.logCSV(content.records), to: logPath)
        try PNGWriter.write(PlanHeatmapImage().render(content.plan, a: content.a, b: content.b), to: heatmapPath)
        return [planPath, logPath, heatmapPath]
    }

    /// The written files' names for the status line, their shared stem said once so the line fits:
    /// "otlab-emd-1764000000: plan.npy, log.csv, heatmap.png".
    public static func summary(_ paths: [String]) -> String {
        let names = paths.map { ($0 as NSString).lastPathComponent }
        guard names.count > 1, let first = names.first else { return names.joined(separator: ", ") }
        var stem = Substring(first)
        while !stem.isEmpty && !names.allSatisfy({ $0.hasPrefix(stem + "-") }) {
            guard let dash = stem.lastIndex(of: "-") else { stem = ""; break }
            stem = stem[..<dash]
        }
        guard !stem.isEmpty else { return names.joined(separator: ", ") }
        return "\(stem): " + names.map { String($0.dropFirst(stem.count + 1)) }.joined(separator: ", ")
    }
}
