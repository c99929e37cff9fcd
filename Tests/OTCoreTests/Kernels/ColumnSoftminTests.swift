import Testing
@testable import OTCore

/// `ColumnSoftmin` (the column log-sum-exp read from row-major C) equals the row log-sum-exp of the
/// transposed cost, which `sinkhorn-log` used until issue 20, to 1e-13 relative.
@Suite struct ColumnSoftminTests {
    /// A reproducible cost in [0, 3) and potentials with a few -infinity entries (zero weights).
    static func problem(rows: Int, columns: Int) -> (DenseMatrix, [Double]) {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        let cost = DenseMatrix(rows: rows, columns: columns) { _, _ in 3 * next() }
        let f = (0..<rows).map { i in i % 7 == 3 ? -Double.infinity : next() - 0.5 }
        return (cost, f)
    }

    @Test(arguments: [(5, 3), (37, 41), (600, 203), (2000, 130)])
    func equalsTheRowLogSumExpOfTheTranspose(shape: (Int, Int)) {
        let (cost, f) = Self.problem(rows: shape.0, columns: shape.1)
        for inverse in [1.0, 1 / 0.01, 1 / 1e-4] {
            var expected = [Double](repeating: 0, count: shape.1), got = expected
            LogSumExp.softminRows(cost: cost.transposed, potential: f, inverseRegularization: inverse, into: &expected)
            var workspace = ColumnSoftmin.Workspace(rows: shape.0, columns: shape.1)
            ColumnSoftmin.softminColumns(cost: cost, potential: f, inverseRegularization: inverse, into: &got, workspace: &workspace)
            for j in 0..<shape.1 {
                #expect(abs(got[j] - expected[j]) <= 1e-13 * max(1, abs(expected[j])), "column \(j) at 1/reg = \(inverse)")
            }
            // The workspace is reused: a second call gives the same numbers.
            var again = got
            ColumnSoftmin.softminColumns(cost: cost, potential: f, inverseRegularization: inverse, into: &again, workspace: &workspace)
            #expect(again == got)
        }
    }

    @Test func allMinusInfinityGivesMinusInfinity() {
        let cost = DenseMatrix(rows: 3, columns: 6, repeating: 1)
        var out = [Double](repeating: 0, count: 6)
        var workspace = ColumnSoftmin.Workspace(rows: 3, columns: 6)
        ColumnSoftmin.softminColumns(cost: cost, potential: [-.infinity, -.infinity, -.infinity], inverseRegularization: 10, into: &out, workspace: &workspace)
        #expect(out.allSatisfy { $0 == -.infinity })
        // log(3 exp(-10 (1 - 0))) = log 3 - 10 with f = 0.
        ColumnSoftmin.softminColumns(cost: cost, potential: [0, 0, 0], inverseRegularization: 10, into: &out, workspace: &workspace)
        for value in out { #expect(abs(value - (libmLog(3) - 10)) < 1e-14) }
    }
}
