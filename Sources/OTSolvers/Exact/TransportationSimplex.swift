/// The primal network simplex on the bipartite transportation problem: the numeric engine behind
/// the `emd` solver.
///
/// The problem is `min sum C[i,j] x[i,j]` subject to row sums `supply` and column sums `demand`
/// (equal totals, every weight positive), over the complete bipartite network of `n` row nodes
/// (ids `0..<n`) and `m` column nodes (ids `n..<n+m`) with arcs `i -> j`.
///
/// **Basis.** A basis is a spanning tree of the `n + m` nodes (`n + m - 1` arcs). It is stored by
/// node: `parent`, `flow` (the flow on the arc between the node and its parent), the preorder
/// `thread` (cyclic successor) with its inverse `revThread`, and per subtree its size and its last
/// node in preorder (`subtreeSize`, `lastDescendant`). The root is row 0 and never
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
/// assignments. The subtree cut off by the leaving arc is re-rooted at the entering arc: its
/// preorder is re-spliced in O(length of the stem) from the stored subtree ends, and only the
/// potentials of the smaller side of the tree are shifted.
///
/// **Numerics.** Flows only ever change by the ratio-test amount, so they stay non-negative
/// exactly. Potentials are recomputed from the tree at every `improve` call and before optimality
/// is declared, so round-off cannot accumulate. An arc enters only if its reduced cost is clearly
/// negative relative to its own terms, `C[i,j] - u_i - v_j < -1e-13 (|C[i,j]| + |u_i| + |v_j|)`,
/// so that huge "forbidden" costs (big-M entries) cannot blur the optimality test of ordinary
/// arcs.
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
    private let subtreeSize: UnsafeMutableBufferPointer<Int>
    private let lastDescendant: UnsafeMutableBufferPointer<Int>
    private let flow: UnsafeMutableBufferPointer<Double>
    private let potential: UnsafeMutableBufferPointer<Double>

    // Scratch for re-rooting a subtree, indexed by position t on the stem (t = 0 is the new root):
    // the stem node and its old preorder neighbours, last descendant and subtree size.
    private let stemNode: UnsafeMutableBufferPointer<Int>
    private let stemBefore: UnsafeMutableBufferPointer<Int>
    private let stemLast: UnsafeMutableBufferPointer<Int>
    private let stemAfterLast: UnsafeMutableBufferPointer<Int>
    private let stemSize: UnsafeMutableBufferPointer<Int>

    /// Arcs priced per block of the block search.
    private let blockSize: Int
    /// An arc enters only if its reduced cost is below `-relativeTolerance` times the sum of the
    /// magnitudes of its terms (round-off in `C - u - v` is a few units in the last place of those).
    private let relativeTolerance = 1e-13
    /// Segments whose smallest reduced cost is not below `-pricingFloor` are skipped without a
    /// closer look: `relativeTolerance` times a typical cost magnitude.
    private let pricingFloor: Double
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
        subtreeSize = .allocate(capacity: nodeCount)
        lastDescendant = .allocate(capacity: nodeCount)
        flow = .allocate(capacity: nodeCount)
        potential = .allocate(capacity: nodeCount)
        stemNode = .allocate(capacity: nodeCount)
        stemBefore = .allocate(capacity: nodeCount)
        stemLast = .allocate(capacity: nodeCount)
        stemAfterLast = .allocate(capacity: nodeCount)
        stemSize = .allocate(capacity: nodeCount)

        pricingFloor = relativeTolerance * Self.typicalMagnitude(of: costValues)
        blockSize = max(16, Int(Double(n * m).squareRoot().rounded(.up)))

        buildNorthWestCornerBasis()
        recomputePotentials()
    }

    deinit {
        for buffer in [supply, demand, flow, potential] { buffer.deallocate() }
        for buffer in [parent, thread, revThread, subtreeSize, lastDescendant] { buffer.deallocate() }
        for buffer in [stemNode, stemBefore, stemLast, stemAfterLast, stemSize] { buffer.deallocate() }
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

    /// Builds `thread`, `revThread`, `subtreeSize` and `lastDescendant` from `parent` by an explicit
    /// depth-first walk. Used once at start; pivots update them incrementally.
    private func rebuildThreadFromParents() {
        var childStart = [Int](repeating: 0, count: nodeCount + 1)
        for node in 1..<nodeCount { childStart[parent[node] + 1] += 1 }
        for node in 0..<nodeCount { childStart[node + 1] += childStart[node] }
        var children = [Int](repeating: 0, count: max(0, nodeCount - 1))
        var fill = childStart
        for node in 1..<nodeCount {
            children[fill[parent[node]]] = node
            fill[parent[node]] += 1
        }
        var preorder = [Int]()
        preorder.reserveCapacity(nodeCount)
        var stack = [0]
        while let node = stack.popLast() {
            preorder.append(node)
            for k in stride(from: childStart[node + 1] - 1, through: childStart[node], by: -1) { stack.append(children[k]) }
        }
        for position in 0..<nodeCount {
            let node = preorder[position], next = preorder[(position + 1) % nodeCount]
            thread[node] = next
            revThread[next] = node
            subtreeSize[node] = 1
        }
        for node in preorder.reversed() where node != 0 { subtreeSize[parent[node]] += subtreeSize[node] }
        var position = [Int](repeating: 0, count: nodeCount)
        for (index, node) in preorder.enumerated() { position[node] = index }
        for node in 0..<nodeCount { lastDescendant[node] = preorder[position[node] + subtreeSize[node] - 1] }
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

    /// The median of |C| over an evenly spread sample of at most 4096 entries, or the largest |C|
    /// when that median is zero. Sets the scale of `pricingFloor`.
    private static func typicalMagnitude(of costs: [Double]) -> Double {
        let stride = max(1, costs.count / 4096)
        var sample = Swift.stride(from: 0, to: costs.count, by: stride).map { abs(costs[$0]) }
        sample.sort()
        let median = sample.isEmpty ? 0 : sample[sample.count / 2]
        return median > 0 ? median : costs.reduce(0) { max($0, abs($1)) }
    }

    /// Block search pricing. Returns the most negative clearly negative non-tree arc of the first
    /// block (scanning cyclically from the cursor) that has one, or nil when a full pass finds none.
    private func findEnteringArc(cost: UnsafeBufferPointer<Double>) -> (row: Int, column: Int, reducedCost: Double)? {
        let n = rowCount, m = columnCount
        let costs = cost.baseAddress!
        let columnPotential = potential.baseAddress! + n
        var remaining = n * m
        var best = -pricingFloor
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
                    let roundOff = relativeTolerance * (abs(rowCosts[k]) + abs(rowPotential) + abs(columnPotential[k]))
                    if reduced < best && reduced < -roundOff {
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

        // The apex of the cycle: where the tree paths from both ends meet. A node with the smaller
        // subtree cannot be an ancestor of the other, so it is the one to move up.
        var a = first, b = second
        while a != b {
            if subtreeSize[a] < subtreeSize[b] {
                a = parent[a]
            } else {
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
        regraft(subtreeRoot: leaving, newRoot: enteringEnd, under: anchor, apex: apex, enteringFlow: theta, rowShift: rowShift)
    }

    /// Cuts the subtree of `subtreeRoot` off the tree, re-roots it at `newRoot` (a node inside it)
    /// and hangs it under `anchor` by the entering arc carrying `enteringFlow`. Shifts the subtree's
    /// row potentials by `rowShift` and its column potentials by `-rowShift` (or, equivalently, the
    /// rest of the tree the opposite way when that side is smaller).
    ///
    /// The stem is the path `newRoot = s0, s1, ..., sk = subtreeRoot`. Re-rooted at `s0`, the
    /// subtree's preorder is the concatenation of segments 0...k, where segment 0 is the old block of
    /// `s0` and segment t is the old block of `s_t` without the old block of `s_(t-1)`: the run from
    /// `s_t` to just before `s_(t-1)`, then the run after the last descendant of `s_(t-1)` up to the
    /// last descendant of `s_t` (empty when both end together). The runs are spliced by their ends,
    /// so the structure costs O(k) plus the paths up to the apex.
    private func regraft(subtreeRoot: Int, newRoot: Int, under anchor: Int, apex: Int, enteringFlow: Double, rowShift: Double) {
        let n = rowCount
        // Record the stem with its old preorder ends before anything changes.
        var stemCount = 0
        var node = newRoot
        while true {
            stemNode[stemCount] = node
            stemBefore[stemCount] = revThread[node]
            stemLast[stemCount] = lastDescendant[node]
            stemAfterLast[stemCount] = thread[lastDescendant[node]]
            stemSize[stemCount] = subtreeSize[node]
            stemCount += 1
            if node == subtreeRoot { break }
            node = parent[node]
        }
        let top = stemCount - 1
        let movedSize = stemSize[top]
        let blockBefore = stemBefore[top]       // old preorder predecessor of the subtree
        let blockLast = stemLast[top]           // old last node of the subtree
        let blockAfter = stemAfterLast[top]     // old preorder successor of the subtree
        let oldParent = parent[subtreeRoot]

        // Splice the new preorder of the subtree: segment 0, then segments 1...k.
        var tail = stemLast[0]
        for t in stride(from: 1, through: top, by: 1) {
            let stem = stemNode[t]
            thread[tail] = stem
            revThread[stem] = tail
            let runTail = stemBefore[t - 1]
            if stemLast[t - 1] != stemLast[t] {
                let runHead = stemAfterLast[t - 1]
                thread[runTail] = runHead
                revThread[runHead] = runTail
                tail = stemLast[t]
            } else {
                tail = runTail
            }
        }
        let newLast = tail

        // Unlink the old block, link the new one right after the anchor.
        thread[blockBefore] = blockAfter
        revThread[blockAfter] = blockBefore
        let afterAnchor = thread[anchor]
        thread[anchor] = newRoot
        revThread[newRoot] = anchor
        thread[newLast] = afterAnchor
        revThread[afterAnchor] = newLast

        // Subtree sizes and last descendants on the stem (other nodes inside keep theirs).
        for t in stride(from: top, through: 1, by: -1) {
            subtreeSize[stemNode[t]] = movedSize - stemSize[t - 1]
            lastDescendant[stemNode[t]] = newLast
        }
        subtreeSize[newRoot] = movedSize
        lastDescendant[newRoot] = newLast

        // Outside: the old ancestors lose the subtree, the anchor's ancestors gain it (up to the apex,
        // above which nothing changes).
        node = oldParent
        while node != apex {
            subtreeSize[node] -= movedSize
            node = parent[node]
        }
        node = anchor
        while node != apex {
            subtreeSize[node] += movedSize
            node = parent[node]
        }
        // Ancestors whose preorder ended with the old block now end just before it, or with the new
        // block when that was re-inserted right there; ancestors that ended at the anchor now end
        // with the new block.
        let replacement = anchor == blockBefore ? newLast : blockBefore
        node = oldParent
        while node >= 0 && lastDescendant[node] == blockLast {
            lastDescendant[node] = replacement
            node = parent[node]
        }
        node = anchor
        while node >= 0 && lastDescendant[node] == anchor {
            lastDescendant[node] = newLast
            node = parent[node]
        }

        // Reverse parents along the stem; each tree arc's flow moves with it to its new child end.
        var child = newRoot
        var newParent = anchor
        var carried = enteringFlow
        while true {
            let previousParent = parent[child]
            let previousFlow = flow[child]
            parent[child] = newParent
            flow[child] = carried
            if child == subtreeRoot { break }
            newParent = child
            carried = previousFlow
            child = previousParent
        }

        // Potentials: shift the moved subtree, or the rest of the tree the other way if smaller.
        let columnShift = -rowShift
        if 2 * movedSize <= nodeCount {
            node = newRoot
            while true {
                potential[node] += node < n ? rowShift : columnShift
                if node == newLast { break }
                node = thread[node]
            }
        } else {
            node = afterAnchor
            while node != newRoot {
                potential[node] += node < n ? columnShift : rowShift
                node = thread[node]
            }
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
    /// For tests: O(n + m).
    func invariantViolation() -> String? {
        let n = rowCount, m = columnCount
        // The thread must be a preorder: walking it with a stack of open ancestors, each node's
        // parent is on the stack; a node leaves the stack when the walk passes its subtree's end.
        var seen = [Bool](repeating: false, count: nodeCount)
        var position = [Int](repeating: 0, count: nodeCount)
        var open: [Int] = []
        var node = 0
        var previous = -1
        for step in 0..<nodeCount {
            if seen[node] { return "thread revisits node \(node) at step \(step)" }
            seen[node] = true
            position[node] = step
            if revThread[thread[node]] != node { return "revThread of \(thread[node]) is not \(node)" }
            if node != 0 {
                let up = parent[node]
                while let last = open.last, last != up {
                    if lastDescendant[last] != previous { return "last descendant of \(last) is \(lastDescendant[last]), expected \(previous)" }
                    if subtreeSize[last] != step - position[last] { return "subtree size of \(last) is \(subtreeSize[last]), expected \(step - position[last])" }
                    open.removeLast()
                }
                if open.isEmpty { return "thread is not a preorder at node \(node)" }
                if (node < n) == (up < n) { return "tree arc \(node)-\(up) is not between a row and a column" }
                if !(flow[node] >= 0) { return "negative flow \(flow[node]) on the arc of node \(node)" }
                if flow[node] == 0 && node >= n { return "zero-flow arc above column node \(node) points away from the root" }
                let (i, j) = node < n ? (node, up - n) : (up, node - n)
                let slack = cost[i * m + j] - potential[i] - potential[n + j]
                if abs(slack) > 1e-9 * max(1, abs(cost[i * m + j])) { return "tree arc (\(i), \(j)) has reduced cost \(slack)" }
            }
            open.append(node)
            previous = node
            node = thread[node]
        }
        if node != 0 { return "thread does not return to the root" }
        while let last = open.popLast() {
            if lastDescendant[last] != previous { return "last descendant of \(last) is \(lastDescendant[last]), expected \(previous)" }
            if subtreeSize[last] != nodeCount - position[last] { return "subtree size of \(last) is wrong" }
        }
        return nil
    }
}
