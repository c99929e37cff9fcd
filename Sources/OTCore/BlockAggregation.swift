/// Sums a large matrix into at most `R x C` blocks for display, preserving total mass.
///
/// Row i goes to block `i * R / rows` (and likewise for columns), so every block covers a contiguous
/// range of at least one entry and the sum over blocks equals the sum over the matrix. A matrix
/// smaller than the grid maps one-to-one.
public enum BlockAggregation {
    /// The block row (or column) that index `i` of `count` falls in, for `blocks` blocks.
    @inlinable
    public static func block(of i: Int, count: Int, blocks: Int) -> Int {
        i * blocks / count
    }

    /// Number of blocks used along an axis of `count` entries when at most `limit` are allowed.
    @inlinable
    public static func blockCount(count: Int, limit: Int) -> Int { max(0, min(count, limit)) }

    /// Aggregates a dense matrix into at most `maxRows x maxColumns` block sums.
    public static func aggregate(_ m: DenseMatrix, maxRows: Int, maxColumns: Int) -> DenseMatrix {
        let r = blockCount(count: m.rows, limit: maxRows), c = blockCount(count: m.columns, limit: maxColumns)
        var out = DenseMatrix(rows: r, columns: c)
        guard r > 0, c > 0 else { return out }
        let columnBlock = (0..<m.columns).map { block(of: $0, count: m.columns, blocks: c) }
        m.storage.withUnsafeBufferPointer { src in
            out.storage.withUnsafeMutableBufferPointer { dst in
                for i in 0..<m.rows {
                    let bi = block(of: i, count: m.rows, blocks: r) * c
                    let base = i * m.columns
                    for j in 0..<m.columns { dst[bi + columnBlock[j]] += src[base + j] }
                }
            }
        }
        return out
    }

    /// Aggregates any plan (dense or sparse) into at most `maxRows x maxColumns` block sums.
    public static func aggregate(_ plan: TransportPlan, maxRows: Int, maxColumns: Int) -> DenseMatrix {
        switch plan {
        case .dense(let m):
            return aggregate(m, maxRows: maxRows, maxColumns: maxColumns)
        case .sparse(let s):
            let r = blockCount(count: s.rows, limit: maxRows), c = blockCount(count: s.columns, limit: maxColumns)
            var out = DenseMatrix(rows: r, columns: c)
            guard r > 0, c > 0 else { return out }
            for e in s.entries {
                out[block(of: e.row, count: s.rows, blocks: r), block(of: e.column, count: s.columns, blocks: c)] += e.value
            }
            return out
        }
    }
}

extension BlockAggregation {
    /// Aggregates an implicit `rows x columns` matrix given entry by entry (e.g. `u_i K_ij v_j`), so a
    /// solver never has to materialize its plan for the heatmap.
    public static func aggregate(
        rows: Int, columns: Int, maxRows: Int, maxColumns: Int, entry: (Int, Int) -> Double
    ) -> DenseMatrix {
        let r = blockCount(count: rows, limit: maxRows), c = blockCount(count: columns, limit: maxColumns)
        var out = DenseMatrix(rows: r, columns: c)
        guard r > 0, c > 0 else { return out }
        let columnBlock = (0..<columns).map { block(of: $0, count: columns, blocks: c) }
        out.storage.withUnsafeMutableBufferPointer { dst in
            for i in 0..<rows {
                let bi = block(of: i, count: rows, blocks: r) * c
                for j in 0..<columns { dst[bi + columnBlock[j]] += entry(i, j) }
            }
        }
        return out
    }
}

extension BlockAggregation {
    /// Sums a plan over the blocks of two axes in any point order: entry `(i, j)` goes to block
    /// `(rows.blockOfIndex[i], columns.blockOfIndex[j])`. With input-order axes this is `aggregate(_:maxRows:maxColumns:)`.
    public static func aggregate(_ plan: TransportPlan, rows: BlockAxis, columns: BlockAxis) -> DenseMatrix {
        let rowBlock = rows.blockOfIndex, columnBlock = columns.blockOfIndex
        var out = DenseMatrix(rows: rows.blocks, columns: columns.blocks)
        guard rows.blocks > 0, columns.blocks > 0 else { return out }
        switch plan {
        case .dense(let m):
            precondition(m.rows == rows.count && m.columns == columns.count, "the axes do not match the plan")
            m.storage.withUnsafeBufferPointer { src in
                out.storage.withUnsafeMutableBufferPointer { dst in
                    for i in 0..<m.rows {
                        let base = i * m.columns, bi = rowBlock[i] * columns.blocks
                        for j in 0..<m.columns { dst[bi + columnBlock[j]] += src[base + j] }
                    }
                }
            }
        case .sparse(let s):
            precondition(s.rows == rows.count && s.columns == columns.count, "the axes do not match the plan")
            for e in s.entries { out[rowBlock[e.row], columnBlock[e.column]] += e.value }
        }
        return out
    }
}
