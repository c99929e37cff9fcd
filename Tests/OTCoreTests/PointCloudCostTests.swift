import Testing
@testable import OTCore

/// Deterministic scattered points (a fixed quasi-random formula, no generator needed).
func scatteredPoints(_ count: Int, dimension: Int, salt: Double) -> DenseMatrix {
    DenseMatrix(rows: count, columns: dimension) { i, k in
        let t = Double(i) * 0.618033988749895 + Double(k) * 0.41421356 + salt
        return (t - t.rounded(.down)) * 3 - 1 + 0.3 * Double(k)
    }
}

@Suite struct PointCloudCostTests {
    @Test(arguments: GroundCost.allCases, [1, 2, 3])
    func entriesMatchTheDenseGroundCost(groundCost: GroundCost, dimension: Int) {
        let xs = scatteredPoints(37, dimension: dimension, salt: 0.1), ys = scatteredPoints(29, dimension: dimension, salt: 0.7)
        let implicit = PointCloudCost(source: xs, target: ys, groundCost: groundCost)
        let dense = groundCost.matrix(from: xs, to: ys)
        let formed = implicit.matrix()
        var worst = 0.0
        for k in dense.storage.indices { worst = max(worst, abs(formed.storage[k] - dense.storage[k])) }
        #expect(worst <= 1e-15 * dense.maximum, "largest difference \(worst)")
        #expect(implicit.entry(5, 7) == formed[5, 7])
        #expect(implicit.transposed.entry(7, 5) == formed[5, 7])
    }

    @Test func unitMaximumScalingMatchesDividingTheMatrix() {
        let xs = scatteredPoints(101, dimension: 2, salt: 0.2), ys = scatteredPoints(77, dimension: 2, salt: 0.9)
        let implicit = PointCloudCost(source: xs, target: ys, groundCost: .sqeuclidean)
        let rawMaximum = implicit.matrix().maximum
        let unit = implicit.scaledToUnitMaximum()
        #expect(unit.knownMaximum == unit.matrix().maximum)
        #expect(abs(unit.maximum() - 1) < 1e-15)
        #expect(abs(unit.scale - 1 / rawMaximum) < 1e-18 / rawMaximum)
        // A pass over the tiles finds the same maximum as the matrix (tiles not dividing the sizes).
        #expect(TiledSoftmin.maximum(of: implicit, tiling: .init(rows: 7, columns: 10)) == rawMaximum)
    }
}
