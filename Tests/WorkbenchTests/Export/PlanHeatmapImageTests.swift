import Foundation
import Testing
import OTCore
import OTData
import Terminal
@testable import Workbench

/// The plan heatmap picture: its size, its colours from the Terminal colormap, the density it
/// draws (a product plan is one colour at any block split), and a PNG that our own reader decodes.
@Suite struct PlanHeatmapImageTests {
    @Test func smallPlansAreScaledUpAndColouredByTheColormap() {
        // A 2 x 4 plan between uniform weights: the largest entry is the colormap's top, a zero its bottom.
        let plan = DenseMatrix(rows: 2, columns: 4, storage: [0.25, 0, 0, 0, 0, 0.25, 0.25, 0.25])
        let image = PlanHeatmapImage(logScale: false).render(.dense(plan), a: [0.5, 0.5], b: [0.25, 0.25, 0.25, 0.25])
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
        let image = PlanHeatmapImage(logScale: true, colormap: .grey).render(grid: plan)
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
        let uniform = Array(repeating: 1.0 / Double(n), count: n)
        let image = PlanHeatmapImage().render(.dense(plan), a: uniform, b: uniform)
        #expect(image.width == PlanHeatmapImage.maximumBlocks && image.height == PlanHeatmapImage.maximumBlocks)
    }

    /// The product plan a ⊗ b with uneven weights, 700 x 530 points summed into 512 blocks per side
    /// (blocks of one and two points): one colour in every pixel, on log and linear scales. The
    /// block sums themselves are striped, which is what the picture drew before it divided.
    @Test func productPlanIsOneColourAtNonDividingSizes() {
        let a = PlanViewTests.weights(700, seed: 11), b = PlanViewTests.weights(530, seed: 12)
        let plan = DenseMatrix(rows: a.count, columns: b.count) { i, j in a[i] * b[j] }
        for logScale in [true, false] {
            let image = PlanHeatmapImage(logScale: logScale).render(.dense(plan), a: a, b: b)
            #expect(image.width == 512 && image.height == 512)
            #expect(Self.distinctColours(image) == 1, "log \(logScale)")
        }
        let sums = BlockAggregation.aggregate(.dense(plan), maxRows: 512, maxColumns: 512)
        #expect(Self.distinctColours(PlanHeatmapImage(logScale: false).render(grid: sums)) > 1, "block sums are striped")
    }

    static func distinctColours(_ image: RGBImage) -> Int {
        var seen = Set<[Double]>()
        for y in 0..<image.height {
            for x in 0..<image.width {
                let pixel = image[x, y]
                seen.insert([pixel.red, pixel.green, pixel.blue])
            }
        }
        return seen.count
    }
}
