import Testing
@testable import OTCore

/// The fused sweep against the two textbook half-steps `u' = a / (K v)`, `K^T u'`, in both precisions,
/// at sizes that exercise the four-row blocks, their scalar tail and the parallel chunks.
@Suite struct ScalingKernelsTests {
    @Test(arguments: [(7, 5), (13, 10), (2001, 70)])
    func fusedSweepMatchesTheTwoHalfSteps(shape: (Int, Int)) {
        let (n, m) = shape
        let cost = DenseMatrix(rows: n, columns: m) { i, j in Double((i * 31 + j * 17) % 23) / 23 }
        var a = (0..<n).map { 1 + Double($0 % 4) }
        a[n / 2] = 0
        let total = a.reduce(0, +)
        a = a.map { $0 / total }
        let u = (0..<n).map { 0.5 + Double($0 % 3) }
        let v = (0..<m).map { 0.25 + Double($0 % 5) }
        for precision in Precision.allCases {
            let kernel = GibbsKernel(cost: cost, regularization: 0.2, precision: precision)
            var uNext = [Double](repeating: 0, count: n)
            var columnProducts = [Double](repeating: 0, count: m)
            var workspace = ScalingKernels.Workspace(rows: n, columns: m)
            let sweep = ScalingKernels.fusedSweep(
                kernel: kernel, u: u, v: v, a: a, uNext: &uNext, columnProducts: &columnProducts, workspace: &workspace)
            let error = sweep.rowError
            #expect(sweep.invalidRow == nil)
            var expectedError = 0.0
            var expectedU = [Double](repeating: 0, count: n)
            for i in 0..<n {
                var s = 0.0
                for j in 0..<m { s += kernel[i, j] * v[j] }
                expectedError += abs(u[i] * s - a[i])
                expectedU[i] = a[i] == 0 ? 0 : a[i] / s
            }
            #expect(abs(error - expectedError) <= 1e-12 * expectedError, "\(precision)")
            for i in 0..<n { #expect(abs(uNext[i] - expectedU[i]) <= 1e-13 * expectedU[i], "\(precision) u[\(i)]") }
            #expect(uNext[n / 2] == 0)
            for j in 0..<m {
                var s = 0.0
                for i in 0..<n { s += kernel[i, j] * expectedU[i] }
                #expect(abs(columnProducts[j] - s) <= 1e-12 * s, "\(precision) column \(j)")
            }
        }
    }

    /// The bench's fused-pass floor computes both products exactly: `K v` and `K^T u` from one read.
    @Test(arguments: [(7, 5), (13, 10), (2001, 70)])
    func bothProductsMatchPlainLoops(shape: (Int, Int)) {
        let (n, m) = shape
        let cost = DenseMatrix(rows: n, columns: m) { i, j in Double((i * 31 + j * 17) % 23) / 23 }
        let u = (0..<n).map { 0.5 + Double($0 % 3) }
        let v = (0..<m).map { 0.25 + Double($0 % 5) }
        for precision in Precision.allCases {
            let kernel = GibbsKernel(cost: cost, regularization: 0.2, precision: precision)
            var rowProducts = [Double](repeating: -1, count: n)
            var columnProducts = [Double](repeating: -1, count: m)
            var workspace = ScalingKernels.Workspace(rows: n, columns: m)
            ScalingKernels.bothProducts(kernel: kernel, u: u, v: v, rowProducts: &rowProducts,
                                        columnProducts: &columnProducts, workspace: &workspace)
            var multiplied = [Double](repeating: -1, count: n)
            Kernels.multiply(kernel, v, into: &multiplied)
            for i in 0..<n {
                var s = 0.0
                for j in 0..<m { s += kernel[i, j] * v[j] }
                #expect(abs(rowProducts[i] - s) <= 1e-13 * s, "\(precision) row \(i)")
                #expect(abs(multiplied[i] - s) <= 1e-13 * s, "\(precision) K v row \(i)")
            }
            for j in 0..<m {
                var s = 0.0
                for i in 0..<n { s += kernel[i, j] * u[i] }
                #expect(abs(columnProducts[j] - s) <= 1e-12 * s, "\(precision) column \(j)")
            }
        }
    }

    /// A kernel row that underflows to zero is reported by the sweep, wherever its chunk and block.
    @Test(arguments: [3, 1000, 1998])
    func fusedSweepReportsTheFirstUnusableRow(row: Int) {
        let n = 2001, m = 70
        let cost = DenseMatrix(rows: n, columns: m) { i, j in i == row || i == 1999 ? 900 : Double((i + j) % 7) / 7 }
        let a = [Double](repeating: 1 / Double(n), count: n)
        let kernel = GibbsKernel(cost: cost, regularization: 0.5)
        var uNext = [Double](repeating: 0, count: n)
        var columnProducts = [Double](repeating: 0, count: m)
        var workspace = ScalingKernels.Workspace(rows: n, columns: m)
        let sweep = ScalingKernels.fusedSweep(kernel: kernel, u: a, v: [Double](repeating: 1, count: m), a: a,
                                              uNext: &uNext, columnProducts: &columnProducts, workspace: &workspace)
        #expect(sweep.invalidRow == row)
        #expect(uNext[row] == .infinity)
    }
}

