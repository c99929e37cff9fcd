import Testing
@testable import OTCore

/// `CostExtremes` (one SIMD pass over both cores) equals the extremes computed entry by entry,
/// exactly (minima and maxima do not round), on shapes whose rows are not a multiple of eight
/// lanes and with enough rows to split over the cores.
@Suite struct CostExtremesTests {
    static func cost(rows: Int, columns: Int) -> DenseMatrix {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        return DenseMatrix(rows: rows, columns: columns) { _, _ in 10 * next() - 2 }
    }

    @Test(arguments: [(1, 1), (3, 17), (37, 41), (600, 203), (2000, 130), (130, 2000)])
    func equalTheExtremesTakenEntryByEntry(shape: (Int, Int)) {
        let c = Self.cost(rows: shape.0, columns: shape.1)
        var rowMinima = [Double](repeating: .infinity, count: c.rows)
        var columnMinima = [Double](repeating: .infinity, count: c.columns)
        for i in 0..<c.rows {
            for j in 0..<c.columns {
                rowMinima[i] = min(rowMinima[i], c[i, j])
                columnMinima[j] = min(columnMinima[j], c[i, j])
            }
        }
        let got = CostExtremes(of: c)
        #expect(got.minimum == c.storage.min()!)
        #expect(got.maximum == c.storage.max()!)
        #expect(got.largestRowMinimum == rowMinima.max()!)
        #expect(got.largestColumnMinimum == columnMinima.max()!)
    }

    /// A row whose nearest cost is far from the others: the figure `auto` reads to decide whether
    /// plain scaling can start.
    @Test func findTheRowAndColumnFarthestFromEverything() {
        var c = Self.cost(rows: 300, columns: 257)
        for j in 0..<c.columns { c[123, j] = 500 + Double(j) }
        for i in 0..<c.rows where i != 123 { c[i, 200] = 40 + Double(i) }
        let got = CostExtremes(of: c)
        #expect(got.largestRowMinimum == 500)
        #expect(got.largestColumnMinimum == 40)
        #expect(got.maximum == 756)
    }

    @Test func emptyMatricesHaveNoExtremes() {
        let got = CostExtremes(of: DenseMatrix(rows: 0, columns: 4) { _, _ in 0 })
        #expect(got.minimum == .infinity && got.maximum == -.infinity)
    }
}
