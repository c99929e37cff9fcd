/// Dense matrix-matrix products `C = A B` for row-major `DenseMatrix`, the kernel of the
/// Gromov-Wasserstein tensor product `hC1 T hC2^T` (Peyré, Cuturi & Solomon 2016, Prop. 1), which
/// costs O(n^2 m + n m^2) instead of the O(n^2 m^2) of the 4-D tensor.
///
/// otlab links no BLAS, so this is a small blocked kernel of its own: the output is computed in
/// tiles of 4 rows x 16 columns held in eight 8-lane accumulators (one AVX-512 register each, or
/// two AVX2 ones), over blocks of 256 inner indices so that the 256 x 16 panel of `B` a tile row
/// reads stays in L1 while the tiles below it reuse it. Row blocks of `C` are split over the cores.
/// Each entry is a sum over the inner index in increasing order with fused multiply-adds where the
/// CPU has them, so a result does not depend on the number of threads.
public enum MatrixProduct {
    /// Inner indices per block (the panel of `B` a tile row sweeps).
    static let innerBlock = 256

    /// `A B` as a new matrix; `a.columns` must equal `b.rows`.
    public static func multiply(_ a: DenseMatrix, _ b: DenseMatrix) -> DenseMatrix {
        var c = DenseMatrix(rows: a.rows, columns: b.columns)
        multiply(a, b, into: &c)
        return c
    }

    /// `c = A B`, overwriting `c` (which must be `a.rows x b.columns`).
    public static func multiply(_ a: DenseMatrix, _ b: DenseMatrix, into c: inout DenseMatrix) {
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
                    let loop = ProductLoop(a: ap.baseAddress!, b: bp.baseAddress!, c: cp.baseAddress!, inner: k, columns: m, rows: n)
                    // Chunks of whole 4-row blocks; small products stay on the calling thread.
                    let blocks = (n + 3) / 4
                    let work = max(1, k * m)
                    Parallel.forEachChunk(count: blocks, minimumChunk: max(1, 65_536 / work), loop)
                }
            }
        }
    }

    /// One chunk of 4-row blocks of `C = A B`.
    struct ProductLoop: ChunkedLoop {
        let a: UnsafePointer<Double>
        let b: UnsafePointer<Double>
        let c: UnsafeMutablePointer<Double>
        let inner: Int
        let columns: Int
        /// Rows of `A` and `C` (the last 4-row block may be partial).
        let rows: Int

        /// For each block of inner indices, each 16-column panel of `B` (256 x 16, in L1) serves
        /// every 4-row block of the chunk before the next panel is read.
        func run(chunk: Int, range: Range<Int>) {
            let k = inner, m = columns
            let fullPanels = m / 16
            for kb in stride(from: 0, to: k, by: MatrixProduct.innerBlock) {
                let kEnd = min(k, kb + MatrixProduct.innerBlock)
                let first = kb == 0
                for panel in 0..<fullPanels {
                    for block in range where block * 4 + 4 <= rows {
                        tile(i: block * 4, j: panel * 16, kb: kb, kEnd: kEnd, first: first)
                    }
                }
                for block in range {
                    let i = block * 4, count = min(4, rows - i)
                    if count < 4 {
                        scalar(rows: i..<(i + count), columns: 0..<m, kb: kb, kEnd: kEnd, first: first)
                    } else if fullPanels * 16 < m {
                        scalar(rows: i..<(i + 4), columns: (fullPanels * 16)..<m, kb: kb, kEnd: kEnd, first: first)
                    }
                }
            }
        }

        /// The 4 x 16 tile at (i, j) over inner indices `kb..<kEnd`, added to `C` unless `first`.
        @inline(__always)
        func tile(i: Int, j: Int, kb: Int, kEnd: Int, first: Bool) {
            let k = inner, m = columns
            let a0 = a + i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k
            let c0 = c + i * m + j, c1 = c0 + m, c2 = c1 + m, c3 = c2 + m
            var x0 = SIMD8<Double>(), y0 = SIMD8<Double>(), x1 = SIMD8<Double>(), y1 = SIMD8<Double>()
            var x2 = SIMD8<Double>(), y2 = SIMD8<Double>(), x3 = SIMD8<Double>(), y3 = SIMD8<Double>()
            if !first {
                x0 = load(c0); y0 = load(c0 + 8); x1 = load(c1); y1 = load(c1 + 8)
                x2 = load(c2); y2 = load(c2 + 8); x3 = load(c3); y3 = load(c3 + 8)
            }
            var row = b + kb * m + j
            for p in kb..<kEnd {
                let lo = load(row), hi = load(row + 8)
                let s0 = SIMD8(repeating: a0[p]), s1 = SIMD8(repeating: a1[p])
                let s2 = SIMD8(repeating: a2[p]), s3 = SIMD8(repeating: a3[p])
                x0 = Kernels.multiplyAdd(x0, s0, lo); y0 = Kernels.multiplyAdd(y0, s0, hi)
                x1 = Kernels.multiplyAdd(x1, s1, lo); y1 = Kernels.multiplyAdd(y1, s1, hi)
                x2 = Kernels.multiplyAdd(x2, s2, lo); y2 = Kernels.multiplyAdd(y2, s2, hi)
                x3 = Kernels.multiplyAdd(x3, s3, lo); y3 = Kernels.multiplyAdd(y3, s3, hi)
                row += m
            }
            store(x0, c0); store(y0, c0 + 8); store(x1, c1); store(y1, c1 + 8)
            store(x2, c2); store(y2, c2 + 8); store(x3, c3); store(y3, c3 + 8)
        }

        /// The given rows and columns one entry at a time (the edges), in the same order as `tile`.
        func scalar(rows: Range<Int>, columns range: Range<Int>, kb: Int, kEnd: Int, first: Bool) {
            let k = inner, m = columns
            for r in rows {
                let ar = a + r * k, cr = c + r * m
                for j in range {
                    var s = first ? 0.0 : cr[j]
                    var bp = b + kb * m + j
                    for p in kb..<kEnd {
                        s = Kernels.multiplyAdd(s, ar[p], bp.pointee)
                        bp += m
                    }
                    cr[j] = s
                }
            }
        }

        @inline(__always) private func load(_ p: UnsafePointer<Double>) -> SIMD8<Double> {
            UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Double>.self)
        }

        @inline(__always) private func load(_ p: UnsafeMutablePointer<Double>) -> SIMD8<Double> {
            UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Double>.self)
        }

        @inline(__always) private func store(_ v: SIMD8<Double>, _ p: UnsafeMutablePointer<Double>) {
            UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Double>.self)
        }
    }
}
