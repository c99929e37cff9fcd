/// Kernels over blocks of four matrix rows, the inner loops of the fused Sinkhorn sweep.
///
/// Working on four rows at once loads each element of the shared vector (`v`, or the column
/// accumulator) once per four rows instead of once per row, so an element of the matrix costs about
/// one load and one multiply-add in each of the two passes, and the four rows (at most 4 x 32 KB for
/// n = 4000) are still in L1/L2 when the second pass reads them again. The loops run eight columns
/// at a time (`SIMD8`, two AVX2 or one AVX-512 register): against four, the Float-kernel sweep at
/// n = 2000 took 0.245 instead of 0.27 ms, the f64 one 0.47 instead of 0.51 (AVX2 build).
extension Kernels {
    /// The four dot products `(r0 . x, r1 . x, r2 . x, r3 . x)`, entries widened to `Double`.
    @inlinable
    public static func dotRows4<Entry: KernelEntry>(
        _ r0: UnsafePointer<Entry>, _ r1: UnsafePointer<Entry>, _ r2: UnsafePointer<Entry>, _ r3: UnsafePointer<Entry>,
        _ x: UnsafePointer<Double>, count n: Int
    ) -> SIMD4<Double> {
        let rx = UnsafeRawPointer(x)
        var a0 = SIMD8<Double>(), a1 = SIMD8<Double>(), a2 = SIMD8<Double>(), a3 = SIMD8<Double>()
        var k = 0
        while k + 8 <= n {
            let xk = rx.loadUnaligned(fromByteOffset: k &* 8, as: SIMD8<Double>.self)
            a0 = multiplyAdd(a0, Entry.wideLoad8(r0, k), xk)
            a1 = multiplyAdd(a1, Entry.wideLoad8(r1, k), xk)
            a2 = multiplyAdd(a2, Entry.wideLoad8(r2, k), xk)
            a3 = multiplyAdd(a3, Entry.wideLoad8(r3, k), xk)
            k += 8
        }
        var result = SIMD4<Double>(a0.sum(), a1.sum(), a2.sum(), a3.sum())
        while k < n {
            let xk = x[k]
            result += SIMD4(Entry.wide(r0[k]), Entry.wide(r1[k]), Entry.wide(r2[k]), Entry.wide(r3[k])) * xk
            k += 1
        }
        return result
    }

    /// `y += alpha[0] r0 + alpha[1] r1 + alpha[2] r2 + alpha[3] r3`, entries widened to `Double`.
    @inlinable
    public static func axpyRows4<Entry: KernelEntry>(
        _ alpha: SIMD4<Double>,
        _ r0: UnsafePointer<Entry>, _ r1: UnsafePointer<Entry>, _ r2: UnsafePointer<Entry>, _ r3: UnsafePointer<Entry>,
        _ y: UnsafeMutablePointer<Double>, count n: Int
    ) {
        let ry = UnsafeMutableRawPointer(y)
        let c0 = SIMD8<Double>(repeating: alpha[0]), c1 = SIMD8<Double>(repeating: alpha[1])
        let c2 = SIMD8<Double>(repeating: alpha[2]), c3 = SIMD8<Double>(repeating: alpha[3])
        var k = 0
        while k + 8 <= n {
            var yk = ry.loadUnaligned(fromByteOffset: k &* 8, as: SIMD8<Double>.self)
            yk = multiplyAdd(yk, c0, Entry.wideLoad8(r0, k))
            yk = multiplyAdd(yk, c1, Entry.wideLoad8(r1, k))
            yk = multiplyAdd(yk, c2, Entry.wideLoad8(r2, k))
            yk = multiplyAdd(yk, c3, Entry.wideLoad8(r3, k))
            ry.storeBytes(of: yk, toByteOffset: k &* 8, as: SIMD8<Double>.self)
            k += 8
        }
        while k < n {
            y[k] += alpha[0] * Entry.wide(r0[k]) + alpha[1] * Entry.wide(r1[k])
                + alpha[2] * Entry.wide(r2[k]) + alpha[3] * Entry.wide(r3[k])
            k += 1
        }
    }

    /// Both products of four rows in one read of each entry: returns `(r0 . x, ..., r3 . x)` and
    /// does `y += alpha[0] r0 + ... + alpha[3] r3`. With `alpha` fixed in advance this is the
    /// "fused single pass" of the Sinkhorn products (`K v` and `K^T u` from one read of K), the
    /// floor the bench measures the Sinkhorn sweep against; the sweep itself cannot use it, because
    /// its `alpha` (the new `u`) depends on the dot products of the same rows.
    @inlinable
    public static func dotAxpyRows4<Entry: KernelEntry>(
        _ alpha: SIMD4<Double>,
        _ r0: UnsafePointer<Entry>, _ r1: UnsafePointer<Entry>, _ r2: UnsafePointer<Entry>, _ r3: UnsafePointer<Entry>,
        _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count n: Int
    ) -> SIMD4<Double> {
        let rx = UnsafeRawPointer(x), ry = UnsafeMutableRawPointer(y)
        let c0 = SIMD8<Double>(repeating: alpha[0]), c1 = SIMD8<Double>(repeating: alpha[1])
        let c2 = SIMD8<Double>(repeating: alpha[2]), c3 = SIMD8<Double>(repeating: alpha[3])
        var a0 = SIMD8<Double>(), a1 = SIMD8<Double>(), a2 = SIMD8<Double>(), a3 = SIMD8<Double>()
        var k = 0
        while k + 8 <= n {
            let xk = rx.loadUnaligned(fromByteOffset: k &* 8, as: SIMD8<Double>.self)
            var yk = ry.loadUnaligned(fromByteOffset: k &* 8, as: SIMD8<Double>.self)
            let e0 = Entry.wideLoad8(r0, k), e1 = Entry.wideLoad8(r1, k)
            let e2 = Entry.wideLoad8(r2, k), e3 = Entry.wideLoad8(r3, k)
            a0 = multiplyAdd(a0, e0, xk); yk = multiplyAdd(yk, c0, e0)
            a1 = multiplyAdd(a1, e1, xk); yk = multiplyAdd(yk, c1, e1)
            a2 = multiplyAdd(a2, e2, xk); yk = multiplyAdd(yk, c2, e2)
            a3 = multiplyAdd(a3, e3, xk); yk = multiplyAdd(yk, c3, e3)
            ry.storeBytes(of: yk, toByteOffset: k &* 8, as: SIMD8<Double>.self)
            k += 8
        }
        var result = SIMD4<Double>(a0.sum(), a1.sum(), a2.sum(), a3.sum())
        while k < n {
            let e = SIMD4(Entry.wide(r0[k]), Entry.wide(r1[k]), Entry.wide(r2[k]), Entry.wide(r3[k]))
            result += e * x[k]
            y[k] += (alpha * e).sum()
            k += 1
        }
        return result
    }

    /// One stage of the fused Sinkhorn sweep's software pipeline: the dot products of four rows
    /// with `x`, `(r0 . x, ..., r3 . x)`, returned, while `y += alpha[0] p0 + ... + alpha[3] p3`
    /// adds the previous four rows, whose `alpha` (their new `u`) is known by now. Each result is
    /// bit for bit `dotRows4(r..., x)` and `axpyRows4(alpha, p..., y)` (the same operations in the
    /// same order); only the two are interleaved, so that the second read of the previous rows
    /// (from L1/L2) overlaps the first read of the new ones (from L3 or memory) instead of
    /// following it. At n = 2000 (four rows 64 KB, beyond L1) the sweep took 1.45x the fused-pass
    /// floor as dot-then-axpy and 1.11-1.22x pipelined (`otlab bench --tts`, quiet machine, five
    /// runs); at n = 1000, 1.36-1.43x dot-then-axpy against 1.12-1.28x pipelined, measured in
    /// alternation on 2026-12-06.
    @inlinable
    public static func dotRows4AxpyRows4<Entry: KernelEntry>(
        _ alpha: SIMD4<Double>,
        _ p0: UnsafePointer<Entry>, _ p1: UnsafePointer<Entry>, _ p2: UnsafePointer<Entry>, _ p3: UnsafePointer<Entry>,
        _ r0: UnsafePointer<Entry>, _ r1: UnsafePointer<Entry>, _ r2: UnsafePointer<Entry>, _ r3: UnsafePointer<Entry>,
        _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count n: Int
    ) -> SIMD4<Double> {
        let rx = UnsafeRawPointer(x), ry = UnsafeMutableRawPointer(y)
        let c0 = SIMD8<Double>(repeating: alpha[0]), c1 = SIMD8<Double>(repeating: alpha[1])
        let c2 = SIMD8<Double>(repeating: alpha[2]), c3 = SIMD8<Double>(repeating: alpha[3])
        var a0 = SIMD8<Double>(), a1 = SIMD8<Double>(), a2 = SIMD8<Double>(), a3 = SIMD8<Double>()
        var k = 0
        while k + 8 <= n {
            let xk = rx.loadUnaligned(fromByteOffset: k &* 8, as: SIMD8<Double>.self)
            a0 = multiplyAdd(a0, Entry.wideLoad8(r0, k), xk)
            a1 = multiplyAdd(a1, Entry.wideLoad8(r1, k), xk)
            a2 = multiplyAdd(a2, Entry.wideLoad8(r2, k), xk)
            a3 = multiplyAdd(a3, Entry.wideLoad8(r3, k), xk)
            var yk = ry.loadUnaligned(fromByteOffset: k &* 8, as: SIMD8<Double>.self)
            yk = multiplyAdd(yk, c0, Entry.wideLoad8(p0, k))
            yk = multiplyAdd(yk, c1, Entry.wideLoad8(p1, k))
            yk = multiplyAdd(yk, c2, Entry.wideLoad8(p2, k))
            yk = multiplyAdd(yk, c3, Entry.wideLoad8(p3, k))
            ry.storeBytes(of: yk, toByteOffset: k &* 8, as: SIMD8<Double>.self)
            k += 8
        }
        var result = SIMD4<Double>(a0.sum(), a1.sum(), a2.sum(), a3.sum())
        while k < n {
            let xk = x[k]
            result += SIMD4(Entry.wide(r0[k]), Entry.wide(r1[k]), Entry.wide(r2[k]), Entry.wide(r3[k])) * xk
            y[k] += alpha[0] * Entry.wide(p0[k]) + alpha[1] * Entry.wide(p1[k])
                + alpha[2] * Entry.wide(p2[k]) + alpha[3] * Entry.wide(p3[k])
            k += 1
        }
        return result
    }

    /// `r . x` for one row, entries widened to `Double`.
    @inlinable
    public static func dotRow<Entry: KernelEntry>(_ r: UnsafePointer<Entry>, _ x: UnsafePointer<Double>, count n: Int) -> Double {
        let rx = UnsafeRawPointer(x)
        var a0 = SIMD4<Double>(), a1 = SIMD4<Double>()
        var k = 0
        while k + 8 <= n {
            a0 = multiplyAdd(a0, Entry.wideLoad4(r, k), rx.loadUnaligned(fromByteOffset: k &* 8, as: SIMD4<Double>.self))
            a1 = multiplyAdd(a1, Entry.wideLoad4(r, k + 4), rx.loadUnaligned(fromByteOffset: (k + 4) &* 8, as: SIMD4<Double>.self))
            k += 8
        }
        var total = (a0 + a1).sum()
        while k < n { total += Entry.wide(r[k]) * x[k]; k += 1 }
        return total
    }

    /// `y += alpha r` for one row, entries widened to `Double`.
    @inlinable
    public static func axpyRow<Entry: KernelEntry>(_ alpha: Double, _ r: UnsafePointer<Entry>, _ y: UnsafeMutablePointer<Double>, count n: Int) {
        let ry = UnsafeMutableRawPointer(y)
        let c = SIMD4<Double>(repeating: alpha)
        var k = 0
        while k + 4 <= n {
            let yk = multiplyAdd(ry.loadUnaligned(fromByteOffset: k &* 8, as: SIMD4<Double>.self), c, Entry.wideLoad4(r, k))
            ry.storeBytes(of: yk, toByteOffset: k &* 8, as: SIMD4<Double>.self)
            k += 4
        }
        while k < n { y[k] += alpha * Entry.wide(r[k]); k += 1 }
    }
}
