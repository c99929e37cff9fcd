/// The primal network simplex on the bipartite transportation problem: the numeric engine behind
/// the `emd` solver.
///
/// The problem is `min sum C[i,j] x[i,j]` subject to row sums `supply` and column sums `demand`
/// (equal totals, every weight positive), over the complete bipartite network of `n` row nodes
/// (ids `0..<n`) and `m` column nodes (ids `n..<n+m`) with arcs `i -> j`.
///
/// **Basis.** A basis is a spanning tree of the `n + m` nodes (`n + m - 1` arcs). It is stored by
/// node: `parent`, `flow` (the flow on the arc between the node and its parent), `depth`, and the
/// preorder `thread` (cyclic successor) with its inverse `revThread`. The root is row 0 and never
/// moves. Potentials `potential[i] = u_i`, `potential[n + j] = v_j` make every tree arc tight,
/// `u_i + v_j = C[i,j]`, so the reduced cost of arc (i, j) is `C[i,j] - u_i - v_j`.
///
/// **Start.** The north-west corner rule gives a feasible basis at once (a staircase tree), so the
/// plan is feasible from the first step and each pivot only lowers its cost.
///
/// **Pivots.** Block search pricing (scan the arcs cyclically in blocks of about `sqrt(n m)` and
/// take the most negative reduced cost of the first block that has one), then the leaving arc by
/// Cunningham's rule (the last blocking arc met when walking the cycle from its apex in the
/// direction of the entering arc). The rule keeps the tree *strongly feasible* (every zero-flow
/// tree arc points towards the root), which rules out cycling on degenerate problems such as
/// assignments. The subtree cut off by the leaving arc is re-rooted at the entering arc and
/// re-threaded in one pass that also shifts its potentials and depths.
///
/// **Numerics.** Flows only ever change by the ratio-test amount, so they stay non-negative
/// exactly. Potentials are recomputed from the tree at every `improve` call and before optimality
/// is declared, so round-off cannot accumulate; an arc enters only if its reduced cost is below
/// `-tolerance` (a tiny multiple of the largest |C|).
///
/// All working memory is allocated once in `init`; the pivot loop allocates nothing.
final class TransportationSimplex {
    /// Number of row (source) nodes.
    let rowCount: Int
    /// Number of column (target) nodes.
    let columnCount: Int
    /// `rowCount + columnCount`.
    let nodeCount: Int

    /// Pivots performed so far, and how many of them moved no flow.
    private(set) var pivotCount = 0
    private(set) var degeneratePivotCount = 0
    /// True once a full pricing pass with fresh potentials found no improving arc.
    private(set) var isOptimal = false

    /// Row-major `rowCount x columnCount` costs. Shares the caller's array storage (no copy);
    /// hot loops read it through `withUnsafeBufferPointer`.
    private let cost: [Double]
    private let supply: UnsafeMutableBufferPointer<Double>
    private let demand: UnsafeMutableBufferPointer<Double>

    // The spanning tree, indexed by node id.
    private let parent: UnsafeMutableBufferPointer<Int>
    private let thread: UnsafeMutableBufferPointer<Int>
    private let revThread: UnsafeMutableBufferPointer<Int>
    private let depth: UnsafeMutableBufferPointer<Int>
    private let flow: UnsafeMutableBufferPointer<Double>
    private let potential: UnsafeMutableBufferPointer<Double>

    // Scratch for re-threading a subtree: stem position per node (-1 when not on the stem) and the
    // head and tail of each stem node's segment of the new preorder.
    private let stemIndex: UnsafeMutableBufferPointer<Int>
    private let segmentHead: UnsafeMutableBufferPointer<Int>
    private let segmentTail: UnsafeMutableBufferPointer<Int>

    /// Arcs priced per block of the block search.
    private let blockSize: Int
    /// Reduced costs must be below `-tolerance` for an arc to enter.
    private let tolerance: Double
    /// Pricing cursor: the next arc to look at.
    private var cursorRow = 0
    private var cursorColumn = 0

    /// Builds the north-west corner basis. `supply` and `demand` must be positive with equal totals
    /// (up to round-off, which the last row and column absorb); `cost` is row-major `n x m`.
    init(supply supplyValues: [Double], demand demandValues: [Double], cost costValues: [Double]) {
        let n = supplyValues.count, m = demandValues.count
        precondition(n > 0 && m > 0 && costValues.count == n * m, "transportation problem shape mismatch")
        rowCount = n
        columnCount = m
        nodeCount = n + m

        cost = costValues
        supply = .allocate(capacity: n)
        _ = supply.initialize(from: supplyValues)
        demand = .allocate(capacity: m)
        _ = demand.initialize(from: demandValues)

        parent = .allocate(capacity: nodeCount)
        thread = .allocate(capacity: nodeCount)
        revThread = .allocate(capacity: nodeCount)
        depth = .allocate(capacity: nodeCount)
        flow = .allocate(capacity: nodeCount)
        potential = .allocate(capacity: nodeCount)
        stemIndex = .allocate(capacity: nodeCount)
        segmentHead = .allocate(capacity: nodeCount)
        segmentTail = .allocate(capacity: nodeCount)
        stemIndex.initialize(repeating: -1)
        segmentHead.initialize(repeating: -1)
        segmentTail.initialize(repeating: -1)

        let largestCost = costValues.reduce(0) { max($0, abs($1)) }
        tolerance = 1e-13 * largestCost
        blockSize = max(16, Int(Double(n * m).squareRoot().rounded(.up)))

        buildNorthWestCornerBasis()
        recomputePotentials()
    }

    deinit {
        for buffer in [supply, demand, flow, potential] { buffer.deallocate() }
        for buffer in [parent, thread, revThread, depth, stemIndex, segmentHead, segmentTail] { buffer.deallocate() }
    }

    // MARK: - Initial basis

    /// The north-west corner rule as a staircase tree rooted at row 0.
    ///
    /// Each move right adds column `j + 1` under row `i`; each move down adds row `i + 1` under
    /// column `j`. When a row and a column run out together the walk moves *down*, so the zero-flow
    /// arc it creates runs from the new row up to its parent column: towards the root, as strong
    /// feasibility wants. The last row takes whatever its columns still need and the last column
    /// whatever its rows still have, so round-off in the totals never produces a negative flow.
    private func buildNorthWestCornerBasis() {
        let n = rowCount, m = columnCount
        parent[0] = -1
        flow[0] = 0
        var i = 0, j = 0
        var rowLeft = supply[0], columnLeft = demand[0]
        // Arc (0, 0) attaches column 0 under the root.
        var attachColumn = true
        while true {
            let amount: Double
            if i == n - 1 {
                amount = columnLeft
            } else if j == m - 1 {
                amount = rowLeft
            } else {
                amount = min(rowLeft, columnLeft)
            }
            if attachColumn {
                parent[n + j] = i
                flow[n + j] = amount
            } else {
                parent[i] = n + j
                flow[i] = amount
            }
            rowLeft -= amount
            columnLeft -= amount
            if i == n - 1 && j == m - 1 { break }
            let moveRight = i == n - 1 || (j < m - 1 && rowLeft > columnLeft)
            if moveRight {
                j += 1
                columnLeft = demand[j]
                attachColumn = true
            } else {
                i += 1
                rowLeft = supply[i]
                attachColumn = false
            }
        }
        rebuildThreadFromParents()
    }

    /// Builds `thread`, `revThread` and `depth` from `parent` by an explicit depth-first walk.
    /// Used once at start; pivots update the thread incrementally.
    private func rebuildThreadFromParents() {
        var childStart = [Int](repeating: 0, count: nodeCount + 1)
        for node in 1..<nodeCount where parent[node] >= 0 { childStart[parent[node] + 1] += 1 }
        for node in 0..<nodeCount { childStart[node + 1] += childStart[node] }
        var children = [Int](repeating: 0, count: max(0, nodeCount - 1))
        var fill = childStart
        for node in 0..<nodeCount where parent[node] >= 0 {
            children[fill[parent[node]]] = node
            fill[parent[node]] += 1
        }
        var stack = [0]
        depth[0] = 0
        var previous = -1
        while let node = stack.popLast() {
            if previous >= 0 {
                thread[previous] = node
                revThread[node] = previous
            }
            previous = node
            for k in stride(from: childStart[node + 1] - 1, through: childStart[node], by: -1) {
                let child = children[k]
                depth[child] = depth[node] + 1
                stack.append(child)
            }
        }
        thread[previous] = 0
        revThread[0] = previous
    }

    /// Potentials from scratch: `u_0 = 0`, then every node from its parent in preorder.
    func recomputePotentials() {
        cost.withUnsafeBufferPointer { recomputePotentials(cost: $0) }
    }

    private func recomputePotentials(cost: UnsafeBufferPointer<Double>) {
        let n = rowCount, m = columnCount
        potential[0] = 0
        var node = thread[0]
        while node != 0 {
            let up = parent[node]
            if node < n {
                potential[node] = cost[node * m + (up - n)] - potential[up]
            } else {
                potential[node] = cost[up * m + (node - n)] - potential[up]
            }
            node = thread[node]
        }
    }

    // MARK: - Pivoting

    /// Performs up to `maxPivots` pivots. Returns true when the basis is optimal.
    func improve(maxPivots: Int) -> Bool {
        if isOptimal { return true }
        return cost.withUnsafeBufferPointer { improve(maxPivots: maxPivots, cost: $0) }
    }

    private func improve(maxPivots: Int, cost: UnsafeBufferPointer<Double>) -> Bool {
        recomputePotentials(cost: cost)
        var done = 0
        while done < maxPivots {
            guard let entering = findEnteringArc(cost: cost) else {
                // Confirm with exact potentials before declaring optimality.
                recomputePotentials(cost: cost)
                guard let confirmed = findEnteringArc(cost: cost) else {
                    isOptimal = true
                    return true
                }
                pivot(row: confirmed.row, column: confirmed.column, reducedCost: confirmed.reducedCost)
                done += 1
                continue
            }
            pivot(row: entering.row, column: entering.column, reducedCost: entering.reducedCost)
            done += 1
        }
        return false
    }

    /// Block search pricing. Returns the most negative non-tree arc of the first block (scanning
    /// cyclically from the cursor) that contains an arc with reduced cost below `-tolerance`, or nil
    /// when a full pass finds none.
    private func findEnteringArc(cost: UnsafeBufferPointer<Double>) -> (row: Int, column: Int, reducedCost: Double)? {
        let n = rowCount, m = columnCount
        let costs = cost.baseAddress!
        let columnPotential = potential.baseAddress! + n
        var remaining = n * m
        var best = -tolerance
        var bestRow = -1, bestColumn = -1
        var inBlock = 0
        var i = cursorRow, j = cursorColumn
        while remaining > 0 {
            let count = min(m - j, remaining, blockSize - inBlock)
            let rowCosts = costs + i * m
            let rowPotential = potential[i]
            // A vectorized minimum first; the arg-min scan runs only when the segment improves.
            if Self.smallestReducedCost(rowCosts, columnPotential, rowPotential, from: j, count: count) < best {
                for k in j..<(j + count) {
                    let reduced = rowCosts[k] - rowPotential - columnPotential[k]
                    if reduced < best {
                        best = reduced
                        bestRow = i
                        bestColumn = k
                    }
                }
            }
            j += count
            remaining -= count
            inBlock += count
            if j == m {
                j = 0
                i = i + 1 == n ? 0 : i + 1
            }
            if inBlock == blockSize {
                inBlock = 0
                if bestRow >= 0 { break }
            }
        }
        cursorRow = i
        cursorColumn = j
        guard bestRow >= 0 else { return nil }
        // A tree arc has zero reduced cost up to round-off; it can only show up here if the
        // potentials drifted, in which case fresh ones settle the matter.
        if parent[bestRow] == n + bestColumn || parent[n + bestColumn] == bestRow { return nil }
        return (bestRow, bestColumn, best)
    }

    /// The smallest `costs[k] - rowPotential - columnPotential[k]` for `k` in `start..<start+count`,
    /// with eight independent lanes so that the comparisons do not wait on each other. Evaluates
    /// exactly the expression of the scalar scan, so the two agree bit for bit.
    @inline(__always)
    private static func smallestReducedCost(
        _ costs: UnsafePointer<Double>, _ columnPotential: UnsafePointer<Double>, _ rowPotential: Double,
        from start: Int, count: Int
    ) -> Double {
        let end = start + count
        var k = start
        var lanes = SIMD8<Double>(repeating: .infinity)
        let rowLanes = SIMD8<Double>(repeating: rowPotential)
        let rawCosts = UnsafeRawPointer(costs), rawPotentials = UnsafeRawPointer(columnPotential)
        while k + 8 <= end {
            let offset = k &* MemoryLayout<Double>.stride
            let reduced = rawCosts.loadUnaligned(fromByteOffset: offset, as: SIMD8<Double>.self) - rowLanes
                - rawPotentials.loadUnaligned(fromByteOffset: offset, as: SIMD8<Double>.self)
            lanes.replace(with: reduced, where: reduced .< lanes)
            k &+= 8
        }
        var smallest = lanes.min()
        while k < end {
            smallest = min(smallest, costs[k] - rowPotential - columnPotential[k])
            k &+= 1
        }
        return smallest
    }

    /// One simplex pivot with arc (row, column) entering the basis.
    private func pivot(row: Int, column: Int, reducedCost: Double) {
        let n = rowCount
        let first = row, second = n + column

        // The apex of the cycle: where the tree paths from both ends meet.
        var a = first, b = second
        while a != b {
            if depth[a] > depth[b] {
                a = parent[a]
            } else if depth[b] > depth[a] {
                b = parent[b]
            } else {
                a = parent[a]
                b = parent[b]
            }
        }
        let apex = a

        // Ratio test. Pushing theta along row -> column lowers the tree arcs of row nodes on the
        // row's side and of column nodes on the column's side. Ties: nearest the row on its side
        // (strict <), nearest the apex on the column's side (<=, and it beats the row's side).
        var theta = Double.infinity
        var leaving = -1
        var leavingOnRowSide = true
        var node = first
        while node != apex {
            if node < n && flow[node] < theta {
                theta = flow[node]
                leaving = node
            }
            node = parent[node]
        }
        node = second
        while node != apex {
            if node >= n && flow[node] <= theta {
                theta = flow[node]
                leaving = node
                leavingOnRowSide = false
            }
            node = parent[node]
        }

        if theta > 0 {
            node = first
            while node != apex {
                flow[node] += node < n ? -theta : theta
                node = parent[node]
            }
            node = second
            while node != apex {
                flow[node] += node >= n ? -theta : theta
                node = parent[node]
            }
            flow[leaving] = 0
        } else {
            degeneratePivotCount += 1
        }
        pivotCount += 1

        let enteringEnd = leavingOnRowSide ? first : second  // inside the cut-off subtree
        let anchor = leavingOnRowSide ? second : first         // stays in the root's tree
        // The cut-off subtree moves by `reducedCost` so that the entering arc becomes tight.
        let rowShift = enteringEnd < n ? reducedCost : -reducedCost
        regraft(subtreeRoot: leaving, newRoot: enteringEnd, under: anchor, enteringFlow: theta, rowShift: rowShift)
    }

    /// Cuts the subtree of `subtreeRoot` off the tree, re-roots it at `newRoot` (a node inside it)
    /// and hangs it under `anchor` by the entering arc carrying `enteringFlow`. Shifts the subtree's
    /// row potentials by `rowShift` and its column potentials by `-rowShift`.
    ///
    /// The stem is the path `newRoot = s0, s1, ..., sk = subtreeRoot`. In the re-rooted subtree the
    /// preorder is the concatenation of segments 0...k, where segment t is `s_t` followed by the old
    /// subtree of `s_t` minus the old subtree of `s_(t-1)`, in old preorder. One walk over the old
    /// preorder of the subtree sorts its nodes into those segments (a node belongs to the deepest
    /// stem node above it), and updates depths and potentials on the way.
    private func regraft(subtreeRoot: Int, newRoot: Int, under anchor: Int, enteringFlow: Double, rowShift: Double) {
        let n = rowCount
        // Number the stem.
        var stemLength = 0
        var node = newRoot
        while true {
            stemIndex[node] = stemLength
            stemLength += 1
            if node == subtreeRoot { break }
            node = parent[node]
        }
        let lastStem = stemLength - 1
        let oldRootDepth = depth[subtreeRoot]
        let anchorDepth = depth[anchor]
        let columnShift = -rowShift

        // Walk the old preorder of the subtree.
        let before = revThread[subtreeRoot]
        var current = lastStem
        node = subtreeRoot
        repeat {
            let next = thread[node]
            let oldDepth = depth[node]
            let stem = stemIndex[node]
            if stem >= 0 {
                current = stem
                depth[node] = anchorDepth + 1 + stem
            } else {
                // Leave the subtrees of stem nodes that do not contain this node.
                while oldDepth <= oldRootDepth + (lastStem - current) { current += 1 }
                depth[node] = oldDepth - (oldRootDepth + lastStem - current) + (anchorDepth + 1 + current)
            }
            if segmentHead[current] < 0 {
                segmentHead[current] = node
            } else {
                thread[segmentTail[current]] = node
                revThread[node] = segmentTail[current]
            }
            segmentTail[current] = node
            potential[node] += node < n ? rowShift : columnShift
            node = next
        } while depth[node] > oldRootDepth && node != 0
        let after = node

        // Chain the segments, then clear the scratch.
        for t in 0..<lastStem {
            thread[segmentTail[t]] = segmentHead[t + 1]
            revThread[segmentHead[t + 1]] = segmentTail[t]
        }
        let blockLast = segmentTail[lastStem]
        for t in 0...lastStem {
            stemIndex[segmentHead[t]] = -1
            segmentHead[t] = -1
        }

        // Unlink the old block, link the new one right after the anchor.
        thread[before] = after
        revThread[after] = before
        let afterAnchor = thread[anchor]
        thread[anchor] = newRoot
        revThread[newRoot] = anchor
        thread[blockLast] = afterAnchor
        revThread[afterAnchor] = blockLast

        // Reverse parents along the stem; each tree arc's flow moves with it to its new child end.
        var child = newRoot
        var newParent = anchor
        var carried = enteringFlow
        while true {
            let oldParent = parent[child]
            let oldFlow = flow[child]
            parent[child] = newParent
            flow[child] = carried
            if child == subtreeRoot { break }
            newParent = child
            carried = oldFlow
            child = oldParent
        }
    }

    // MARK: - Reading the basis

    /// Transport cost `sum C[i,j] x[i,j]` of the current basic solution.
    func transportCost() -> Double {
        var total = 0.0
        cost.withUnsafeBufferPointer { cost in
            forEachBasicArc { i, j, x in total += x * cost[i * columnCount + j] }
        }
        return total
    }

    /// Calls `body(row, column, flow)` for each of the `n + m - 1` tree arcs (zero flows included).
    func forEachBasicArc(_ body: (Int, Int, Double) -> Void) {
        let n = rowCount
        for node in 1..<nodeCount {
            let up = parent[node]
            if node < n { body(node, up - n, flow[node]) } else { body(up, node - n, flow[node]) }
        }
    }

    /// Number of tree arcs with positive flow.
    var basisNonzeroCount: Int {
        var count = 0
        for node in 1..<nodeCount where flow[node] > 0 { count += 1 }
        return count
    }

    /// Row potentials `u` (POT's sign: `u_i + v_j = C[i,j]` on the basis).
    var rowPotentials: [Double] { Array(potential[0..<rowCount]) }
    /// Column potentials `v`.
    var columnPotentials: [Double] { Array(potential[rowCount..<nodeCount]) }

    /// True when every potential is finite (costs near the overflow limit can break this).
    var potentialsAreFinite: Bool { potential.allSatisfy { $0.isFinite } }

    /// A certified lower bound on the optimal cost: `sum a_i u_i + sum b_j min_i (C[i,j] - u_i)`.
    ///
    /// Replacing `v` by the c-transform of `u` makes the pair dual feasible, so by weak duality this
    /// never exceeds the optimum, and it equals the optimum once the basis is optimal.
    func dualLowerBound() -> Double {
        let n = rowCount, m = columnCount
        var transform = [Double](repeating: .infinity, count: m)
        cost.withUnsafeBufferPointer { cost in
            transform.withUnsafeMutableBufferPointer { out in
                for i in 0..<n {
                    let rowCosts = cost.baseAddress! + i * m
                    let u = potential[i]
                    for j in 0..<m { out[j] = min(out[j], rowCosts[j] - u) }
                }
            }
        }
        var total = 0.0
        for i in 0..<n { total += supply[i] * potential[i] }
        for j in 0..<m { total += demand[j] * transform[j] }
        return total
    }

    /// Checks every structural invariant of the basis; returns a description of the first violation.
    /// For tests: O(n + m) plus a walk per node.
    func invariantViolation() -> String? {
        let n = rowCount, m = columnCount
        // Thread visits every node once, starting and ending at the root, parents before children.
        var seen = [Bool](repeating: false, count: nodeCount)
        // In a preorder, a node's parent is the latest node seen one level up.
        var latestAtDepth = [Int](repeating: -1, count: nodeCount + 1)
        var node = 0
        for step in 0..<nodeCount {
            if seen[node] { return "thread revisits node \(node) at step \(step)" }
            seen[node] = true
            if revThread[thread[node]] != node { return "revThread of \(thread[node]) is not \(node)" }
            if node != 0 {
                let up = parent[node]
                if up < 0 || !seen[up] { return "node \(node) precedes its parent \(up) in the thread" }
                if depth[node] != depth[up] + 1 { return "depth of \(node) is \(depth[node]), parent depth \(depth[up])" }
                if latestAtDepth[depth[up]] != up { return "thread is not a preorder at node \(node)" }
                if (node < n) == (up < n) { return "tree arc \(node)-\(up) is not between a row and a column" }
                if !(flow[node] >= 0) { return "negative flow \(flow[node]) on the arc of node \(node)" }
                if flow[node] == 0 && node >= n { return "zero-flow arc above column node \(node) points away from the root" }
                let (i, j) = node < n ? (node, up - n) : (up, node - n)
                let slack = cost[i * m + j] - potential[i] - potential[n + j]
                if abs(slack) > 1e-9 * max(1, abs(cost[i * m + j])) { return "tree arc (\(i), \(j)) has reduced cost \(slack)" }
            }
            if depth[node] < 0 || depth[node] >= nodeCount { return "depth \(depth[node]) of node \(node) out of range" }
            latestAtDepth[depth[node]] = node
            node = thread[node]
        }
        if node != 0 { return "thread does not return to the root" }
        return nil
    }
}
