/// The numeric kernels, written once and shared by every solver.
///
/// Reductions use two `SIMD4<Double>` accumulators: the compiler does not vectorize a floating-point
/// sum on its own (it may not reassociate), and on this machine the explicit form is about 3x faster
/// than the scalar loop for a 1000-element dot product. Multiply-adds go through `multiplyAdd`, one
/// fused instruction where the CPU has FMA.
public enum Kernels {
    /// `accumulator + a * b`, one fused multiply-add where the build targets a CPU with FMA
    /// (`OTLAB_FMA`, set by Package.swift), else a multiply and an add. Fused, the Sinkhorn sweep
    /// took 0.078 instead of 0.086 ms per iteration at n = 1000 and 0.54 instead of 0.64 at n = 2000;
    /// with the kernel in Float, 0.061 instead of 0.084 and 0.24 instead of 0.34 (`otlab bench`,
    /// medians of 4 alternating runs). It also rounds once instead of twice.
    @inlinable @inline(__always)
    public static func multiplyAdd(_ accumulator: SIMD4<Double>, _ a: SIMD4<Double>, _ b: SIMD4<Double>) -> SIMD4<Double> {
        #if OTLAB_FMA
        return accumulator.addingProduct(a, b)
        #else
        return accumulator + a * b
        #endif
    }

    /// `accumulator + a * b` on one `Double` (see the four-lane form).
    @inlinable @inline(__always)
    public static func multiplyAdd(_ accumulator: Double, _ a: Double, _ b: Double) -> Double {
        #if OTLAB_FMA
        return accumulator.addingProduct(a, b)
        #else
        return accumulator + a * b
        #endif
    }

    /// `accumulator + a * b` on eight lanes (see the four-lane form).
    @inlinable @inline(__always)
    public static func multiplyAdd(_ accumulator: SIMD8<Double>, _ a: SIMD8<Double>, _ b: SIMD8<Double>) -> SIMD8<Double> {
        #if OTLAB_FMA
        return accumulator.addingProduct(a, b)
        #else
        return accumulator + a * b
        #endif
    }

    // MARK: Element-wise

    /// Whether a Sinkhorn scaling `mass / product` can be used: finite, and nonzero unless the
    /// mass is zero. A zero or infinite quotient for a positive mass means the product overflowed
    /// or underflowed. The one test the fused sweep and the column update both apply.
    @inlinable @inline(__always)
    public static func isUsableScaling(_ scaling: Double, mass: Double) -> Bool {
        scaling.isFinite && (scaling != 0 || mass == 0)
    }

    /// `out[j] = numerator[j] / denominator[j]`, or 0 where `numerator[j] == 0`: a Sinkhorn scaling
    /// update. Returns the first `j` whose quotient is not usable (`isUsableScaling`), nil when all
    /// are. Eight lanes at a time with the test kept in a mask, so there is no branch per element;
    /// the culprit is looked for only when the mask says there is one.
    @inlinable
    public static func divideScalings(_ numerator: [Double], by denominator: [Double], into out: inout [Double]) -> Int? {
        let n = numerator.count
        precondition(denominator.count == n && out.count == n, "shape mismatch in a scaling update")
        let allUsable = numerator.withUnsafeBufferPointer { nb in
            denominator.withUnsafeBufferPointer { db in
                out.withUnsafeMutableBufferPointer { ob in
                    guard n > 0 else { return true }
                    let rn = UnsafeRawPointer(nb.baseAddress!), rd = UnsafeRawPointer(db.baseAddress!)
                    let ro = UnsafeMutableRawPointer(ob.baseAddress!)
                    var usable = SIMDMask<SIMD8<Int64>>(repeating: true)
                    var k = 0
                    while k + 8 <= n {
                        let a = rn.loadUnaligned(fromByteOffset: k &* 8, as: SIMD8<Double>.self)
                        let d = rd.loadUnaligned(fromByteOffset: k &* 8, as: SIMD8<Double>.self)
                        let empty = a .== 0
                        let q = (a / d).replacing(with: 0, where: empty)
                        // isUsableScaling on eight lanes (NaN fails every comparison).
                        usable .&= (q .< .infinity) .& (q .> -.infinity) .& ((q .!= 0) .| empty)
                        ro.storeBytes(of: q, toByteOffset: k &* 8, as: SIMD8<Double>.self)
                        k += 8
                    }
                    var all = !any(.!usable)
                    while k < n {
                        let a = nb[k]
                        let q = a == 0 ? 0 : a / db[k]
                        ob[k] = q
                        all = all && isUsableScaling(q, mass: a)
                        k += 1
                    }
                    return all
                }
            }
        }
        return allUsable ? nil : out.indices.first { !isUsableScaling(out[$0], mass: numerator[$0]) }
    }

    /// `y += x`, eight elements at a time.
    @inlinable
    public static func add(_ x: UnsafePointer<Double>, to y: UnsafeMutablePointer<Double>, count n: Int) {
        let rx = UnsafeRawPointer(x), ry = UnsafeMutableRawPointer(y)
        var k = 0
        while k + 8 <= n {
            let sum = ry.loadUnaligned(fromByteOffset: k &* 8, as: SIMD8<Double>.self)
                + rx.loadUnaligned(fromByteOffset: k &* 8, as: SIMD8<Double>.self)
            ry.storeBytes(of: sum, toByteOffset: k &* 8, as: SIMD8<Double>.self)
            k += 8
        }
        while k < n { y[k] += x[k]; k += 1 }
    }

    // MARK: Reductions

    /// Sum of the elements.
    @inlinable
    public static func sum(_ x: [Double]) -> Double {
        x.withUnsafeBufferPointer { sum($0) }
    }

    /// Sum of the elements.
    @inlinable
    public static func sum(_ x: UnsafeBufferPointer<Double>) -> Double {
        let n = x.count
        guard let base = x.baseAddress else { return 0 }
        var acc0 = SIMD4<Double>(), acc1 = SIMD4<Double>()
        var k = 0
        let raw = UnsafeRawPointer(base)
        while k + 8 <= n {
            acc0 += raw.loadUnaligned(fromByteOffset: k * 8, as: SIMD4<Double>.self)
            acc1 += raw.loadUnaligned(fromByteOffset: (k + 4) * 8, as: SIMD4<Double>.self)
            k += 8
        }
        var total = (acc0 + acc1).sum()
        while k < n { total += base[k]; k += 1 }
        return total
    }

    /// Dot product of two equal-length vectors.
    @inlinable
    public static func dot(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count, "dot of vectors of different lengths")
        return x.withUnsafeBufferPointer { xs in y.withUnsafeBufferPointer { ys in dot(xs.baseAddress, ys.baseAddress, count: xs.count) } }
    }

    /// Dot product of `count` elements at two addresses.
    @inlinable
    public static func dot(_ x: UnsafePointer<Double>?, _ y: UnsafePointer<Double>?, count n: Int) -> Double {
        guard let x, let y, n > 0 else { return 0 }
        let rx = UnsafeRawPointer(x), ry = UnsafeRawPointer(y)
        var acc0 = SIMD4<Double>(), acc1 = SIMD4<Double>()
        var k = 0
        while k + 8 <= n {
            acc0 = multiplyAdd(acc0, rx.loadUnaligned(fromByteOffset: k * 8, as: SIMD4<Double>.self),
                               ry.loadUnaligned(fromByteOffset: k * 8, as: SIMD4<Double>.self))
            acc1 = multiplyAdd(acc1, rx.loadUnaligned(fromByteOffset: (k + 4) * 8, as: SIMD4<Double>.self),
                               ry.loadUnaligned(fromByteOffset: (k + 4) * 8, as: SIMD4<Double>.self))
            k += 8
        }
        var total = (acc0 + acc1).sum()
        while k < n { total += x[k] * y[k]; k += 1 }
        return total
    }

    /// `y += alpha * x` over `count` elements.
    @inlinable
    public static func axpy(_ alpha: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count n: Int) {
        let rx = UnsafeRawPointer(x), ry = UnsafeMutableRawPointer(y)
        let a = SIMD4<Double>(repeating: alpha)
        var k = 0
        while k + 4 <= n {
            let v = multiplyAdd(ry.loadUnaligned(fromByteOffset: k * 8, as: SIMD4<Double>.self),
                                a, rx.loadUnaligned(fromByteOffset: k * 8, as: SIMD4<Double>.self))
            ry.storeBytes(of: v, toByteOffset: k * 8, as: SIMD4<Double>.self)
            k += 4
        }
        while k < n { y[k] += alpha * x[k]; k += 1 }
    }

    /// Largest element of `count` elements (`-infinity` when empty).
    @inlinable
    public static func maximum(_ x: UnsafePointer<Double>, count n: Int) -> Double {
        var best = SIMD4<Double>(repeating: -.infinity)
        let rx = UnsafeRawPointer(x)
        var k = 0
        while k + 4 <= n {
            best = pointwiseMax(best, rx.loadUnaligned(fromByteOffset: k * 8, as: SIMD4<Double>.self))
            k += 4
        }
        var result = best.max()
        while k < n { result = Swift.max(result, x[k]); k += 1 }
        return result
    }

    /// L1 distance between two vectors.
    @inlinable
    public static func l1Distance(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count)
        var total = 0.0
        for k in 0..<x.count { total += abs(x[k] - y[k]) }
        return total
    }

    // MARK: Matrix-vector products

    /// Rows per parallel chunk: aim for at least ~64k multiply-adds per chunk.
    @inlinable
    static func minimumRows(columns: Int) -> Int { Swift.max(1, 65_536 / Swift.max(1, columns)) }

    /// `out = M x`, parallel over rows.
    public static func multiply(_ m: DenseMatrix, _ x: [Double], into out: inout [Double]) {
        precondition(x.count == m.columns && out.count == m.rows, "shape mismatch in M x")
        m.storage.withUnsafeBufferPointer { multiply($0.baseAddress!, rows: m.rows, columns: m.columns, x, into: &out) }
    }

    /// `out = K x` for a Gibbs kernel in either precision (entries widened to `Double`), parallel
    /// over blocks of rows.
    public static func multiply(_ kernel: GibbsKernel, _ x: [Double], into out: inout [Double]) {
        precondition(x.count == kernel.columns && out.count == kernel.rows, "shape mismatch in K x")
        switch kernel.precision {
        case .f64: kernel.doubles.withUnsafeBufferPointer { multiply($0.baseAddress!, rows: kernel.rows, columns: kernel.columns, x, into: &out) }
        case .f32: kernel.floats.withUnsafeBufferPointer { multiply($0.baseAddress!, rows: kernel.rows, columns: kernel.columns, x, into: &out) }
        }
    }

    static func multiply<Entry: KernelEntry>(
        _ matrix: UnsafePointer<Entry>, rows: Int, columns: Int, _ x: [Double], into out: inout [Double]
    ) {
        x.withUnsafeBufferPointer { xs in
            out.withUnsafeMutableBufferPointer { o in
                Parallel.forEachChunk(count: rows, minimumChunk: minimumRows(columns: columns),
                                      MultiplyLoop(matrix: matrix, columns: columns, x: xs.baseAddress, out: o.baseAddress!))
            }
        }
    }

    /// One chunk of rows of `multiply`: `out[i] = <row i of M, x>`.
    struct MultiplyLoop<Entry: KernelEntry>: ChunkedLoop {
        let matrix: UnsafePointer<Entry>
        let columns: Int
        let x: UnsafePointer<Double>?
        let out: UnsafeMutablePointer<Double>

        func run(chunk: Int, range: Range<Int>) {
            guard let x else {
                for i in range { out[i] = 0 }
                return
            }
            // Four rows at a time, as the fused Sinkhorn sweep reads them: each element of x is
            // loaded once per four rows.
            var i = range.lowerBound
            while i + 4 <= range.upperBound {
                let r0 = matrix + i * columns, r1 = r0 + columns, r2 = r1 + columns, r3 = r2 + columns
                let s = dotRows4(r0, r1, r2, r3, x, count: columns)
                out[i] = s[0]; out[i + 1] = s[1]; out[i + 2] = s[2]; out[i + 3] = s[3]
                i += 4
            }
            while i < range.upperBound { out[i] = dotRow(matrix + i * columns, x, count: columns); i += 1 }
        }
    }

    /// `out = M^T x`, parallel over blocks of rows with one accumulator per block.
    public static func multiplyTransposed(_ m: DenseMatrix, _ x: [Double], into out: inout [Double]) {
        precondition(x.count == m.rows && out.count == m.columns, "shape mismatch in M^T x")
        let columns = m.columns, rows = m.rows
        let chunks = Parallel.chunkCount(count: rows, minimumChunk: minimumRows(columns: columns))
        var partial = [Double](repeating: 0, count: chunks * columns)
        m.storage.withUnsafeBufferPointer { mat in
            x.withUnsafeBufferPointer { xs in
                partial.withUnsafeMutableBufferPointer { acc in
                    let matBase = mat.baseAddress!, accBase = acc.baseAddress!
                    Parallel.forEachChunkIndexed(count: rows, minimumChunk: minimumRows(columns: columns)) { chunk, range in
                        let target = accBase + chunk * columns
                        for i in range where xs[i] != 0 { axpy(xs[i], matBase + i * columns, target, count: columns) }
                    }
                }
            }
        }
        for j in 0..<columns {
            var s = 0.0
            for c in 0..<chunks { s += partial[c * columns + j] }
            out[j] = s
        }
    }
}
