/// One read of C per log-domain Sinkhorn iteration, with one exponential per entry.
///
/// The plain log-domain iteration computes a row log-sum-exp over C and then a column log-sum-exp
/// over C^T: two reads of C and two exponentials per entry, each read twice (max shift, then sum).
/// When the plan's entries cannot overflow, the iteration is the scaling iteration written on the
/// plan itself: for each row i the entries `P_ij = exp((f_i + g_j - C_ij) / reg)` give the row sum
/// `r_i` (the row violation of the current plan, and `f_i += reg (log a_i - log r_i)`), and the same
/// entries scaled by `a_i / r_i` are the row of the updated plan, accumulated into its column sums
/// (`g_j += reg (log b_j - log c_j)`). The entries need no max shift because after a column update
/// every column of P sums to `b_j`, so `P_ij <= b_j`; rows or columns whose sums come out outside
/// the normal range are reported by `isUsable`, and the caller then takes the max-shifted path.
public enum LogDomainSweep {
    /// Scratch space and results of a sweep, sized once so that a sweep allocates nothing.
    public struct Workspace: Sendable {
        let chunks: Int
        var partialColumns: [Double]
        var rowErrors: [Double]
        var rowScratch: [Double]
        /// Row sums of the plan before the sweep's updates.
        public internal(set) var rowSums: [Double]
        /// Column sums of the plan after the row update.
        public internal(set) var columnSums: [Double]

        public init(rows: Int, columns: Int) {
            chunks = Parallel.chunkCount(count: rows, minimumChunk: LogDomainSweep.minimumRows(columns: columns))
            partialColumns = [Double](repeating: 0, count: chunks * columns)
            rowErrors = [Double](repeating: 0, count: chunks)
            rowScratch = [Double](repeating: 0, count: chunks * columns)
            rowSums = [Double](repeating: 0, count: rows)
            columnSums = [Double](repeating: 0, count: columns)
        }
    }

    /// Sums below this are treated as underflowed (entries below `exp(-708)` are flushed to zero).
    public static let smallestUsableSum = 1e-280

    /// Rows per parallel chunk: an exponential costs about as much as 16 multiply-adds.
    static func minimumRows(columns: Int) -> Int { Kernels.minimumRows(columns: columns) / 16 + 1 }

    /// Runs the sweep for the potentials `f`, `g`, filling `workspace.rowSums` and
    /// `workspace.columnSums`; returns the L1 row violation `sum_i |r_i - a_i|` of the current plan.
    public static func sweep(
        cost: DenseMatrix, f: [Double], g: [Double], a: [Double], inverseRegularization: Double,
        workspace: inout Workspace
    ) -> Double {
        let rows = cost.rows, columns = cost.columns
        precondition(f.count == rows && a.count == rows && g.count == columns)
        let chunks = workspace.chunks
        cost.storage.withUnsafeBufferPointer { cb in
        f.withUnsafeBufferPointer { fb in
        g.withUnsafeBufferPointer { gb in
        a.withUnsafeBufferPointer { ab in
        workspace.partialColumns.withUnsafeMutableBufferPointer { pc in
        workspace.rowErrors.withUnsafeMutableBufferPointer { eb in
        workspace.rowScratch.withUnsafeMutableBufferPointer { sc in
        workspace.rowSums.withUnsafeMutableBufferPointer { rs in
            let cBase = cb.baseAddress!, gBase = gb.baseAddress!, partial = pc.baseAddress!, scratch = sc.baseAddress!
            partial.update(repeating: 0, count: chunks * columns)
            Parallel.forEachChunk(count: rows, minimumChunk: minimumRows(columns: columns), SweepLoop(
                cost: cBase, columns: columns, f: fb.baseAddress!, g: gBase, a: ab.baseAddress!,
                inverseRegularization: inverseRegularization, partial: partial, scratch: scratch,
                rowSums: rs.baseAddress!, rowErrors: eb.baseAddress!))
        }
        }
        }
        }
        }
        }
        }
        }
        workspace.partialColumns.withUnsafeBufferPointer { pc in
            workspace.columnSums.withUnsafeMutableBufferPointer { out in
                for j in 0..<columns {
                    var s = 0.0
                    for c in 0..<chunks { s += pc[c * columns + j] }
                    out[j] = s
                }
            }
        }
        var total = 0.0
        for c in 0..<chunks { total += workspace.rowErrors[c] }
        return total
    }

    /// True when every row with `a_i > 0` and every column with `b_j > 0` has a finite sum of at
    /// least `smallestUsableSum`, so the sweep's updates are as accurate as the max-shifted ones.
    public static func isUsable(_ workspace: Workspace, a: [Double], b: [Double]) -> Bool {
        for i in 0..<a.count where a[i] > 0 {
            let r = workspace.rowSums[i]
            if !(r >= smallestUsableSum && r.isFinite) { return false }
        }
        for j in 0..<b.count where b[j] > 0 {
            let c = workspace.columnSums[j]
            if !(c >= smallestUsableSum && c.isFinite) { return false }
        }
        return true
    }

    /// Writes `exp((fi + g_j - c_j) * inverseReg)` for one row into `out` and returns their sum.
    @inlinable
    static func planRow(
        _ c: UnsafePointer<Double>, _ g: UnsafePointer<Double>, _ fi: Double, _ inverseReg: Double,
        count n: Int, into out: UnsafeMutablePointer<Double>
    ) -> Double {
        let rc = UnsafeRawPointer(c), rg = UnsafeRawPointer(g), ro = UnsafeMutableRawPointer(out)
        let f = SIMD4<Double>(repeating: fi), scale = SIMD4<Double>(repeating: inverseReg)
        var total = SIMD4<Double>()
        var k = 0
        while k + 4 <= n {
            let t = (f + rg.loadUnaligned(fromByteOffset: k &* 8, as: SIMD4<Double>.self)
                - rc.loadUnaligned(fromByteOffset: k &* 8, as: SIMD4<Double>.self)) * scale
            let e = VectorExp.exp(t)
            total += e
            ro.storeBytes(of: e, toByteOffset: k &* 8, as: SIMD4<Double>.self)
            k += 4
        }
        var sum = total.sum()
        while k < n {
            let e = VectorExp.exp((fi + g[k] - c[k]) * inverseReg)
            out[k] = e
            sum += e
            k += 1
        }
        return sum
    }
}

extension LogDomainSweep {
    /// One chunk of rows of `sweep`: each row's plan `exp((f_i + g_j - C_ij) / reg)` into the chunk's
    /// scratch row, its sum into `rowSums[i]`, the row violations into `rowErrors[chunk]`, and the
    /// rows scaled to their marginal `a_i` summed into the chunk's row of `partial`.
    struct SweepLoop: ChunkedLoop {
        let cost: UnsafePointer<Double>
        let columns: Int
        let f: UnsafePointer<Double>
        let g: UnsafePointer<Double>
        let a: UnsafePointer<Double>
        let inverseRegularization: Double
        let partial: UnsafeMutablePointer<Double>
        let scratch: UnsafeMutablePointer<Double>
        let rowSums: UnsafeMutablePointer<Double>
        let rowErrors: UnsafeMutablePointer<Double>

        func run(chunk: Int, range: Range<Int>) {
            let columns = self.columns, fb = f, ab = a, rs = rowSums
            let accumulator = partial + chunk * columns
            let row = scratch + chunk * columns
            var error = 0.0
            for i in range {
                guard fb[i] > -.infinity else { rs[i] = 0; error += ab[i]; continue }
                let r = planRow(cost + i * columns, g, fb[i], inverseRegularization, count: columns, into: row)
                rs[i] = r
                error += abs(r - ab[i])
                let scale = ab[i] / r
                if scale > 0 && scale.isFinite { Kernels.axpy(scale, UnsafePointer(row), accumulator, count: columns) }
            }
            rowErrors[chunk] = error
        }
    }
}
