import Testing
@testable import OTCore

@Suite struct GibbsKernelTests {
    let cost = DenseMatrix(rows: 3, columns: 5) { i, j in Double((i + 1) * (j + 2)) / 7 }

    @Test func doubleEntriesAreExpOfMinusCostOverReg() {
        let k = GibbsKernel(cost: cost, regularization: 0.3)
        #expect(k.precision == .f64 && k.byteCount == 15 * 8)
        for i in 0..<3 {
            for j in 0..<5 { #expect(k[i, j] == libmExp(-cost[i, j] / 0.3)) }
        }
    }

    @Test func floatEntriesAreRoundedToFloat() {
        let k = GibbsKernel(cost: cost, regularization: 0.3, precision: .f32)
        #expect(k.precision == .f32 && k.byteCount == 15 * 4)
        for i in 0..<3 {
            for j in 0..<5 {
                let exact = libmExp(-cost[i, j] / 0.3)
                // Float has a 24-bit significand: relative rounding error at most 2^-24.
                #expect(abs(k[i, j] - exact) <= exact * 0x1p-24, "(\(i), \(j))")
                #expect(k[i, j] == Double(Float(exact)))
            }
        }
    }

    @Test func float32LimitIsWhereExpLeavesTheNormalFloats() {
        let limit = Precision.float32ExponentLimit
        #expect(Float(libmExp(-limit * 0.999)) >= Float.leastNormalMagnitude)
        #expect(Float(libmExp(-limit * 1.001)) < Float.leastNormalMagnitude)
    }
}
