/// Euclidean projections onto the scaled simplex `{x >= 0, sum x = z}`, exact and top-k sparse.
///
/// The projection of `y` is `x_i = max(y_i - tau, 0)` for the one threshold `tau` with
/// `sum max(y_i - tau, 0) = z` (Duchi et al. 2008). Sorting finds `tau` in O(n log n); here it is
/// found by Condat's algorithm (Condat 2016, "Fast projection onto the simplex and the l1 ball",
/// Algorithm 2 of the paper's section 3), which is observed O(n), needs no sort and so no
/// allocation: two scratch buffers in a reusable `Workspace`. The result is the same threshold the
/// sort-based method gives (tests check this against a sort-based reference).
///
/// The top-k variant projects onto the simplex restricted to at most `k` nonzeros: keep the `k`
/// largest entries and project those (Kyrillidis et al. 2013 show this greedy choice is optimal).
/// The largest entries are selected with a min-heap of size `k`, O(n log k).
public enum SimplexProjection {
    /// Scratch space for the projections; make one per thread and reuse it.
    public struct Workspace: Sendable {
        var active: [Double]
        var deferred: [Double]
        var heapValues: [Double]
        var heapIndices: [Int]

        /// Room for vectors of up to `capacity` elements.
        public init(capacity: Int) {
            active = [Double](repeating: 0, count: Swift.max(1, capacity))
            deferred = active
            heapValues = active
            heapIndices = [Int](repeating: 0, count: Swift.max(1, capacity))
        }

        public var capacity: Int { active.count }
    }

    /// The threshold `tau` with `sum_i max(y_i - tau, 0) = z`, for `z >= 0` and a non-empty `y`.
    public static func threshold(_ y: UnsafeBufferPointer<Double>, total z: Double, workspace: inout Workspace) -> Double {
        let n = y.count
        precondition(n > 0 && n <= workspace.capacity, "simplex projection: vector larger than the workspace")
        return workspace.active.withUnsafeMutableBufferPointer { active in
            workspace.deferred.withUnsafeMutableBufferPointer { deferred in
                condatThreshold(y, z, active.baseAddress!, deferred.baseAddress!)
            }
        }
    }

    /// Condat's algorithm on raw scratch buffers of at least `y.count` elements each.
    @usableFromInline
    static func condatThreshold(
        _ y: UnsafeBufferPointer<Double>, _ z: Double, _ v: UnsafeMutablePointer<Double>, _ vTilde: UnsafeMutablePointer<Double>
    ) -> Double {
        let n = y.count
        var activeCount = 1, deferredCount = 0
        v[0] = y[0]
        var rho = y[0] - z
        // Step 2: one pass that keeps a candidate active set `v` and defers the rest.
        for k in 1..<n {
            let yk = y[k]
            guard yk > rho else { continue }
            rho += (yk - rho) / Double(activeCount + 1)
            if rho > yk - z {
                v[activeCount] = yk
                activeCount += 1
            } else {
                for t in 0..<activeCount { vTilde[deferredCount + t] = v[t] }
                deferredCount += activeCount
                v[0] = yk
                activeCount = 1
                rho = yk - z
            }
        }
        // Step 3: reconsider the deferred elements.
        for t in 0..<deferredCount {
            let yt = vTilde[t]
            if yt > rho {
                v[activeCount] = yt
                activeCount += 1
                rho += (yt - rho) / Double(activeCount)
            }
        }
        // Step 4: drop elements below the threshold until the active set is stable.
        var changed = true
        while changed {
            changed = false
            var kept = 0
            for t in 0..<activeCount {
                let yt = v[t]
                if yt > rho {
                    v[kept] = yt
                    kept += 1
                } else {
                    let remaining = activeCount - (t - kept) - 1
                    if remaining > 0 { rho += (rho - yt) / Double(remaining) }
                    changed = true
                }
            }
            activeCount = kept
            if activeCount == 0 { break }
        }
        return rho
    }

    /// Writes the projection of `y` onto `{x >= 0, sum x = z}` into `out` (same length as `y`);
    /// returns the threshold.
    @discardableResult
    public static func project(
        _ y: UnsafeBufferPointer<Double>, total z: Double, into out: UnsafeMutableBufferPointer<Double>, workspace: inout Workspace
    ) -> Double {
        precondition(out.count == y.count, "simplex projection: output length differs from input")
        let tau = threshold(y, total: z, workspace: &workspace)
        for k in 0..<y.count { out[k] = Swift.max(y[k] - tau, 0) }
        return tau
    }

    /// The projection of `y` onto `{x >= 0, sum x = z}` (allocating convenience).
    public static func project(_ y: [Double], total z: Double = 1) -> [Double] {
        guard !y.isEmpty else { return [] }
        var workspace = Workspace(capacity: y.count)
        var out = [Double](repeating: 0, count: y.count)
        y.withUnsafeBufferPointer { ys in
            out.withUnsafeMutableBufferPointer { o in _ = project(ys, total: z, into: o, workspace: &workspace) }
        }
        return out
    }

    /// Writes the projection of `y` onto `{x >= 0, sum x = z, at most k nonzeros}` into `out`:
    /// the `k` largest entries (ties to the lower index) projected onto the simplex, zeros elsewhere.
    /// Returns the number of entries kept (`min(k, n)`); their indices are `keptIndices(workspace:)`.
    @discardableResult
    public static func projectTopK(
        _ y: UnsafeBufferPointer<Double>, k: Int, total z: Double, into out: UnsafeMutableBufferPointer<Double>,
        workspace: inout Workspace
    ) -> Int {
        let n = y.count
        precondition(out.count == n && n <= workspace.capacity, "top-k projection: bad buffer sizes")
        precondition(k >= 1, "top-k projection needs k >= 1")
        if k >= n {
            project(y, total: z, into: out, workspace: &workspace)
            for t in 0..<n { workspace.heapIndices[t] = t }
            return n
        }
        selectLargest(y, k: k, workspace: &workspace)
        let tau = workspace.heapValues.withUnsafeBufferPointer { values in
            workspace.active.withUnsafeMutableBufferPointer { active in
                workspace.deferred.withUnsafeMutableBufferPointer { deferred in
                    condatThreshold(UnsafeBufferPointer(rebasing: values[0..<k]), z, active.baseAddress!, deferred.baseAddress!)
                }
            }
        }
        for t in 0..<n { out[t] = 0 }
        for t in 0..<k {
            let index = workspace.heapIndices[t]
            out[index] = Swift.max(workspace.heapValues[t] - tau, 0)
        }
        return k
    }

    /// Indices kept by the last `projectTopK` call (the first `kept` entries of the heap).
    public static func keptIndices(_ kept: Int, workspace: Workspace) -> ArraySlice<Int> {
        workspace.heapIndices[0..<kept]
    }

    /// Fills the first `k` heap slots with the `k` largest entries of `y` (a min-heap on value,
    /// where a later index counts as smaller among equal values, so ties keep the lower index).
    static func selectLargest(_ y: UnsafeBufferPointer<Double>, k: Int, workspace: inout Workspace) {
        workspace.heapValues.withUnsafeMutableBufferPointer { values in
            workspace.heapIndices.withUnsafeMutableBufferPointer { indices in
                @inline(__always) func less(_ a: Int, _ b: Int) -> Bool {
                    values[a] < values[b] || (values[a] == values[b] && indices[a] > indices[b])
                }
                func siftDown(_ start: Int) {
                    var parent = start
                    while true {
                        let left = 2 * parent + 1
                        if left >= k { return }
                        var smallest = left
                        if left + 1 < k && less(left + 1, left) { smallest = left + 1 }
                        if !less(smallest, parent) { return }
                        values.swapAt(parent, smallest)
                        indices.swapAt(parent, smallest)
                        parent = smallest
                    }
                }
                for t in 0..<k { values[t] = y[t]; indices[t] = t }
                var start = k / 2 - 1
                while start >= 0 { siftDown(start); start -= 1 }
                for t in k..<y.count where y[t] > values[0] {
                    values[0] = y[t]
                    indices[0] = t
                    siftDown(0)
                }
            }
        }
    }
}
