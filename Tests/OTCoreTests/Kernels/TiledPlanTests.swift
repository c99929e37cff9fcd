import Testing
@testable import OTCore

@Suite struct TiledPlanTests {
    @Test(arguments: [(10, 12), (1, 1), (500, 500), (7, 3)])
    func blockSumsMatchAggregatingTheDensePlan(maxRows: Int, maxColumns: Int) throws {
        let xs = scatteredPoints(83, dimension: 3, salt: 0.4), ys = scatteredPoints(61, dimension: 3, salt: 0.6)
        let cost = PointCloudCost(source: xs, target: ys, groundCost: .sqeuclidean)
        let reg = 0.2
        var f = (0..<xs.rows).map { Double($0 % 7) * 0.05 - 0.1 }
        f[3] = -.infinity  // a source point without mass
        let g = (0..<ys.rows).map { Double($0 % 5) * 0.04 }
        let dense = TiledPlan.dense(cost: cost, f: f, g: g, regularization: reg)
        let matrix = cost.matrix()
        #expect(abs(dense[5, 9] - libmExp((f[5] + g[9] - matrix[5, 9]) / reg)) < 1e-15)
        let expected = BlockAggregation.aggregate(dense, maxRows: maxRows, maxColumns: maxColumns)
        let tiled = try #require(TiledPlan.aggregate(
            cost: cost, f: f, g: g, regularization: reg, maxRows: maxRows, maxColumns: maxColumns,
            tiling: .init(rows: 5, columns: 8)))
        #expect(tiled.rows == expected.rows && tiled.columns == expected.columns)
        for k in expected.storage.indices {
            #expect(abs(tiled.storage[k] - expected.storage[k]) <= 1e-13 * max(1, expected.storage[k]), "block \(k)")
        }
    }
}
