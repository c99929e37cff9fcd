import Foundation
import OTCore
import OTData
import OTSession
import OTSolvers

/// The files the workbench's export (`x`) writes next to `stem`: the plan (.npy), the iteration log
/// (.csv) and the plan as a heatmap picture (.png, log scale, viridis).
public enum ExportFiles {
    /// Writes the three files and returns their paths, in that order.
    public static func write(plan: TransportPlan, records: [IterationRecord], stem: String) throws -> [String] {
        let planPath = stem + "-plan.npy", logPath = stem + "-log.csv", heatmapPath = stem + "-heatmap.png"
        try PlanWriter.write(plan, to: planPath)
        try TextFileWriter.write(RunReport.logCSV(records), to: logPath)
        try PNGWriter.write(PlanHeatmapImage().render(plan), to: heatmapPath)
        return [planPath, logPath, heatmapPath]
    }
}
