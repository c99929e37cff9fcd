import Foundation
import Testing
import OTCore
import OTData
import Terminal
@testable import Workbench

/// The plan heatmap picture: its size, its colours from the Terminal colormap, and a PNG that our
/// own reader decodes.
@Suite struct PlanHeatmapImageTests {
    @Test func smallPlansAreScaledUpAndColouredByTheColormap() {
        // A 2 x 4 plan: the largest entry is the colormap's top, a zero its bottom.
        let plan = DenseMatrix(rows: 2, columns: 4, storage: [0.25, 0, 0, 0, 0, 0.25, 0.25, 0.25])
        let image = PlanHeatmapImage(logScale: false).render(.dense(plan))
        #expect(PlanHeatmapImage.cellSize(rows: 2, columns: 4) == 64)
        #expect(image.width == 256 && image.height == 128)
        let top = Colormap.viridis.color(at: 1), bottom = Colormap.viridis.color(at: 0)
        let first = image[10, 10], second = image[70, 10]
        #expect(abs(first.red - Double(top.red) / 255) < 1e-15 && abs(first.green - Double(top.green) / 255) < 1e-15)
        #expect(abs(second.red - Double(bottom.red) / 255) < 1e-15 && abs(second.green - Double(bottom.green) / 255) < 1e-15)
    }

    @Test func logScaleShowsSixDecades() {
        // 1e-3 of the peak sits half-way up a six-decade log scale.
        let plan = DenseMatrix(rows: 1, columns: 3, storage: [1, 1e-3, 1e-9])
        let image = PlanHeatmapImage(logScale: true, colormap: .grey).render(aggregated: plan)
        // Three blocks on one row: squares of 64 pixels (the cap), 192 x 64.
        #expect(image.width == 192 && image.height == 64)
        let middle = Colormap.grey.color(at: 0.5)
        #expect(abs(image[0, 0].red - 1) < 1e-12)
        #expect(abs(image[100, 0].red - Double(middle.red) / 255) < 1e-12, "grey level \(image[100, 0].red * 255)")
        #expect(image[150, 0].red == 0, "below the six decades is the bottom colour")
    }

    @Test func largePlansAreAggregatedToTheLimit() {
        let n = 600
        let plan = DenseMatrix(rows: n, columns: n, storage: (0..<(n * n)).map { $0 % (n + 1) == 0 ? 1.0 / Double(n) : 0 })
        let image = PlanHeatmapImage().render(.dense(plan))
        #expect(image.width == PlanHeatmapImage.maximumBlocks && image.height == PlanHeatmapImage.maximumBlocks)
    }
}
