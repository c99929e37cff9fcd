/// A block-aggregated plan read as a density: each block's plan mass per unit of the source and
/// target mass it covers, `P(I, J) / (a(I) b(J))`, where `a(I)` sums the source weights of the
/// block's rows and `b(J)` the target weights of its columns.
///
/// Block sums alone depend on how many points a block holds: 300 points in 53 blocks gives blocks
/// of 5 and 6 points, so even the independent plan `a ⊗ b` shows stripes. Dividing by the blocks'
/// masses removes that: the product plan has density 1 (times its total mass) in every block, at
/// any block split, and a block's density is the mass-weighted mean of its entries' densities
/// `P_ij / (a_i b_j)`. Blocks whose source or target mass is zero have no density (NaN).
public struct PlanDensity: Sendable, Equatable {
    /// The plan summed over the blocks (`rows.blocks x columns.blocks`).
    public let sums: DenseMatrix
    /// Source points per block row.
    public let rows: BlockAxis
    /// Target points per block column.
    public let columns: BlockAxis
    /// Source mass `a(I)` of each block row.
    public let rowMass: [Double]
    /// Target mass `b(J)` of each block column.
    public let columnMass: [Double]

    /// The density of a plan summed into `sums` along `rows` and `columns`, with source weights
    /// `a` and target weights `b` (one per point).
    public init(sums: DenseMatrix, rows: BlockAxis, columns: BlockAxis, a: [Double], b: [Double]) {
        self.init(sums: sums, rows: rows, columns: columns, rowMass: rows.blockSums(a), columnMass: columns.blockSums(b))
    }

    private init(sums: DenseMatrix, rows: BlockAxis, columns: BlockAxis, rowMass: [Double], columnMass: [Double]) {
        precondition(sums.rows == rows.blocks && sums.columns == columns.blocks, "block sums do not match the axes")
        self.sums = sums
        self.rows = rows
        self.columns = columns
        self.rowMass = rowMass
        self.columnMass = columnMass
    }

    /// The density of block `(row, column)`; NaN where the block covers no source or no target mass.
    public func density(row: Int, column: Int) -> Double {
        let mass = rowMass[row] * columnMass[column]
        return mass > 0 ? sums[row, column] / mass : .nan
    }

    /// Every block's density, row-major.
    public var densities: [Double] {
        var out = [Double]()
        out.reserveCapacity(sums.rows * sums.columns)
        for row in 0..<sums.rows {
            for column in 0..<sums.columns { out.append(density(row: row, column: column)) }
        }
        return out
    }

    /// The plan's row sums divided by the number of points in each block row: the plan's source
    /// marginal per point, which is the source weight per point once the marginal holds.
    public var rowMarginalPerPoint: [Double] {
        zip(sums.rowSums(), rows.blockSizes).map { $1 > 0 ? $0 / Double($1) : .nan }
    }

    /// The plan's column sums per point of each block column.
    public var columnMarginalPerPoint: [Double] {
        zip(sums.columnSums(), columns.blockSizes).map { $1 > 0 ? $0 / Double($1) : .nan }
    }

    /// The same plan in at most `maxRows x maxColumns` blocks, each the union of neighbouring
    /// blocks; sums and masses add up exactly, so the coarser density is again mass-weighted.
    public func coarsened(maxRows: Int, maxColumns: Int) -> PlanDensity {
        let newRows = rows.merged(into: maxRows), newColumns = columns.merged(into: maxColumns)
        guard newRows.blocks < rows.blocks || newColumns.blocks < columns.blocks else { return self }
        let rowTable = rows.mergeTable(into: newRows.blocks), columnTable = columns.mergeTable(into: newColumns.blocks)
        var merged = DenseMatrix(rows: newRows.blocks, columns: newColumns.blocks)
        for row in 0..<sums.rows {
            for column in 0..<sums.columns { merged[rowTable[row], columnTable[column]] += sums[row, column] }
        }
        var newRowMass = Array(repeating: 0.0, count: newRows.blocks)
        for (block, mass) in rowMass.enumerated() { newRowMass[rowTable[block]] += mass }
        var newColumnMass = Array(repeating: 0.0, count: newColumns.blocks)
        for (block, mass) in columnMass.enumerated() { newColumnMass[columnTable[block]] += mass }
        return PlanDensity(sums: merged, rows: newRows, columns: newColumns, rowMass: newRowMass, columnMass: newColumnMass)
    }
}
