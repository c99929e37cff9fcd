import Testing
@testable import OTCore

@Suite struct PlanDensityTests {
    /// Positive weights summing to one, from a fixed LCG (so failures reproduce).
    static func weights(_ n: Int, seed: UInt64) -> [Double] {
        var state = seed
        let raw = (0..<n).map { _ -> Double in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return 0.2 + Double(state >> 40) / Double(1 << 24)
        }
        let total = raw.reduce(0, +)
        return raw.map { $0 / total }
    }

    static func product(_ a: [Double], _ b: [Double]) -> DenseMatrix {
        DenseMatrix(rows: a.count, columns: b.count) { i, j in a[i] * b[j] }
    }

    /// The independent plan a ⊗ b has density 1 in every block, for block splits that do not
    /// divide the size (300 points in 53 or 40 blocks: blocks of 5 and 6, or 7 and 8 points), with
    /// uniform and with uneven weights. Its block sums are not flat (that was the stripes).
    @Test(arguments: [53, 40, 7, 300])
    func productPlanHasDensityOneAtAnyBlockSplit(columns: Int) {
        for (a, b) in [(Array(repeating: 1.0 / 300, count: 300), Array(repeating: 1.0 / 300, count: 300)),
                       (Self.weights(300, seed: 1), Self.weights(300, seed: 2))] {
            let plan = Self.product(a, b)
            let sums = BlockAggregation.aggregate(plan, maxRows: 32, maxColumns: columns)
            let density = PlanDensity(sums: sums, rows: BlockAxis(count: 300, limit: 32), columns: BlockAxis(count: 300, limit: columns), a: a, b: b)
            for value in density.densities { #expect(abs(value - 1) < 1e-12) }
        }
        let uniform = Array(repeating: 1.0 / 300, count: 300)
        let sums = BlockAggregation.aggregate(Self.product(uniform, uniform), maxRows: 32, maxColumns: 53)
        #expect(sums.maximum / sums.minimum > 1.3)  // 10·6 / (9·5) points: what block sums would show
    }

    /// A plan that is not a product keeps its structure: the diagonal plan P = diag(a) has density
    /// n_I-weighted 1/b on the diagonal blocks and 0 off them.
    @Test func diagonalPlanIsDenseOnTheDiagonalOnly() {
        let n = 100
        let a = Array(repeating: 1.0 / Double(n), count: n)
        let plan = DenseMatrix(rows: n, columns: n) { i, j in i == j ? 1.0 / Double(n) : 0 }
        let density = PlanDensity(sums: BlockAggregation.aggregate(plan, maxRows: 10, maxColumns: 10),
                                  rows: BlockAxis(count: n, limit: 10), columns: BlockAxis(count: n, limit: 10), a: a, b: a)
        #expect(abs(density.density(row: 3, column: 3) - 10) < 1e-12)  // (10/100) / (0.1 · 0.1)
        #expect(density.density(row: 3, column: 4) == 0)
    }

    /// Merging blocks keeps sums and masses exact: the coarse density is the mass-weighted mean.
    @Test func coarseningMergesNeighbouringBlocksExactly() {
        let a = Self.weights(300, seed: 3), b = Self.weights(200, seed: 4)
        let plan = DenseMatrix(rows: 300, columns: 200) { i, j in a[i] * b[j] * (1 + Double((i + j) % 3)) }
        let fine = PlanDensity(sums: BlockAggregation.aggregate(plan, maxRows: 64, maxColumns: 53),
                               rows: BlockAxis(count: 300, limit: 64), columns: BlockAxis(count: 200, limit: 53), a: a, b: b)
        let coarse = fine.coarsened(maxRows: 20, maxColumns: 17)
        #expect(coarse.sums.rows == 20 && coarse.sums.columns == 17)
        #expect(abs(coarse.sums.storage.reduce(0, +) - plan.storage.reduce(0, +)) < 1e-12)
        // Each coarse block equals a direct sum of the plan over the points it covers.
        for (row, column) in [(0, 0), (7, 11), (19, 16)] {
            let rows = coarse.rows.indices(ofBlock: row), columns = coarse.columns.indices(ofBlock: column)
            let direct = rows.reduce(0.0) { total, i in columns.reduce(total) { $0 + plan[i, $1] } }
            let mass = rows.reduce(0.0) { $0 + a[$1] } * columns.reduce(0.0) { $0 + b[$1] }
            #expect(abs(coarse.density(row: row, column: column) - direct / mass) < 1e-12)
        }
    }

    /// An axis in a sorted order covers the points of each block in that order.
    @Test func orderedAxisListsItsPointsByPosition() {
        let order = [4, 2, 0, 1, 3]
        let axis = BlockAxis(count: 5, limit: 2, order: order)
        #expect(axis.starts == [0, 3, 5])
        #expect(axis.indices(ofBlock: 0) == [4, 2, 0])
        #expect(axis.blockOfIndex == [0, 1, 0, 1, 0])
        #expect(axis.blockSums([1, 10, 100, 1000, 10000]) == [10101, 1010])
    }

    /// Zero-mass blocks (dark pixels of an image) have no density rather than a division by zero.
    @Test func zeroMassBlockHasNoDensity() {
        let density = PlanDensity(sums: DenseMatrix([[0, 0.5], [0, 0.5]]), rows: BlockAxis(count: 2, limit: 2),
                                  columns: BlockAxis(count: 2, limit: 2), a: [0.5, 0.5], b: [0, 1])
        #expect(density.density(row: 0, column: 0).isNaN)
        #expect(density.density(row: 1, column: 1) == 1)
    }
}
