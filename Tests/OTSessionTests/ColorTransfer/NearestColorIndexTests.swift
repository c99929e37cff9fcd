import Testing
import OTData
@testable import OTSession

/// The grid search finds exactly what a scan of every colour finds.
@Suite struct NearestColorIndexTests {
    @Test(arguments: [1, 50, 1000])
    func agreesWithTheScan(count: Int) {
        var random = SeededRandom(seed: UInt64(count))
        let colors = (0..<(3 * count)).map { _ in random.nextUniform() }
        let index = NearestColorIndex(colors: colors)
        for _ in 0..<2000 {
            let r = random.nextUniform(), g = random.nextUniform(), b = random.nextUniform()
            #expect(index.nearest(r, g, b) == index.nearestByScan(r, g, b))
        }
        // Corners of the cube, where the shells are clipped, and colours on cell boundaries.
        for (r, g, b) in [(0.0, 0.0, 0.0), (1.0, 1.0, 1.0), (1.0, 0.0, 1.0), (0.5, 0.25, 0.75)] {
            #expect(index.nearest(r, g, b) == index.nearestByScan(r, g, b))
        }
    }

    @Test func clusteredColoursStillFindTheNearest() {
        // Every colour in one corner: queries far away search many empty shells.
        var random = SeededRandom(seed: 11)
        let colors = (0..<600).map { _ in random.nextUniform(0, 0.1) }
        let index = NearestColorIndex(colors: colors)
        for _ in 0..<500 {
            let r = random.nextUniform(), g = random.nextUniform(), b = random.nextUniform()
            #expect(index.nearest(r, g, b) == index.nearestByScan(r, g, b))
        }
    }
}
