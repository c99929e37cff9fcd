import Testing
@testable import OTCore

@Suite struct KernelsTests {
    @Test func dotAndSumMatchScalarLoops() {
        let x = (0..<37).map { Double($0) * 0.5 - 3 }
        let y = (0..<37).map { 1.0 / Double($0 + 1) }
        var expected = 0.0
        for k in 0..<37 { expected += x[k] * y[k] }
        #expect(abs(Kernels.dot(x, y) - expected) < 1e-12)
        #expect(abs(Kernels.sum(x) - x.reduce(0, +)) < 1e-12)
    }

    /// The scaling update divides exactly, zeroes empty entries, and flags an unusable quotient in
    /// the eight-lane body and in the scalar tail alike.
    @Test(arguments: [5, 8, 19])
    func divideScalingsDividesAndFlagsUnusableQuotients(count: Int) {
        var numerator = (0..<count).map { 1 + Double($0 % 4) }
        numerator[1] = 0
        let denominator = (0..<count).map { 0.5 + Double($0) }
        var out = [Double](repeating: -1, count: count)
        #expect(Kernels.divideScalings(numerator, by: denominator, into: &out) == nil)
        for j in 0..<count { #expect(out[j] == (j == 1 ? 0 : numerator[j] / denominator[j])) }
        // An empty entry may have any denominator, even zero.
        var zeroed = denominator
        zeroed[1] = 0
        #expect(Kernels.divideScalings(numerator, by: zeroed, into: &out) == nil)
        #expect(out[1] == 0)
        for culprit in [0, count - 1] {
            for bad in [0.0, .nan, .infinity, Double.leastNormalMagnitude * 0x1p-20] {  // the last is subnormal: 1/d overflows
                var d = denominator
                d[culprit] = bad
                #expect(Kernels.divideScalings(numerator, by: d, into: &out) == culprit, "denominator \(bad) at \(culprit) of \(count)")
            }
        }
    }

    @Test(arguments: [1, 5, 8, 19])
    func addAddsElementwise(count: Int) {
        let x = (0..<count).map { Double($0) * 0.25 - 1 }
        var y = (0..<count).map { 1 / Double($0 + 1) }
        let expected = zip(x, y).map { $0 + $1 }
        x.withUnsafeBufferPointer { xb in
            y.withUnsafeMutableBufferPointer { Kernels.add(xb.baseAddress!, to: $0.baseAddress!, count: count) }
        }
        #expect(y == expected)
    }

    @Test func matrixVectorProducts() {
        let m = DenseMatrix(rows: 3, columns: 5) { i, j in Double(i * 5 + j) }
        let x = [1.0, 2, 3, 4, 5]
        var out = [Double](repeating: 0, count: 3)
        Kernels.multiply(m, x, into: &out)
        #expect(out == [40, 115, 190])
        var outT = [Double](repeating: 0, count: 5)
        Kernels.multiplyTransposed(m, [1, 1, 2], into: &outT)
        #expect(outT == [25, 29, 33, 37, 41])
    }

    @Test func largeTransposedProductUsesChunksCorrectly() {
        let n = 700, m = 300
        let mat = DenseMatrix(rows: n, columns: m) { i, j in Double((i * 31 + j * 17) % 11) }
        let x = (0..<n).map { Double($0 % 7) }
        var out = [Double](repeating: 0, count: m)
        Kernels.multiplyTransposed(mat, x, into: &out)
        for j in [0, 150, 299] {
            var s = 0.0
            for i in 0..<n { s += mat[i, j] * x[i] }
            #expect(abs(out[j] - s) < 1e-9)
        }
    }

    @Test func vectorExpIsAccurateOverItsRange() {
        var worst = 0.0
        var x = -700.0
        while x < 700 {
            let exact = libmExp(x)
            let approx = VectorExp.exp(x)
            worst = max(worst, abs(approx - exact) / exact)
            x += 0.37
        }
        #expect(worst < 4e-16)
        #expect(VectorExp.exp(-800) == 0)
        #expect(VectorExp.exp(800) == .infinity)
        #expect(VectorExp.exp(.nan).isNaN)
        #expect(VectorExp.exp(0) == 1)
    }

    @Test func rowSoftminIsStableForLargeArguments() {
        let c: [Double] = [1000, 1001, 1002, 5000, 1000.5]
        let g = [Double](repeating: 0, count: 5)
        let reg = 0.5
        let expected = LogSumExp.of(c.map { -$0 / reg })
        let got = c.withUnsafeBufferPointer { cp in g.withUnsafeBufferPointer { gp in
            LogSumExp.rowSoftmin(cp.baseAddress!, gp.baseAddress!, count: 5, 1 / reg) } }
        #expect(abs(got - expected) < 1e-12 * abs(expected))
        #expect(got.isFinite)
    }

    @Test func blockAggregationPreservesMass() {
        let m = DenseMatrix(rows: 37, columns: 23) { i, j in Double(i + 2 * j) / 100 }
        let blocks = BlockAggregation.aggregate(m, maxRows: 8, maxColumns: 5)
        #expect(blocks.rows == 8 && blocks.columns == 5)
        #expect(abs(Kernels.sum(blocks.storage) - Kernels.sum(m.storage)) < 1e-10)
        let small = BlockAggregation.aggregate(m, maxRows: 100, maxColumns: 100)
        #expect(small == m)
    }

    @Test func groundCostsFollowPOT() {
        let x = DenseMatrix([[0, 0], [1, 2]])
        let y = DenseMatrix([[3, 4]])
        #expect(GroundCost.sqeuclidean.matrix(from: x, to: y).storage == [25, 8])
        #expect(GroundCost.euclidean.matrix(from: x, to: y).storage == [5, 8.0.squareRoot()])
        #expect(GroundCost.cityblock.matrix(from: x, to: y).storage == [7, 4])
    }

    @Test func parameterParsingAcceptsFractionsAndRejectsOutOfRange() throws {
        let reg = ParameterDescriptor(name: "reg", label: "regularization", kind: .real(default: 1, range: 1e-6...10, logScale: true), help: "")
        #expect(try reg.parse("1/1200") == .real(1.0 / 1200))
        #expect(throws: InputError.self) { try reg.parse("abc") }
        #expect(throws: InputError.self) { try reg.parse("100") }
        #expect(throws: InputError.self) { try reg.parse("nan") }
    }
}
