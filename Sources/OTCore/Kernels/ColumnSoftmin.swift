/// The column log-sum-exp of log-domain Sinkhorn read from the row-major cost itself, so that the
/// solver keeps no transposed copy of C:
/// `out[j] = log sum_i exp((f[i] - C[i, j]) * inverseRegularization)`, max-shifted per column.
///
/// Two sweeps over C, each split over the cores by rows, each chunk with its own column
/// accumulators (`Workspace`, sized once: a call allocates nothing): the first takes every
/// column's maximum of `f_i - C_ij`, the second sums `exp((f_i - C_ij - peak_j) / reg)`. Both run
/// along the rows, four columns per SIMD operation. The result is what `LogSumExp.softminRows` gives
/// on `C^T` (the same max shift; the sums in another order, so equal to rounding).
///
/// Issue 20: `sinkhorn-log` (and with it the warm-up of `sns`) made `C^T` when it was built, an
/// n x m copy through a strided loop; `otlab bench --formation` times that copy against this pass.
public enum ColumnSoftmin {
    /// Per-chunk column maxima and sums.
    public struct Workspace: Sendable {
        public let rows: Int
        public let columns: Int
        let chunks: Int
        var peaks: [Double]
        var sums: [Double]

        public init(rows: Int, columns: Int) {
            self.rows = rows
            self.columns = columns
            chunks = Parallel.chunkCount(count: rows, minimumChunk: ColumnSoftmin.minimumRows(columns: columns))
            peaks = [Double](repeating: 0, count: chunks * columns)
            sums = [Double](repeating: 0, count: chunks * columns)
        }
    }

    /// Rows per parallel chunk: an exponential costs about as much as 16 multiply-adds.
    static func minimumRows(columns: Int) -> Int { Kernels.minimumRows(columns: columns) / 16 + 1 }

    /// For every column j: `out[j] = log sum_i exp((potential[i] - cost[i, j]) * inverseRegularization)`;
    /// `-infinity` where every term is zero (`potential[i] = -infinity`), the maximum itself where it
    /// is not finite.
    public static func softminColumns(
        cost: DenseMatrix, potential: [Double], inverseRegularization: Double, into out: inout [Double], workspace: inout Workspace
    ) {
        let rows = cost.rows, columns = cost.columns
        precondition(potential.count == rows && out.count == columns, "shape mismatch in the column log-sum-exp")
        precondition(workspace.rows == rows && workspace.columns == columns, "workspace of another shape")
        guard rows > 0, columns > 0 else {
            for j in 0..<columns { out[j] = -.infinity }
            return
        }
        let chunks = workspace.chunks
        cost.storage.withUnsafeBufferPointer { cb in
        potential.withUnsafeBufferPointer { fb in
        workspace.peaks.withUnsafeMutableBufferPointer { pb in
        workspace.sums.withUnsafeMutableBufferPointer { sb in
        out.withUnsafeMutableBufferPointer { ob in
            let cost = cb.baseAddress!, f = fb.baseAddress!, peaks = pb.baseAddress!, sums = sb.baseAddress!, out = ob.baseAddress!
            let minimum = minimumRows(columns: columns)
            Parallel.forEachChunk(count: rows, minimumChunk: minimum, PeakLoop(cost: cost, columns: columns, f: f, peaks: peaks))
            // Merge the chunks' maxima into chunk 0's row.
            for c in 1..<chunks {
                for j in 0..<columns { peaks[j] = Swift.max(peaks[j], peaks[c * columns + j]) }
            }
            Parallel.forEachChunk(count: rows, minimumChunk: minimum, SumLoop(
                cost: cost, columns: columns, f: f, peaks: peaks, sums: sums, inverseRegularization: inverseRegularization))
            for j in 0..<columns {
                let peak = peaks[j]
                if peak == -.infinity { out[j] = -.infinity; continue }
                if !peak.isFinite { out[j] = peak; continue }
                var total = 0.0
                for c in 0..<chunks { total += sums[c * columns + j] }
                out[j] = peak * inverseRegularization + libmLog(total)
            }
        }
        }
        }
        }
        }
    }

    /// One chunk of rows: `peaks[chunk][j] = max_i (f_i - C_ij)` over the chunk.
    struct PeakLoop: ChunkedLoop {
        let cost: UnsafePointer<Double>
        let columns: Int
        let f: UnsafePointer<Double>
        let peaks: UnsafeMutablePointer<Double>

        func run(chunk: Int, range: Range<Int>) {
            let best = peaks + chunk * columns
            best.update(repeating: -.infinity, count: columns)
            let rb = UnsafeMutableRawPointer(best)
            for i in range {
                let fi = SIMD4<Double>(repeating: f[i])
                let rc = UnsafeRawPointer(cost + i * columns)
                var j = 0
                while j + 4 <= columns {
                    let x = fi - rc.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self)
                    let b = rb.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self)
                    rb.storeBytes(of: pointwiseMax(b, x), toByteOffset: j * 8, as: SIMD4<Double>.self)
                    j += 4
                }
                while j < columns { best[j] = Swift.max(best[j], f[i] - cost[i * columns + j]); j += 1 }
            }
        }
    }

    /// One chunk of rows: `sums[chunk][j] = sum_i exp((f_i - C_ij - peak_j) * inverseRegularization)`.
    struct SumLoop: ChunkedLoop {
        let cost: UnsafePointer<Double>
        let columns: Int
        let f: UnsafePointer<Double>
        let peaks: UnsafePointer<Double>
        let sums: UnsafeMutablePointer<Double>
        let inverseRegularization: Double

        func run(chunk: Int, range: Range<Int>) {
            let total = sums + chunk * columns
            total.update(repeating: 0, count: columns)
            let rt = UnsafeMutableRawPointer(total), rp = UnsafeRawPointer(peaks)
            let scale = SIMD4<Double>(repeating: inverseRegularization)
            for i in range {
                let fi = SIMD4<Double>(repeating: f[i])
                let rc = UnsafeRawPointer(cost + i * columns)
                var j = 0
                while j + 4 <= columns {
                    let t = (fi - rc.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self)
                        - rp.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self)) * scale
                    let s = rt.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self)
                    rt.storeBytes(of: s + VectorExp.exp(t), toByteOffset: j * 8, as: SIMD4<Double>.self)
                    j += 4
                }
                while j < columns {
                    total[j] += VectorExp.exp((f[i] - cost[i * columns + j] - peaks[j]) * inverseRegularization)
                    j += 1
                }
            }
        }
    }
}
