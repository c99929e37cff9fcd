/// How the points along one side of a plan fall into display blocks: contiguous runs of positions
/// in an order of the points (their input order, or a permutation such as a sort along the
/// principal axis).
///
/// An axis cut for aggregation puts position `p` of `count` in block `p * blocks / count` (the rule
/// of `BlockAggregation`), so blocks hold `count / blocks` or one more point each and every point
/// lands in exactly one block. Merging neighbouring blocks (`merged(into:)`) keeps the runs
/// contiguous. The heatmap, its marginal strips and the inspect cursor all read the same axis, so
/// what a cell shows and what the cursor reports about it cannot disagree.
public struct BlockAxis: Sendable, Equatable {
    /// Number of points along the axis.
    public let count: Int
    /// Block boundaries as positions: block `k` covers `starts[k]..<starts[k + 1]`; `blocks + 1` of them.
    public let starts: [Int]
    /// Point index at each position; nil is the input order (position = index).
    public let order: [Int]?

    /// An axis of `count` points in at most `limit` blocks cut by `BlockAggregation`'s rule, in
    /// `order` (nil: input order).
    public init(count: Int, limit: Int, order: [Int]? = nil) {
        let blocks = BlockAggregation.blockCount(count: count, limit: limit)
        self.init(count: count, starts: (0...blocks).map { blocks == 0 ? 0 : ($0 * count + blocks - 1) / blocks }, order: order)
    }

    /// An axis with explicit block boundaries (non-decreasing, from 0 to `count`).
    public init(count: Int, starts: [Int], order: [Int]? = nil) {
        precondition(order.map { $0.count == count } ?? true, "an order lists every point once")
        precondition(starts.first == 0 && starts.last == count, "blocks cover every position")
        self.count = count
        self.starts = starts
        self.order = order
    }

    /// Number of blocks.
    public var blocks: Int { starts.count - 1 }

    /// The positions a block covers.
    public func positions(ofBlock block: Int) -> Range<Int> { starts[block]..<starts[block + 1] }

    /// The point at a position.
    public func index(atPosition position: Int) -> Int { order?[position] ?? position }

    /// The point indices a block covers, in display order.
    public func indices(ofBlock block: Int) -> [Int] { positions(ofBlock: block).map(index(atPosition:)) }

    /// The block of every point, indexed by point: the lookup an aggregation loop uses.
    public var blockOfIndex: [Int] {
        var table = Array(repeating: 0, count: count)
        for block in 0..<blocks {
            for position in positions(ofBlock: block) { table[index(atPosition: position)] = block }
        }
        return table
    }

    /// Sums `values` (one per point) over each block.
    public func blockSums(_ values: [Double]) -> [Double] {
        precondition(values.count == count, "one value per point")
        return (0..<blocks).map { block in positions(ofBlock: block).reduce(0.0) { $0 + values[index(atPosition: $1)] } }
    }

    /// Number of points in each block.
    public var blockSizes: [Int] { (0..<blocks).map { positions(ofBlock: $0).count } }

    /// Which merged block each block goes to when merging into `newBlocks` (`b * newBlocks / blocks`).
    public func mergeTable(into newBlocks: Int) -> [Int] {
        (0..<blocks).map { BlockAggregation.block(of: $0, count: blocks, blocks: newBlocks) }
    }

    /// The same points in at most `limit` blocks, each the union of neighbouring blocks of this axis.
    public func merged(into limit: Int) -> BlockAxis {
        let newBlocks = BlockAggregation.blockCount(count: blocks, limit: limit)
        guard newBlocks < blocks else { return self }
        let table = mergeTable(into: newBlocks)
        var newStarts = [0]
        for block in 1..<blocks where table[block] != table[block - 1] { newStarts.append(starts[block]) }
        newStarts.append(count)
        return BlockAxis(count: count, starts: newStarts, order: order)
    }
}
