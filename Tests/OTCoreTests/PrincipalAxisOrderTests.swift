import Testing
@testable import OTCore

@Suite struct PrincipalAxisOrderTests {
    /// Points on a line through the plane, given shuffled: the axis is the line's direction and
    /// the order walks along it.
    @Test func pointsOnALineAreSortedAlongIt() throws {
        let positions = [3.0, -1.0, 7.0, 0.5, 2.0, -4.0]
        let direction = [0.6, 0.8]
        let points = DenseMatrix(rows: positions.count, columns: 2) { i, k in 1 + positions[i] * direction[k] }
        let axis = try #require(PrincipalAxisOrder.axis(of: [points]))
        #expect(abs(axis[0] - 0.6) < 1e-9 && abs(axis[1] - 0.8) < 1e-9)
        #expect(PrincipalAxisOrder.order(of: points, along: axis) == [5, 1, 3, 4, 0, 2])
    }

    /// Two clouds share one axis: the pooled points' longest direction (here x).
    @Test func pooledCloudsShareTheAxis() throws {
        let source = DenseMatrix([[0, 0], [1, 0.1], [2, -0.1]]), target = DenseMatrix([[5, 0], [4, 0.2], [3, 0]])
        let axis = try #require(PrincipalAxisOrder.axis(of: [source, target]))
        #expect(abs(axis[0]) > 0.99 && axis[0] > 0)
        #expect(PrincipalAxisOrder.order(of: target, along: axis) == [2, 1, 0])
        #expect(PrincipalAxisOrder.axis(of: [DenseMatrix([[1, 1], [1, 1]])]) == nil)  // no spread, no axis
    }

    /// Block sums in an order add the plan's entries of each block's points, wherever they are.
    @Test func aggregationInAnOrderSumsEachBlocksPoints() {
        let plan = DenseMatrix(rows: 4, columns: 3) { i, j in Double(10 * i + j) }
        let rows = BlockAxis(count: 4, limit: 2, order: [3, 0, 2, 1]), columns = BlockAxis(count: 3, limit: 3, order: [2, 1, 0])
        let sums = BlockAggregation.aggregate(.dense(plan), rows: rows, columns: columns)
        // Block row 0 holds points 3 and 0, block row 1 points 2 and 1; columns are reversed.
        #expect(sums == DenseMatrix([[34, 32, 30], [34, 32, 30]]))
        let plain = BlockAggregation.aggregate(.dense(plan), rows: BlockAxis(count: 4, limit: 2), columns: BlockAxis(count: 3, limit: 2))
        #expect(plain == BlockAggregation.aggregate(plan, maxRows: 2, maxColumns: 2))
    }
}
