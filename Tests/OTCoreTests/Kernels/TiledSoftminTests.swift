import Testing
@testable import OTCore

@Suite struct TiledSoftminTests {
    let xs = scatteredPoints(203, dimension: 2, salt: 0.3)
    let ys = scatteredPoints(157, dimension: 2, salt: 0.8)

    /// Potentials with a wide range so the running maximum moves from tile to tile.
    func potential(_ m: Int) -> [Double] { (0..<m).map { j in Double((j * 37) % 23) * 0.11 - 1.2 } }

    @Test(arguments: [(64, 512), (7, 10), (1, 1), (203, 157), (16, 33)])
    func agreesWithTheDenseLogSumExp(tileRows: Int, tileColumns: Int) {
        let cost = PointCloudCost(source: xs, target: ys, groundCost: .sqeuclidean)
        let g = potential(ys.rows)
        let inverse = 1 / 0.03
        var expected = [Double](repeating: 0, count: xs.rows)
        LogSumExp.softminRows(cost: cost.matrix(), potential: g, inverseRegularization: inverse, into: &expected)
        var rows = TiledSoftmin.Rows(count: xs.rows)
        let complete = TiledSoftmin.sweep(
            cost: cost, potential: g, inverseRegularization: inverse, tiling: .init(rows: tileRows, columns: tileColumns), into: &rows)
        #expect(complete)
        for i in 0..<xs.rows {
            #expect(abs(rows.logSum[i] - expected[i]) <= 1e-12 * max(1, abs(expected[i])), "row \(i)")
        }
    }

    @Test func weightedAveragesAreTheSoftmaxExpectations() {
        let cost = PointCloudCost(source: xs, target: ys, groundCost: .euclidean, scale: 0.5)
        let g = potential(ys.rows)
        let values = (0..<ys.rows).map { Double($0 % 11) - 3 }
        let reg = 0.05
        var rows = TiledSoftmin.Rows(count: xs.rows)
        TiledSoftmin.sweep(cost: cost, potential: g, values: values, inverseRegularization: 1 / reg,
                           tiling: .init(rows: 10, columns: 24), into: &rows)
        let c = cost.matrix()
        for i in stride(from: 0, to: xs.rows, by: 17) {
            // Direct softmax weights with libm's exp.
            let logits = (0..<ys.rows).map { (g[$0] - c[i, $0]) / reg }
            let lse = LogSumExp.of(logits)
            var costAverage = 0.0, valueAverage = 0.0
            for j in 0..<ys.rows {
                let w = libmExp(logits[j] - lse)
                costAverage += w * c[i, j]
                valueAverage += w * values[j]
            }
            #expect(abs(rows.logSum[i] - lse) <= 1e-12 * max(1, abs(lse)))
            #expect(abs(rows.costAverage[i] - costAverage) <= 1e-12 * max(1, abs(costAverage)))
            #expect(abs(rows.valueAverage[i] - valueAverage) <= 1e-12 * max(1, abs(valueAverage)))
        }
    }

    @Test func columnsWithInfinitePotentialCarryNoMass() {
        let cost = PointCloudCost(source: xs, target: ys, groundCost: .sqeuclidean)
        var g = potential(ys.rows)
        for j in 0..<20 { g[j] = -.infinity }  // a whole first tile of zero-weight targets
        var rows = TiledSoftmin.Rows(count: xs.rows)
        TiledSoftmin.sweep(cost: cost, potential: g, values: [Double](repeating: 1, count: ys.rows),
                           inverseRegularization: 10, tiling: .init(rows: 8, columns: 16), into: &rows)
        var expected = [Double](repeating: 0, count: xs.rows)
        LogSumExp.softminRows(cost: cost.matrix(), potential: g, inverseRegularization: 10, into: &expected)
        for i in 0..<xs.rows {
            #expect(rows.logSum[i].isFinite)
            #expect(abs(rows.logSum[i] - expected[i]) <= 1e-12 * max(1, abs(expected[i])))
            #expect(abs(rows.valueAverage[i] - 1) < 1e-14)
        }
    }

    @Test func aRaisedInterruptionStopsTheSweepAndSaysSo() {
        let cost = PointCloudCost(source: xs, target: ys, groundCost: .sqeuclidean)
        let interruption = StepInterruption()
        interruption.raise()
        var rows = TiledSoftmin.Rows(count: xs.rows)
        let complete = TiledSoftmin.sweep(cost: cost, potential: potential(ys.rows), inverseRegularization: 1,
                                          interruption: interruption, into: &rows)
        #expect(!complete)
        interruption.clear()
        #expect(TiledSoftmin.sweep(cost: cost, potential: potential(ys.rows), inverseRegularization: 1,
                                   interruption: interruption, into: &rows))
    }
}
