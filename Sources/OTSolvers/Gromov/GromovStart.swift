import OTCore

/// Starting couplings for the non-convex GW solvers.
enum GromovStart {
    /// The product coupling `p q^T` (POT's default `G0`).
    static func product(_ p: [Double], _ q: [Double]) -> DenseMatrix {
        DenseMatrix(rows: p.count, columns: q.count) { i, j in p[i] * q[j] }
    }

    /// A random coupling with marginals `p`, `q`: uniform(0.05, 1) entries (start `start` of `seed`)
    /// scaled to the marginals by matrix balancing (Sinkhorn-Knopp without a cost), so that the rows
    /// and columns sum to `p` and `q` to round-off.
    static func random(_ p: [Double], _ q: [Double], seed: Int, start: Int) -> DenseMatrix {
        var generator = SplitMix64(seed: UInt64(truncatingIfNeeded: seed) &* 0x9E37_79B9 &+ UInt64(start))
        let n = p.count, m = q.count
        var r = DenseMatrix(rows: n, columns: m) { _, _ in 0.05 + 0.95 * generator.nextUnit() }
        for _ in 0..<2000 {
            let rows = r.rowSums()
            for i in 0..<n {
                let s = rows[i] > 0 ? p[i] / rows[i] : 0
                for j in 0..<m { r[i, j] *= s }
            }
            let columns = r.columnSums()
            var error = 0.0
            for j in 0..<m {
                let s = columns[j] > 0 ? q[j] / columns[j] : 0
                for i in 0..<n { r[i, j] *= s }
            }
            let after = r.rowSums()
            for i in 0..<n { error += abs(after[i] - p[i]) }
            if error < 1e-14 { break }
        }
        return r
    }
}
