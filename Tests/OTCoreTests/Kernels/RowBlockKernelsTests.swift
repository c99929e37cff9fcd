import Testing
@testable import OTCore

/// The four-row kernels against plain loops, for Double and Float entries and lengths that are
/// not multiples of four (the scalar tails).
@Suite struct RowBlockKernelsTests {
    /// Four rows of `count` entries in one buffer (row r starts at r * count); freed by the caller.
    func rows<Entry: KernelEntry>(_ count: Int, as: Entry.Type) -> UnsafeMutablePointer<Entry> {
        let p = UnsafeMutablePointer<Entry>.allocate(capacity: 4 * count)
        for r in 0..<4 {
            for k in 0..<count {
                let denominator = Double(1 + (k * 7 + r * 13) % 29)
                p[r * count + k] = Entry(1 / denominator)
            }
        }
        return p
    }

    @Test(arguments: [1, 3, 4, 9, 64, 101])
    func dotRows4MatchesFourDotProducts(count: Int) {
        let m = rows(count, as: Double.self), f = rows(count, as: Float.self)
        defer { m.deallocate(); f.deallocate() }
        let x: [Double] = (0..<count).map { Double($0 % 5) - 1.5 }
        let s = x.withUnsafeBufferPointer { Kernels.dotRows4(m, m + count, m + 2 * count, m + 3 * count, $0.baseAddress!, count: count) }
        let t = x.withUnsafeBufferPointer { Kernels.dotRows4(f, f + count, f + 2 * count, f + 3 * count, $0.baseAddress!, count: count) }
        expectDotProducts(s, t, of: m, f, with: x)
    }

    /// `s` (Double rows `m`) and `t` (Float rows `f`) against the plain dot products of the four
    /// rows with `x`: equal to round-off, and `t` within Float rounding of the Double result.
    func expectDotProducts(_ s: SIMD4<Double>, _ t: SIMD4<Double>, of m: UnsafePointer<Double>, _ f: UnsafePointer<Float>,
                           with x: [Double], sourceLocation: SourceLocation = #_sourceLocation) {
        let count = x.count
        for r in 0..<4 {
            var exact = 0.0, single = 0.0
            for k in 0..<count {
                exact += m[r * count + k] * x[k]
                single += Double(f[r * count + k]) * x[k]
            }
            #expect(abs(s[r] - exact) <= 1e-13 * max(1, abs(exact)), "row \(r): \(s[r]) vs \(exact)", sourceLocation: sourceLocation)
            #expect(abs(t[r] - single) <= 1e-13 * max(1, abs(single)), "f32 row \(r): \(t[r]) vs \(single)", sourceLocation: sourceLocation)
            #expect(abs(t[r] - exact) <= 1e-6 * max(1, abs(exact)), "f32 rounding of row \(r)", sourceLocation: sourceLocation)
        }
    }

    /// The sweep's pipelined stage is bit for bit a `dotRows4` of the new rows and an `axpyRows4`
    /// of the previous ones (the same operations in the same order), for both entry types.
    @Test(arguments: [1, 3, 8, 9, 64, 101])
    func pipelinedStageIsExactlyTheDotAndTheAxpy(count: Int) {
        func check<Entry: KernelEntry>(_ type: Entry.Type) {
            let previous = rows(count, as: Entry.self), current = rows(count, as: Entry.self)
            defer { previous.deallocate(); current.deallocate() }
            for k in 0..<(4 * count) { current[k] = Entry(Double(k % 11) * 0.37 + 0.01) }
            let alpha = SIMD4<Double>(0.5, -2, 3, 0.25)
            let x: [Double] = (0..<count).map { Double($0 % 5) - 1.5 }
            var pipelined: [Double] = (0..<count).map { Double($0) * 0.1 }, separate = pipelined
            let s = x.withUnsafeBufferPointer { xb in
                pipelined.withUnsafeMutableBufferPointer { yb in
                    Kernels.dotRows4AxpyRows4(alpha, previous, previous + count, previous + 2 * count, previous + 3 * count,
                                              current, current + count, current + 2 * count, current + 3 * count,
                                              xb.baseAddress!, yb.baseAddress!, count: count)
                }
            }
            let t = x.withUnsafeBufferPointer { Kernels.dotRows4(current, current + count, current + 2 * count, current + 3 * count, $0.baseAddress!, count: count) }
            separate.withUnsafeMutableBufferPointer {
                Kernels.axpyRows4(alpha, previous, previous + count, previous + 2 * count, previous + 3 * count, $0.baseAddress!, count: count)
            }
            #expect(s == t, "dot products of \(Entry.self) rows")
            #expect(pipelined == separate, "column update of \(Entry.self) rows")
        }
        check(Double.self)
        check(Float.self)
    }

    @Test(arguments: [1, 3, 4, 9, 64, 101])
    func axpyRows4AddsTheFourScaledRows(count: Int) {
        let m = rows(count, as: Double.self)
        defer { m.deallocate() }
        let alpha = SIMD4<Double>(0.5, -2, 3, 0.25)
        var y: [Double] = (0..<count).map { Double($0) }
        y.withUnsafeMutableBufferPointer { Kernels.axpyRows4(alpha, m, m + count, m + 2 * count, m + 3 * count, $0.baseAddress!, count: count) }
        for k in 0..<count {
            var expected = Double(k)
            for r in 0..<4 { expected += alpha[r] * m[r * count + k] }
            #expect(abs(y[k] - expected) <= 1e-14 * max(1, abs(expected)), "element \(k)")
        }
    }

    @Test(arguments: [1, 3, 8, 9, 64, 101])
    func dotAxpyRows4DoesBothProductsInOneCall(count: Int) {
        let m = rows(count, as: Double.self), f = rows(count, as: Float.self)
        defer { m.deallocate(); f.deallocate() }
        let alpha = SIMD4<Double>(0.5, -2, 3, 0.25)
        let x: [Double] = (0..<count).map { Double($0 % 5) - 1.5 }
        var y: [Double] = (0..<count).map { Double($0) }
        var yFloat = y
        let s = x.withUnsafeBufferPointer { xb in
            y.withUnsafeMutableBufferPointer { Kernels.dotAxpyRows4(alpha, m, m + count, m + 2 * count, m + 3 * count, xb.baseAddress!, $0.baseAddress!, count: count) }
        }
        let t = x.withUnsafeBufferPointer { xb in
            yFloat.withUnsafeMutableBufferPointer { Kernels.dotAxpyRows4(alpha, f, f + count, f + 2 * count, f + 3 * count, xb.baseAddress!, $0.baseAddress!, count: count) }
        }
        expectDotProducts(s, t, of: m, f, with: x)
        for k in 0..<count {
            var expected = Double(k), expectedFloat = Double(k)
            for r in 0..<4 {
                expected += alpha[r] * m[r * count + k]
                expectedFloat += alpha[r] * Double(f[r * count + k])
            }
            #expect(abs(y[k] - expected) <= 1e-14 * max(1, abs(expected)), "element \(k)")
            #expect(abs(yFloat[k] - expectedFloat) <= 1e-14 * max(1, abs(expectedFloat)), "f32 element \(k)")
        }
    }

    @Test(arguments: [1, 7, 8, 13, 100])
    func singleRowKernelsMatchPlainLoops(count: Int) {
        let f = rows(count, as: Float.self)
        defer { f.deallocate() }
        let x: [Double] = (0..<count).map { Double($0 % 3) + 0.5 }
        let dot = x.withUnsafeBufferPointer { Kernels.dotRow(f, $0.baseAddress!, count: count) }
        var expected = 0.0
        for k in 0..<count { expected += Double(f[k]) * x[k] }
        #expect(abs(dot - expected) <= 1e-13 * expected)
        var y = [Double](repeating: 1, count: count)
        y.withUnsafeMutableBufferPointer { Kernels.axpyRow(-3, f, $0.baseAddress!, count: count) }
        for k in 0..<count { #expect(abs(y[k] - (1 - 3 * Double(f[k]))) <= 1e-15) }
    }
}
