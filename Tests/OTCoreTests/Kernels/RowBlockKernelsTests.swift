import Testing
@testable import OTCore

/// The four-row kernels against plain loops, for Double and Float entries and lengths that are
/// not multiples of four (the scalar tails).
@Suite struct RowBlockKernelsTests {
    func rows(_ count: Int) -> [[Double]] {
        (0..<4).map { r in (0..<count).map { k in 1 / Double(1 + ((k * 7 + r * 13) % 29)) } }
    }

    @Test(arguments: [1, 3, 4, 9, 64, 101])
    func dotRows4MatchesFourDotProducts(count: Int) {
        let m = rows(count)
        let x = (0..<count).map { Double($0 % 5) - 1.5 }
        let f32 = m.map { $0.map(Float.init) }
        let s = m[0].withUnsafeBufferPointer { r0 in m[1].withUnsafeBufferPointer { r1 in m[2].withUnsafeBufferPointer { r2 in m[3].withUnsafeBufferPointer { r3 in
            x.withUnsafeBufferPointer { Kernels.dotRows4(r0.baseAddress!, r1.baseAddress!, r2.baseAddress!, r3.baseAddress!, $0.baseAddress!, count: count) }
        } } } }
        let t = f32[0].withUnsafeBufferPointer { r0 in f32[1].withUnsafeBufferPointer { r1 in f32[2].withUnsafeBufferPointer { r2 in f32[3].withUnsafeBufferPointer { r3 in
            x.withUnsafeBufferPointer { Kernels.dotRows4(r0.baseAddress!, r1.baseAddress!, r2.baseAddress!, r3.baseAddress!, $0.baseAddress!, count: count) }
        } } } }
        for r in 0..<4 {
            let exact = zip(m[r], x).map { $0 * $1 }.reduce(0, +)
            let single = zip(f32[r], x).map { Double($0) * $1 }.reduce(0, +)
            #expect(abs(s[r] - exact) <= 1e-13 * max(1, abs(exact)), "row \(r): \(s[r]) vs \(exact)")
            #expect(abs(t[r] - single) <= 1e-13 * max(1, abs(single)), "f32 row \(r): \(t[r]) vs \(single)")
            #expect(abs(t[r] - exact) <= 1e-6 * max(1, abs(exact)), "f32 rounding of row \(r)")
        }
    }

    @Test(arguments: [1, 3, 4, 9, 64, 101])
    func axpyRows4AddsTheFourScaledRows(count: Int) {
        let m = rows(count)
        let alpha = SIMD4<Double>(0.5, -2, 3, 0.25)
        var y = (0..<count).map { Double($0) }
        let start = y
        m[0].withUnsafeBufferPointer { r0 in m[1].withUnsafeBufferPointer { r1 in m[2].withUnsafeBufferPointer { r2 in m[3].withUnsafeBufferPointer { r3 in
            y.withUnsafeMutableBufferPointer { Kernels.axpyRows4(alpha, r0.baseAddress!, r1.baseAddress!, r2.baseAddress!, r3.baseAddress!, $0.baseAddress!, count: count) }
        } } } }
        for k in 0..<count {
            let expected = start[k] + 0.5 * m[0][k] - 2 * m[1][k] + 3 * m[2][k] + 0.25 * m[3][k]
            #expect(abs(y[k] - expected) <= 1e-14 * max(1, abs(expected)), "element \(k)")
        }
    }

    @Test(arguments: [1, 7, 8, 13, 100])
    func singleRowKernelsMatchPlainLoops(count: Int) {
        let r = (0..<count).map { Float(1) / Float(1 + $0 % 11) }
        let x = (0..<count).map { Double($0 % 3) + 0.5 }
        let dot = r.withUnsafeBufferPointer { rb in x.withUnsafeBufferPointer { Kernels.dotRow(rb.baseAddress!, $0.baseAddress!, count: count) } }
        let expected = zip(r, x).map { Double($0) * $1 }.reduce(0, +)
        #expect(abs(dot - expected) <= 1e-13 * expected)
        var y = [Double](repeating: 1, count: count)
        r.withUnsafeBufferPointer { rb in y.withUnsafeMutableBufferPointer { Kernels.axpyRow(-3, rb.baseAddress!, $0.baseAddress!, count: count) } }
        for k in 0..<count { #expect(abs(y[k] - (1 - 3 * Double(r[k]))) <= 1e-15) }
    }
}
