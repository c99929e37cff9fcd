import Foundation
import Synchronization
import Testing
import OTCore
import OTData
@testable import Workbench
import TestScratch

/// The workbench export (`x`) writes the plan, the log and the heatmap PNG, and says so.
@Suite struct ExportFilesTests {
    @Test func exportWritesTheHeatmapNextToThePlanAndSaysSo() throws {
        let model = WorkbenchModel(setup: try smallSetup(), provider: nil)
        defer { model.shutdown() }
        let directory = TestScratch.root.appendingPathComponent("otlab-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        _ = render(model)
        #expect(waitForFinish(model))
        let written = Mutex<[String]>([])
        model.exportWriter = { content, _ in
            let paths = try ExportFiles.write(content, stem: directory.appendingPathComponent("run").path)
            written.withLock { $0 = paths }
            return paths
        }
        model.perform(.export)
        let deadline = Date().addingTimeInterval(10)
        while written.withLock({ $0.isEmpty }) && Date() < deadline { usleep(5000); model.refresh() }
        let paths = written.withLock { $0 }
        #expect(paths.map { ($0 as NSString).lastPathComponent } == ["run-plan.npy", "run-log.csv", "run-heatmap.png"])
        for path in paths { #expect(FileManager.default.fileExists(atPath: path), "\(path)") }
        // The 24 x 24 plan becomes 10-pixel squares: 240 x 240, decoded by our own reader.
        let heatmap = try PNGReader.read(at: directory.appendingPathComponent("run-heatmap.png").path)
        #expect(heatmap.width == 240 && heatmap.height == 240)
        #expect(render(model).string(row: 39).contains("exported run: plan.npy, log.csv, heatmap.png"))
    }

    /// The exported picture draws the density P/(ab), as the plan pane does: a product plan of 700 x
    /// 530 points with uneven weights (summed into 512 blocks of one or two points) is one colour
    /// in the PNG read back from disk.
    @Test func exportedHeatmapOfAProductPlanIsOneColour() throws {
        let directory = TestScratch.root.appendingPathComponent("otlab-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let a = PlanViewTests.weights(700, seed: 3), b = PlanViewTests.weights(530, seed: 4)
        let plan = DenseMatrix(rows: a.count, columns: b.count) { i, j in a[i] * b[j] }
        let paths = try ExportFiles.write(ExportContent(plan: .dense(plan), a: a, b: b, records: []),
                                          stem: directory.appendingPathComponent("product").path)
        let image = try PNGReader.read(at: paths[2])
        #expect(image.width == 512 && image.height == 512)
        #expect(PlanHeatmapImageTests.distinctColours(image) == 1)
    }

    @Test func summarySaysTheSharedStemOnce() {
        #expect(ExportFiles.summary(["/tmp/otlab-emd-17-plan.npy", "/tmp/otlab-emd-17-log.csv", "/tmp/otlab-emd-17-heatmap.png"])
                == "otlab-emd-17: plan.npy, log.csv, heatmap.png")
        #expect(ExportFiles.summary(["/a/x-plan.npy", "/a/y-log.csv"]) == "x-plan.npy, y-log.csv")
        #expect(ExportFiles.summary(["/a/only.npy"]) == "only.npy")
    }
}
