/// Log-sum-exp sweeps over an implicit point-cloud cost, computed tile by tile and never stored.
///
/// A sweep computes, for every row i, `LSE_i = log sum_j exp((potential_j - C_ij) / reg)` with the
/// costs recomputed from the points in tiles of `rows x columns` entries (a column tile of target
/// points, its potentials and two scratch rows stay in L1 while the rows of the tile pass over it).
/// The maximum shift is streaming ("online" softmax): each row keeps its running maximum and rescales
/// its running sums when a later tile raises it, so every entry is read once. Row tiles are spread
/// over the cores (dynamically, as the machine is shared); memory is O(n + m) and nothing is allocated
/// on the heap. The sweep polls a `StepInterruption` between row tiles and stops early when raised.
///
/// A weighted sweep also returns, per row, the softmax averages `sum_j w_ij C_ij` and
/// `sum_j w_ij v_j` with `w_ij = exp((potential_j - C_ij) / reg - LSE_i)`: with them the transport
/// cost and the objectives of the plan follow in O(n + m), without another pass.
public enum TiledSoftmin {
    /// Rows and columns of one tile.
    public struct Tiling: Sendable, Equatable {
        public var rows: Int
        public var columns: Int
        public init(rows: Int, columns: Int) {
            precondition(rows > 0 && columns > 0, "tiles need at least one row and one column")
            self.rows = rows
            self.columns = columns
        }
        /// 64 rows x 512 columns: a 2-D column tile (8 KB of points, 4 KB of potentials) and the
        /// 8 KB of scratch fit in a 32 KB L1 cache, and one row tile of a 50,000-point problem is a
        /// few milliseconds of work (the interruption granularity).
        public static let standard = Tiling(rows: 64, columns: 512)
    }

    /// The outputs of a sweep, one entry per row of the cost; reused from sweep to sweep.
    public struct Rows: Sendable {
        /// `LSE_i` (in units of 1/reg); `-infinity` for a row whose entries are all `exp(-infinity)`.
        public var logSum: [Double]
        /// `sum_j w_ij C_ij` (weighted sweeps only).
        public var costAverage: [Double]
        /// `sum_j w_ij v_j` (weighted sweeps only).
        public var valueAverage: [Double]
        /// Running sum of the shifted exponentials during a sweep.
        var runningSum: [Double]

        public init(count: Int) {
            logSum = [Double](repeating: 0, count: count)
            costAverage = logSum
            valueAverage = logSum
            runningSum = logSum
        }

        public var count: Int { logSum.count }
    }

    /// One sweep over the rows of `cost`: fills `out.logSum` (and, when `values` is given, the two
    /// averages). Returns false when `interruption` was raised before the sweep finished (then `out`
    /// is partly stale and must not be used).
    @discardableResult
    public static func sweep(
        cost: PointCloudCost, potential: [Double], values: [Double]? = nil, inverseRegularization: Double,
        tiling: Tiling = .standard, interruption: StepInterruption? = nil, into out: inout Rows
    ) -> Bool {
        precondition(potential.count == cost.columns && out.count == cost.rows, "shape mismatch in tiled log-sum-exp")
        if let values { precondition(values.count == cost.columns, "one value per column") }
        let n = cost.rows, m = cost.columns
        let rowTiles = (n + tiling.rows - 1) / tiling.rows
        cost.sourceCoordinates.withUnsafeBufferPointer { xs in
            cost.targetCoordinates.withUnsafeBufferPointer { ys in
                potential.withUnsafeBufferPointer { g in
                    (values ?? []).withUnsafeBufferPointer { v in
                        out.logSum.withUnsafeMutableBufferPointer { lse in
                            out.runningSum.withUnsafeMutableBufferPointer { sums in
                                out.costAverage.withUnsafeMutableBufferPointer { costs in
                                    out.valueAverage.withUnsafeMutableBufferPointer { averages in
                                        let kernel = RowTileKernel(
                                            cost: cost, x: xs.baseAddress, y: ys.baseAddress, g: g.baseAddress,
                                            v: values == nil ? nil : v.baseAddress, inverse: inverseRegularization,
                                            tiling: tiling, maxima: lse.baseAddress!, sums: sums.baseAddress!,
                                            costs: costs.baseAddress!, averages: averages.baseAddress!)
                                        forEachTile(count: rowTiles, work: n * m, SweepTileLoop(
                                            kernel: kernel, rows: n, interruption: interruption))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return interruption?.isRaised != true
    }

    /// The largest entry of the implicit matrix, by one parallel pass over the tiles.
    public static func maximum(of cost: PointCloudCost, tiling: Tiling = .standard) -> Double {
        let n = cost.rows, m = cost.columns
        guard n > 0, m > 0 else { return -.infinity }
        let rowTiles = (n + tiling.rows - 1) / tiling.rows
        var tileMaxima = [Double](repeating: -.infinity, count: rowTiles)
        cost.sourceCoordinates.withUnsafeBufferPointer { xs in
            cost.targetCoordinates.withUnsafeBufferPointer { ys in
                tileMaxima.withUnsafeMutableBufferPointer { maxima in
                    let x = xs.baseAddress!, y = ys.baseAddress!, out = maxima.baseAddress!
                    forEachTile(count: rowTiles, work: n * m) { tile in
                        withUnsafeTemporaryAllocation(of: Double.self, capacity: tiling.columns) { scratch in
                            let c = scratch.baseAddress!
                            var best = -Double.infinity
                            let lower = tile * tiling.rows
                            for columnLower in stride(from: 0, to: m, by: tiling.columns) {
                                let columns = columnLower..<min(m, columnLower + tiling.columns)
                                for i in lower..<min(n, lower + tiling.rows) {
                                    cost.fillRow(i, columns: columns, source: x, target: y, into: c)
                                    for j in 0..<columns.count where c[j] > best { best = c[j] }
                                }
                            }
                            out[tile] = best
                        }
                    }
                }
            }
        }
        return tileMaxima.max() ?? -.infinity
    }

    /// Runs `body` for every tile index, spread over the cores by `WorkerPool` (tiles taken one at a time)
    /// when the work is large enough to repay it, else in order on the calling thread. One
    /// allocation per concurrent call (the closure); sweeps use the `ChunkedLoop` form.
    public static func forEachTile(count: Int, work: Int, _ body: (Int) -> Void) {
        if count < 2 || work < 1 << 16 || Parallel.workerCount < 2 {
            for tile in 0..<count { body(tile) }
            return
        }
        // The pool hands tiles out one at a time, so a descheduled core does not hold up the rest.
        Parallel.pool.run(chunks: count, body)
    }

    /// Calls `loop.run(chunk: tile, range: tile..<tile + 1)` for every tile index, as the closure
    /// form does, without allocating.
    @inlinable
    public static func forEachTile<Loop: ChunkedLoop>(count: Int, work: Int, _ loop: Loop) {
        if count < 2 || work < 1 << 16 || Parallel.workerCount < 2 {
            for tile in 0..<count { loop.run(chunk: tile, range: tile..<(tile + 1)) }
            return
        }
        // The pool hands tiles out one at a time, so a descheduled core does not hold up the rest.
        withUnsafePointer(to: loop) { Parallel.pool.run(chunks: count, count: count, $0) }
    }
}

/// One row tile of `TiledSoftmin.sweep` (skipped once `interruption` is raised).
struct SweepTileLoop: ChunkedLoop {
    let kernel: RowTileKernel
    let rows: Int
    let interruption: StepInterruption?

    func run(chunk tile: Int, range: Range<Int>) {
        if interruption?.isRaised == true { return }
        let lower = tile * kernel.tiling.rows
        kernel.run(rows: lower..<min(rows, lower + kernel.tiling.rows))
    }
}

/// The inner loops of a sweep for one row tile: column tiles outside, rows inside, so the column
/// tile is reused from L1 by every row of the tile. Raw pointers only; each row tile writes its own rows.
struct RowTileKernel {
    let cost: PointCloudCost
    let x: UnsafePointer<Double>?
    let y: UnsafePointer<Double>?
    let g: UnsafePointer<Double>?
    let v: UnsafePointer<Double>?
    let inverse: Double
    let tiling: TiledSoftmin.Tiling
    let maxima: UnsafeMutablePointer<Double>
    let sums: UnsafeMutablePointer<Double>
    let costs: UnsafeMutablePointer<Double>
    let averages: UnsafeMutablePointer<Double>

    func run(rows: Range<Int>) {
        let m = cost.columns
        for i in rows {
            maxima[i] = -.infinity
            sums[i] = 0
            costs[i] = 0
            averages[i] = 0
        }
        guard m > 0, g != nil else { finish(rows); return }
        // Two scratch rows of a column tile. On the stack for the standard tiling: Linux's
        // `withUnsafeTemporaryAllocation` puts more than 1 KB on the heap (one allocation per tile,
        // 14 per sinkhorn-online iteration at n = 400).
        if #available(macOS 26.0, *), 2 * tiling.columns <= Self.inlineScratch {
            var scratch = InlineArray<1024, Double>(repeating: 0)
            var span = scratch.mutableSpan
            span.withUnsafeMutableBufferPointer { accumulate(rows, scratch: $0.baseAddress!) }
        } else {
            withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * tiling.columns) { accumulate(rows, scratch: $0.baseAddress!) }
        }
        finish(rows)
    }

    /// Doubles of scratch `run` keeps on the stack (the `InlineArray` count).
    static var inlineScratch: Int { 1024 }

    /// The streaming maxima and sums of `rows` over all column tiles; `scratch` holds `2 * tiling.columns`.
    private func accumulate(_ rows: Range<Int>, scratch c: UnsafeMutablePointer<Double>) {
        let m = cost.columns, g = self.g!
        let weighted = v != nil
        let z = c + tiling.columns
        for columnLower in stride(from: 0, to: m, by: tiling.columns) {
            let columns = columnLower..<min(m, columnLower + tiling.columns)
            let width = columns.count
            let gTile = g + columnLower
            for i in rows {
                cost.fillRow(i, columns: columns, source: x!, target: y!, into: c)
                let tileMax = Self.differences(gTile, c, into: z, count: width)
                if tileMax == -.infinity { continue }
                var peak = maxima[i]
                if tileMax > peak {
                    if peak > -.infinity {
                        let factor = VectorExp.exp((peak - tileMax) * inverse)
                        sums[i] *= factor
                        costs[i] *= factor
                        averages[i] *= factor
                    }
                    peak = tileMax
                    maxima[i] = peak
                }
                if weighted {
                    let (s, t, w) = Self.weightedSums(z, c, v! + columnLower, peak: peak, inverse: inverse, count: width)
                    sums[i] += s
                    costs[i] += t
                    averages[i] += w
                } else {
                    sums[i] += Self.sum(z, peak: peak, inverse: inverse, count: width)
                }
            }
        }
    }

    /// Turns the running maxima and sums into `LSE_i` and averages.
    private func finish(_ rows: Range<Int>) {
        for i in rows {
            let peak = maxima[i]
            if peak == -.infinity || !(sums[i] > 0) {
                maxima[i] = peak == -.infinity ? -.infinity : peak * inverse + libmLog(sums[i])
                costs[i] = 0
                averages[i] = 0
                continue
            }
            maxima[i] = peak * inverse + libmLog(sums[i])
            costs[i] /= sums[i]
            averages[i] /= sums[i]
        }
    }

    /// `z_j = g_j - c_j`; returns the largest.
    @inline(__always)
    static func differences(_ g: UnsafePointer<Double>, _ c: UnsafePointer<Double>, into z: UnsafeMutablePointer<Double>, count: Int) -> Double {
        let rg = UnsafeRawPointer(g), rc = UnsafeRawPointer(c), rz = UnsafeMutableRawPointer(z)
        var best = SIMD4<Double>(repeating: -.infinity)
        var j = 0
        while j + 4 <= count {
            let d = rg.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self) - rc.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self)
            rz.storeBytes(of: d, toByteOffset: j * 8, as: SIMD4<Double>.self)
            best = pointwiseMax(best, d)
            j += 4
        }
        var peak = best.max()
        while j < count {
            let d = g[j] - c[j]
            z[j] = d
            peak = Swift.max(peak, d)
            j += 1
        }
        return peak
    }

    /// `sum_j exp((z_j - peak) * inverse)`.
    @inline(__always)
    static func sum(_ z: UnsafePointer<Double>, peak: Double, inverse: Double, count: Int) -> Double {
        let rz = UnsafeRawPointer(z)
        let shift = SIMD4<Double>(repeating: peak), scale = SIMD4<Double>(repeating: inverse)
        var acc = SIMD4<Double>()
        var j = 0
        while j + 4 <= count {
            acc += VectorExp.exp((rz.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self) - shift) * scale)
            j += 4
        }
        var total = acc.sum()
        while j < count { total += VectorExp.exp((z[j] - peak) * inverse); j += 1 }
        return total
    }

    /// The shifted exponentials' sum, and their sums weighted by `c_j` and by `v_j`.
    @inline(__always)
    static func weightedSums(
        _ z: UnsafePointer<Double>, _ c: UnsafePointer<Double>, _ v: UnsafePointer<Double>, peak: Double, inverse: Double, count: Int
    ) -> (Double, Double, Double) {
        let rz = UnsafeRawPointer(z), rc = UnsafeRawPointer(c), rv = UnsafeRawPointer(v)
        let shift = SIMD4<Double>(repeating: peak), scale = SIMD4<Double>(repeating: inverse)
        var s = SIMD4<Double>(), t = SIMD4<Double>(), w = SIMD4<Double>()
        var j = 0
        while j + 4 <= count {
            let e = VectorExp.exp((rz.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self) - shift) * scale)
            s += e
            t += e * rc.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self)
            w += e * rv.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self)
            j += 4
        }
        var sTotal = s.sum(), tTotal = t.sum(), wTotal = w.sum()
        while j < count {
            let e = VectorExp.exp((z[j] - peak) * inverse)
            sTotal += e
            tTotal += e * c[j]
            wTotal += e * v[j]
            j += 1
        }
        return (sTotal, tTotal, wTotal)
    }
}
