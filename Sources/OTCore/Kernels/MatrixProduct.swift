/// Dense matrix-matrix products `C = A B` for row-major `DenseMatrix`, the kernel of the
/// Gromov-Wasserstein tensor product `hC1 T hC2^T` (Peyré, Cuturi & Solomon 2016, Prop. 1), which
/// costs O(n^2 m + n m^2) instead of the O(n^2 m^2) of the 4-D tensor.
///
/// otlab links no BLAS, so this is a blocked kernel of its own in the manner of GotoBLAS / BLIS
/// (Goto & van de Geijn 2008, "Anatomy of high-performance matrix multiplication"; Van Zee & van de
/// Geijn 2015, "BLIS"): `B` is first packed (`PackedRight`) into strips of 16 columns, each strip a
/// contiguous `256 x 16` panel per block of 256 inner indices (zero-padded at the right edge), so the
/// micro-kernel streams one panel from L1 with unit stride; the micro-kernel computes a 6 x 16 tile of
/// `C` in twelve 8-lane accumulators (AVX-512 registers, or pairs of AVX2 ones), broadcasting one
/// entry of each of six rows of `A` per inner index. Tiles of 6-row blocks are split over the cores
/// (`Parallel`, each core its own rows of `C`). A fixed right factor (GW's `hC2^T`) is packed once and
/// reused (`multiply(_:_:into:)` with a `PackedRight`).
///
/// Each entry is a sum over the inner index in increasing order, one fused multiply-add per term
/// where the CPU has them, so a result does not depend on the number of threads.
///
/// Speed (one core, thread CPU time, 500 x 500 x 500, AVX-512, 2026-12-05): 3.8 ms (68 GFlop/s)
/// for the packed 6 x 16 kernel against 11-12 ms for the unpacked 4 x 16 kernel it replaced; see
/// docs/performance.md ("Entropic Gromov-Wasserstein against POT").
public enum MatrixProduct {
    /// Inner indices per block (the depth of a packed panel).
    static let innerBlock = 256
    /// Rows and columns of a micro-tile.
    static let tileRows = 6
    static let tileColumns = 16

    /// `B` packed for the micro-kernel: for each block of `innerBlock` inner indices, for each strip of
    /// 16 columns, the block's rows of that strip as one contiguous `depth x 16` panel (zeros beyond
    /// the last column).
    public struct PackedRight: Sendable {
        /// Rows of `B` (the inner dimension) and its columns.
        public let rows: Int
        public let columns: Int
        /// Columns rounded up to whole strips.
        let paddedColumns: Int
        var storage: [Double]

        /// Packs `b` (`rows x columns`).
        public init(_ b: DenseMatrix) {
            rows = b.rows
            columns = b.columns
            paddedColumns = (b.columns + tileColumns - 1) / tileColumns * tileColumns
            storage = [Double](repeating: 0, count: rows * paddedColumns)
            repack(b)
        }

        /// Packs `b` again into the same storage (same shape), allocating nothing.
        public mutating func repack(_ b: DenseMatrix) {
            precondition(b.rows == rows && b.columns == columns, "packed matrix: shape changed")
            let k = rows, m = columns, padded = paddedColumns
            guard k > 0, m > 0 else { return }
            b.storage.withUnsafeBufferPointer { source in
                storage.withUnsafeMutableBufferPointer { packed in
                    let bp = source.baseAddress!, out = packed.baseAddress!
                    for kb in stride(from: 0, to: k, by: innerBlock) {
                        let depth = min(innerBlock, k - kb)
                        for strip in 0..<(padded / tileColumns) {
                            let j0 = strip * tileColumns, width = min(tileColumns, m - j0)
                            var destination = out + kb * padded + strip * depth * tileColumns
                            var row = bp + kb * m + j0
                            for _ in 0..<depth {
                                if width == tileColumns {
                                    destination.initialize(from: row, count: tileColumns)
                                } else {
                                    for t in 0..<tileColumns { destination[t] = t < width ? row[t] : 0 }
                                }
                                destination += tileColumns
                                row += m
                            }
                        }
                    }
                }
            }
        }
    }

    /// `A B` as a new matrix; `a.columns` must equal `b.rows`.
    public static func multiply(_ a: DenseMatrix, _ b: DenseMatrix) -> DenseMatrix {
        var c = DenseMatrix(rows: a.rows, columns: b.columns)
        multiply(a, b, into: &c)
        return c
    }

    /// `c = A B`, overwriting `c` (which must be `a.rows x b.columns`); packs `b` first.
    public static func multiply(_ a: DenseMatrix, _ b: DenseMatrix, into c: inout DenseMatrix) {
        multiply(a, PackedRight(b), into: &c)
    }

    /// `c = A B` with `B` already packed, overwriting `c` (which must be `a.rows x b.columns`).
    public static func multiply(_ a: DenseMatrix, _ b: PackedRight, into c: inout DenseMatrix) {
        precondition(a.columns == b.rows, "matrix product: \(a.rows)x\(a.columns) times \(b.rows)x\(b.columns)")
        precondition(c.rows == a.rows && c.columns == b.columns, "matrix product: output has the wrong shape")
        let n = a.rows, k = a.columns, m = b.columns
        guard n > 0, m > 0 else { return }
        a.storage.withUnsafeBufferPointer { ap in
            b.storage.withUnsafeBufferPointer { bp in
                c.storage.withUnsafeMutableBufferPointer { cp in
                    guard k > 0 else {
                        for index in 0..<(n * m) { cp[index] = 0 }
                        return
                    }
                    let loop = ProductLoop(a: ap.baseAddress!, packed: bp.baseAddress!, c: cp.baseAddress!,
                                           inner: k, columns: m, paddedColumns: b.paddedColumns, rows: n)
                    // Chunks of whole 6-row blocks; small products stay on the calling thread.
                    let blocks = (n + tileRows - 1) / tileRows
                    let work = max(1, k * m * tileRows)
                    Parallel.forEachChunk(count: blocks, minimumChunk: max(1, 1_000_000 / work), loop)
                }
            }
        }
    }

    /// One chunk of 6-row blocks of `C = A B`.
    struct ProductLoop: ChunkedLoop {
        let a: UnsafePointer<Double>
        let packed: UnsafePointer<Double>
        let c: UnsafeMutablePointer<Double>
        let inner: Int
        let columns: Int
        let paddedColumns: Int
        /// Rows of `A` and `C` (the last 6-row block may be partial).
        let rows: Int

        /// For each block of inner indices and each 16-column strip, the strip's packed panel (in L1)
        /// serves every row block of the chunk before the next panel is read.
        func run(chunk: Int, range: Range<Int>) {
            let k = inner
            let strips = paddedColumns / tileColumns
            let firstRow = range.lowerBound * tileRows, endRow = min(rows, range.upperBound * tileRows)
            let fullEnd = firstRow + (endRow - firstRow) / tileRows * tileRows
            for kb in stride(from: 0, to: k, by: innerBlock) {
                let depth = min(innerBlock, k - kb)
                for strip in 0..<strips {
                    let panel = packed + kb * paddedColumns + strip * depth * tileColumns
                    let j = strip * tileColumns, width = min(tileColumns, columns - j)
                    var i = firstRow
                    while i < fullEnd {
                        tile6(i: i, j: j, width: width, kb: kb, depth: depth, panel: panel)
                        i += tileRows
                    }
                    while i < endRow {
                        tile1(i: i, j: j, width: width, kb: kb, depth: depth, panel: panel)
                        i += 1
                    }
                }
            }
        }

        /// The 6 x 16 tile at (i, j) over inner indices `kb..<kb + depth`, added to `C` unless `kb`
        /// is 0; only the first `width` columns are written.
        @inline(__always)
        func tile6(i: Int, j: Int, width: Int, kb: Int, depth: Int, panel: UnsafePointer<Double>) {
            let k = inner, m = columns
            let a0 = a + i * k + kb, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k, a4 = a3 + k, a5 = a4 + k
            let c0 = c + i * m + j, c1 = c0 + m, c2 = c1 + m, c3 = c2 + m, c4 = c3 + m, c5 = c4 + m
            var x0 = SIMD8<Double>(), y0 = SIMD8<Double>(), x1 = SIMD8<Double>(), y1 = SIMD8<Double>()
            var x2 = SIMD8<Double>(), y2 = SIMD8<Double>(), x3 = SIMD8<Double>(), y3 = SIMD8<Double>()
            var x4 = SIMD8<Double>(), y4 = SIMD8<Double>(), x5 = SIMD8<Double>(), y5 = SIMD8<Double>()
            let full = width == tileColumns
            if kb > 0 {
                (x0, y0) = load(c0, width); (x1, y1) = load(c1, width); (x2, y2) = load(c2, width)
                (x3, y3) = load(c3, width); (x4, y4) = load(c4, width); (x5, y5) = load(c5, width)
            }
            var b = panel
            for p in 0..<depth {
                let lo = Self.load(b), hi = Self.load(b + 8)
                var s = SIMD8(repeating: a0[p])
                x0 = Kernels.multiplyAdd(x0, s, lo); y0 = Kernels.multiplyAdd(y0, s, hi)
                s = SIMD8(repeating: a1[p])
                x1 = Kernels.multiplyAdd(x1, s, lo); y1 = Kernels.multiplyAdd(y1, s, hi)
                s = SIMD8(repeating: a2[p])
                x2 = Kernels.multiplyAdd(x2, s, lo); y2 = Kernels.multiplyAdd(y2, s, hi)
                s = SIMD8(repeating: a3[p])
                x3 = Kernels.multiplyAdd(x3, s, lo); y3 = Kernels.multiplyAdd(y3, s, hi)
                s = SIMD8(repeating: a4[p])
                x4 = Kernels.multiplyAdd(x4, s, lo); y4 = Kernels.multiplyAdd(y4, s, hi)
                s = SIMD8(repeating: a5[p])
                x5 = Kernels.multiplyAdd(x5, s, lo); y5 = Kernels.multiplyAdd(y5, s, hi)
                b += tileColumns
            }
            if full {
                Self.store(x0, c0); Self.store(y0, c0 + 8); Self.store(x1, c1); Self.store(y1, c1 + 8)
                Self.store(x2, c2); Self.store(y2, c2 + 8); Self.store(x3, c3); Self.store(y3, c3 + 8)
                Self.store(x4, c4); Self.store(y4, c4 + 8); Self.store(x5, c5); Self.store(y5, c5 + 8)
            } else {
                store(x0, y0, c0, width); store(x1, y1, c1, width); store(x2, y2, c2, width)
                store(x3, y3, c3, width); store(x4, y4, c4, width); store(x5, y5, c5, width)
            }
        }

        /// One row's 16 columns (the rows below the last whole 6-row block), in the same order.
        @inline(__always)
        func tile1(i: Int, j: Int, width: Int, kb: Int, depth: Int, panel: UnsafePointer<Double>) {
            let a0 = a + i * inner + kb, c0 = c + i * columns + j
            var x0 = SIMD8<Double>(), y0 = SIMD8<Double>()
            if kb > 0 { (x0, y0) = load(c0, width) }
            var b = panel
            for p in 0..<depth {
                let s = SIMD8(repeating: a0[p])
                x0 = Kernels.multiplyAdd(x0, s, Self.load(b)); y0 = Kernels.multiplyAdd(y0, s, Self.load(b + 8))
                b += tileColumns
            }
            store(x0, y0, c0, width)
        }

        /// The first `width` of 16 entries at `p` (zeros beyond).
        @inline(__always) private func load(_ p: UnsafeMutablePointer<Double>, _ width: Int) -> (SIMD8<Double>, SIMD8<Double>) {
            if width == tileColumns { return (Self.load(UnsafePointer(p)), Self.load(UnsafePointer(p + 8))) }
            var lo = SIMD8<Double>(), hi = SIMD8<Double>()
            for t in 0..<min(8, width) { lo[t] = p[t] }
            for t in 8..<max(8, width) { hi[t - 8] = p[t] }
            return (lo, hi)
        }

        /// Stores the first `width` of 16 entries at `p`.
        @inline(__always) private func store(_ lo: SIMD8<Double>, _ hi: SIMD8<Double>, _ p: UnsafeMutablePointer<Double>, _ width: Int) {
            if width == tileColumns {
                Self.store(lo, p)
                Self.store(hi, p + 8)
                return
            }
            for t in 0..<min(8, width) { p[t] = lo[t] }
            for t in 8..<max(8, width) { p[t] = hi[t - 8] }
        }

        @inline(__always) private static func load(_ p: UnsafePointer<Double>) -> SIMD8<Double> {
            UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Double>.self)
        }

        @inline(__always) private static func store(_ v: SIMD8<Double>, _ p: UnsafeMutablePointer<Double>) {
            UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Double>.self)
        }
    }
}
