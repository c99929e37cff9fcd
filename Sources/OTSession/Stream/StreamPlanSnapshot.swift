import OTCore

/// A plan snapshot in a record stream: the plan summed into at most R x C blocks (the blocks of
/// `BlockAggregation`: row i of n goes to block i * R / n), with the plan's own marginals where the
/// producer wrote them.
public struct StreamPlanSnapshot: Sendable, Equatable {
    /// The iteration the plan belongs to.
    public var iteration: Int?
    /// The full plan's size.
    public var n: Int
    public var m: Int
    /// The block sums, `blocks.rows <= n`, `blocks.columns <= m`.
    public var blocks: DenseMatrix
    /// Row and column sums of the full plan (lengths n and m); optional.
    public var rowSums: [Double]?
    public var columnSums: [Double]?

    public init(iteration: Int?, n: Int, m: Int, blocks: DenseMatrix, rowSums: [Double]? = nil, columnSums: [Double]? = nil) {
        self.iteration = iteration
        self.n = n
        self.m = m
        self.blocks = blocks
        self.rowSums = rowSums
        self.columnSums = columnSums
    }

    /// True when the blocks are the plan itself (one entry per block).
    public var isFullResolution: Bool { blocks.rows == n && blocks.columns == m }
}
