import OTCore

/// The Gibbs kernel of the squared Euclidean cost on a `rows x columns` grid scaled to [0, 1] per
/// axis, applied separably: `exp(-|x - y|^2 / reg)` factors into a row kernel and a column kernel,
/// so `K X = K_r X K_c` for a picture X (Solomon et al. 2015, "Convolutional Wasserstein
/// distances"). Two 1-D passes cost O(N^1.5) for N pixels and never form the N x N matrix. The
/// factors are POT's (`_get_convol_img_fn`): `exp(-(t_i - t_j)^2 / reg)` with `t = linspace(0, 1, n)`;
/// the log-domain pass uses the exponents directly with max-shifted log-sum-exp.
public struct GridConvolution: Sendable {
    public let rows: Int
    public let columns: Int
    /// `-(t_i - t_j)^2 / reg` along rows (rows x rows) and along columns (columns x columns).
    let rowExponent: [Double]
    let columnExponent: [Double]
    /// Their exponentials: the 1-D kernels.
    let rowKernel: [Double]
    let columnKernel: [Double]
    /// Squared distances along each axis (for `<P, C>`), times the kernels.
    let rowCostKernel: [Double]
    let columnCostKernel: [Double]

    public init(rows: Int, columns: Int, regularization reg: Double) {
        self.rows = rows
        self.columns = columns
        func exponent(_ n: Int) -> [Double] {
            var e = [Double](repeating: 0, count: n * n)
            for i in 0..<n {
                for j in 0..<n {
                    let d = BarycenterProblem.unitCoordinate(i, count: n) - BarycenterProblem.unitCoordinate(j, count: n)
                    e[i * n + j] = -(d * d) / reg
                }
            }
            return e
        }
        rowExponent = exponent(rows)
        columnExponent = exponent(columns)
        rowKernel = rowExponent.map(libmExp)
        columnKernel = columnExponent.map(libmExp)
        rowCostKernel = zip(rowExponent, rowKernel).map { -$0 * reg * $1 }
        columnCostKernel = zip(columnExponent, columnKernel).map { -$0 * reg * $1 }
    }

    public var count: Int { rows * columns }

    /// `out = K x` (x and out are pictures, row-major); `scratch` holds `count` values.
    public func apply(_ x: [Double], into out: inout [Double], scratch: inout [Double]) {
        separable(x, rowKernel, columnKernel, into: &out, scratch: &scratch)
    }

    /// `out = A x B` for a rows x rows matrix A and a symmetric columns x columns matrix B, as two
    /// matrix products `Y = A x` and `out = Y B` (B symmetric, so row j of B is its column j).
    func separable(_ x: [Double], _ a: [Double], _ b: [Double], into out: inout [Double], scratch: inout [Double]) {
        let r = rows, c = columns
        x.withUnsafeBufferPointer { xp in
            a.withUnsafeBufferPointer { ap in
                scratch.withUnsafeMutableBufferPointer { yp in
                    Self.multiply(ap.baseAddress!, xp.baseAddress!, into: yp.baseAddress!, rows: r, inner: r, columns: c)
                }
            }
        }
        scratch.withUnsafeBufferPointer { yp in
            b.withUnsafeBufferPointer { bp in
                out.withUnsafeMutableBufferPointer { zp in
                    Self.multiply(yp.baseAddress!, bp.baseAddress!, into: zp.baseAddress!, rows: r, inner: c, columns: c)
                }
            }
        }
    }

    /// `out = W R` for row-major `W` (rows x inner) and `R` (inner x columns): four output rows at a
    /// time, each row of R read once per block and added into the four rows eight columns at a time.
    /// Every entry sums its terms in the order j = 0, 1, ..., as a plain loop would.
    static func multiply(_ w: UnsafePointer<Double>, _ rMatrix: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>,
                         rows: Int, inner: Int, columns c: Int) {
        out.update(repeating: 0, count: rows * c)
        let raw = UnsafeRawPointer(rMatrix), rawOut = UnsafeMutableRawPointer(out)
        var i = 0
        while i + 4 <= rows {
            for j in 0..<inner {
                let w0 = SIMD8<Double>(repeating: w[i * inner + j]), w1 = SIMD8<Double>(repeating: w[(i + 1) * inner + j])
                let w2 = SIMD8<Double>(repeating: w[(i + 2) * inner + j]), w3 = SIMD8<Double>(repeating: w[(i + 3) * inner + j])
                let rowOffset = j * c * 8
                var l = 0
                while l + 8 <= c {
                    let x = raw.loadUnaligned(fromByteOffset: rowOffset + l * 8, as: SIMD8<Double>.self)
                    let o0 = (i * c + l) * 8, o1 = o0 + c * 8, o2 = o1 + c * 8, o3 = o2 + c * 8
                    let y0 = rawOut.loadUnaligned(fromByteOffset: o0, as: SIMD8<Double>.self)
                    let y1 = rawOut.loadUnaligned(fromByteOffset: o1, as: SIMD8<Double>.self)
                    let y2 = rawOut.loadUnaligned(fromByteOffset: o2, as: SIMD8<Double>.self)
                    let y3 = rawOut.loadUnaligned(fromByteOffset: o3, as: SIMD8<Double>.self)
                    rawOut.storeBytes(of: Kernels.multiplyAdd(y0, w0, x), toByteOffset: o0, as: SIMD8<Double>.self)
                    rawOut.storeBytes(of: Kernels.multiplyAdd(y1, w1, x), toByteOffset: o1, as: SIMD8<Double>.self)
                    rawOut.storeBytes(of: Kernels.multiplyAdd(y2, w2, x), toByteOffset: o2, as: SIMD8<Double>.self)
                    rawOut.storeBytes(of: Kernels.multiplyAdd(y3, w3, x), toByteOffset: o3, as: SIMD8<Double>.self)
                    l += 8
                }
                while l < c {
                    let x = rMatrix[j * c + l]
                    for k in 0..<4 { out[(i + k) * c + l] += w[(i + k) * inner + j] * x }
                    l += 1
                }
            }
            i += 4
        }
        while i < rows {
            for j in 0..<inner { Kernels.axpy(w[i * inner + j], rMatrix + j * c, out + i * c, count: c) }
            i += 1
        }
    }

    /// `<diag(u) K diag(v), C>` for the squared Euclidean cost C on the grid, from the factorization
    /// `K o C = (K_r o D_r) (x) K_c + K_r (x) (K_c o D_c)`.
    public func transportCost(u: [Double], v: [Double], scratch: inout [Double], work: inout [Double]) -> Double {
        var total = 0.0
        separable(v, rowCostKernel, columnKernel, into: &work, scratch: &scratch)
        total += Kernels.dot(u, work)
        separable(v, rowKernel, columnCostKernel, into: &work, scratch: &scratch)
        total += Kernels.dot(u, work)
        return total
    }

    /// `out = log(K exp(x))` in the log domain: along rows, then along columns, each a max-shifted
    /// log-sum-exp of `exponent + x` (POT's log-domain convolution).
    public func applyLog(_ x: [Double], into out: inout [Double], scratch: inout [Double]) {
        let r = rows, c = columns
        // scratch[i, l] = lse_j (E_r[i, j] + x[j, l])
        var peak = [Double](repeating: 0, count: c), sum = [Double](repeating: 0, count: c)
        for i in 0..<r {
            for l in 0..<c { peak[l] = -.infinity }
            for j in 0..<r {
                let e = rowExponent[i * r + j]
                for l in 0..<c { peak[l] = max(peak[l], e + x[j * c + l]) }
            }
            for l in 0..<c { sum[l] = 0 }
            for j in 0..<r {
                let e = rowExponent[i * r + j]
                for l in 0..<c where peak[l] > -.infinity { sum[l] += libmExp(e + x[j * c + l] - peak[l]) }
            }
            for l in 0..<c { scratch[i * c + l] = peak[l] == -.infinity ? -.infinity : peak[l] + libmLog(sum[l]) }
        }
        // out[b, a] = lse_j (E_c[a, j] + scratch[b, j])
        for b in 0..<r {
            for a in 0..<c {
                var m = -Double.infinity
                for j in 0..<c { m = max(m, columnExponent[a * c + j] + scratch[b * c + j]) }
                if m == -.infinity { out[b * c + a] = -.infinity; continue }
                var s = 0.0
                for j in 0..<c { s += libmExp(columnExponent[a * c + j] + scratch[b * c + j] - m) }
                out[b * c + a] = m + libmLog(s)
            }
        }
    }
}
