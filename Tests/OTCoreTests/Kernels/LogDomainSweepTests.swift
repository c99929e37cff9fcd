import Testing
@testable import OTCore

/// The one-pass log-domain sweep against the plan written out entry by entry.
@Suite struct LogDomainSweepTests {
    @Test(arguments: [(6, 9), (300, 40)])
    func sumsAreThoseOfThePlanBeforeAndAfterTheRowUpdate(shape: (Int, Int)) {
        let (n, m) = shape
        let reg = 0.1
        let cost = DenseMatrix(rows: n, columns: m) { i, j in Double((i * 5 + j * 3) % 11) / 11 }
        var a = [Double](repeating: 1 / Double(n - 1), count: n)
        a[1] = 0
        var f = (0..<n).map { -0.05 * Double($0 % 4) }
        f[1] = -.infinity
        let g = (0..<m).map { 0.02 * Double($0 % 6) - 0.3 }
        var workspace = LogDomainSweep.Workspace(rows: n, columns: m)
        let error = LogDomainSweep.sweep(cost: cost, f: f, g: g, a: a, inverseRegularization: 1 / reg, workspace: &workspace)

        var expectedError = 0.0
        var columns = [Double](repeating: 0, count: m)
        for i in 0..<n {
            let row = (0..<m).map { libmExp((f[i] + g[$0] - cost[i, $0]) / reg) }
            let r = row.reduce(0, +)
            #expect(abs(workspace.rowSums[i] - r) <= 1e-13 * max(r, 1e-300), "row \(i)")
            expectedError += abs(r - a[i])
            if a[i] > 0 { for j in 0..<m { columns[j] += row[j] * a[i] / r } }
        }
        #expect(workspace.rowSums[1] == 0)
        #expect(abs(error - expectedError) <= 1e-12 * expectedError)
        for j in 0..<m { #expect(abs(workspace.columnSums[j] - columns[j]) <= 1e-12 * columns[j], "column \(j)") }
        #expect(LogDomainSweep.isUsable(workspace, a: a, b: [Double](repeating: 1 / Double(m), count: m)))
    }

    @Test func underflowedRowsAreReportedUnusable() {
        let cost = DenseMatrix([[0, 1], [1000, 1000]])
        var workspace = LogDomainSweep.Workspace(rows: 2, columns: 2)
        _ = LogDomainSweep.sweep(cost: cost, f: [0, 0], g: [0, 0], a: [0.5, 0.5], inverseRegularization: 1, workspace: &workspace)
        #expect(workspace.rowSums[1] == 0)
        #expect(!LogDomainSweep.isUsable(workspace, a: [0.5, 0.5], b: [0.5, 0.5]))
        // A zero-weight row may underflow: it carries no mass.
        #expect(LogDomainSweep.isUsable(workspace, a: [1, 0], b: [0.5, 0.5]))
    }
}
