/// The log-domain plan `P_ij = exp((f_i + g_j - C_ij) / reg)` of an implicit point-cloud cost, read
/// tile by tile: summed into display blocks, or written out whole for problems small enough to hold.
public enum TiledPlan {
    /// The plan summed into at most `maxRows x maxColumns` blocks (as `BlockAggregation` maps rows and
    /// columns to blocks), computed in tiles without storing the plan. Block rows are spread over the
    /// cores, each writing its own row of blocks. Returns nil when `interruption` was raised first.
    public static func aggregate(
        cost: PointCloudCost, f: [Double], g: [Double], regularization: Double, maxRows: Int, maxColumns: Int,
        tiling: TiledSoftmin.Tiling = .standard, interruption: StepInterruption? = nil
    ) -> DenseMatrix? {
        let n = cost.rows, m = cost.columns
        precondition(f.count == n && g.count == m, "potentials do not match the cost")
        let r = BlockAggregation.blockCount(count: n, limit: maxRows)
        let c = BlockAggregation.blockCount(count: m, limit: maxColumns)
        var out = DenseMatrix(rows: r, columns: c)
        guard r > 0, c > 0 else { return out }
        let inverse = 1 / regularization
        // First index of every block along each axis (the inverse of BlockAggregation.block(of:)).
        let rowStarts = (0...r).map { b in firstIndex(ofBlock: b, count: n, blocks: r) }
        let columnStarts = (0...c).map { b in firstIndex(ofBlock: b, count: m, blocks: c) }
        cost.sourceCoordinates.withUnsafeBufferPointer { xs in
            cost.targetCoordinates.withUnsafeBufferPointer { ys in
                f.withUnsafeBufferPointer { fs in
                    g.withUnsafeBufferPointer { gs in
                        out.storage.withUnsafeMutableBufferPointer { blocks in
                            let x = xs.baseAddress!, y = ys.baseAddress!, gBase = gs.baseAddress!, dst = blocks.baseAddress!
                            TiledSoftmin.forEachTile(count: r, work: n * m) { blockRow in
                                if interruption?.isRaised == true { return }
                                withUnsafeTemporaryAllocation(of: Double.self, capacity: tiling.columns) { scratch in
                                    let buffer = scratch.baseAddress!
                                    for blockColumn in 0..<c {
                                        var total = 0.0
                                        let columnRange = columnStarts[blockColumn]..<columnStarts[blockColumn + 1]
                                        for lower in stride(from: columnRange.lowerBound, to: columnRange.upperBound, by: tiling.columns) {
                                            let columns = lower..<min(columnRange.upperBound, lower + tiling.columns)
                                            for i in rowStarts[blockRow]..<rowStarts[blockRow + 1] where fs[i] > -.infinity {
                                                cost.fillRow(i, columns: columns, source: x, target: y, into: buffer)
                                                LogSumExp.logPlanRow(buffer, gBase + lower, fs[i], inverse, count: columns.count, into: buffer)
                                                total += Kernels.sum(UnsafeBufferPointer(start: buffer, count: columns.count))
                                            }
                                        }
                                        dst[blockRow * c + blockColumn] = total
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return interruption?.isRaised == true ? nil : out
    }

    /// The smallest index i with `i * blocks / count >= block`.
    static func firstIndex(ofBlock block: Int, count: Int, blocks: Int) -> Int {
        (block * count + blocks - 1) / blocks
    }

    /// The whole plan as a dense matrix; only for problems whose `n x m` matrix fits.
    public static func dense(cost: PointCloudCost, f: [Double], g: [Double], regularization: Double) -> DenseMatrix {
        var plan = cost.matrix()
        let inverse = 1 / regularization
        let m = cost.columns
        plan.storage.withUnsafeMutableBufferPointer { p in
            g.withUnsafeBufferPointer { gs in
                for i in 0..<cost.rows {
                    let row = p.baseAddress! + i * m
                    if f[i] == -.infinity { row.update(repeating: 0, count: m); continue }
                    LogSumExp.logPlanRow(row, gs.baseAddress!, f[i], inverse, count: m, into: row)
                }
            }
        }
        return plan
    }
}
