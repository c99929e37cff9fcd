import OTCore

/// `W_p^p` between two weighted measures on the real line, by walking their quantile functions
/// (POT's `ot.wasserstein_1d`): both weight vectors are normalized to mass one, the cumulative
/// weights of the sorted supports are merged, and on each interval between consecutive merged
/// levels the two quantiles are constant, so `W_p^p = sum (q_k - q_{k-1}) |F^-1(q_k) - G^-1(q_k)|^p`.
/// O((n + m) log(n + m)) for the sorts, O(n + m) for the walk.
public struct Wasserstein1D {
    /// Scratch buffers reused across calls (one sliced run projects thousands of times).
    private var uOrder: [Int] = []
    private var vOrder: [Int] = []

    public init() {}

    /// `W_p^p(sum_i a_i delta_{u_i}, sum_j b_j delta_{v_j})` with `a` and `b` normalized here.
    public mutating func power(u: [Double], a: [Double], v: [Double], b: [Double], p: Double) -> Double {
        let n = u.count, m = v.count
        if uOrder.count != n { uOrder = Array(0..<n) }
        if vOrder.count != m { vOrder = Array(0..<m) }
        uOrder.sort { u[$0] < u[$1] || (u[$0] == u[$1] && $0 < $1) }
        vOrder.sort { v[$0] < v[$1] || (v[$0] == v[$1] && $0 < $1) }
        let massA = Kernels.sum(a), massB = Kernels.sum(b)
        var i = 0, j = 0
        var cumulativeA = a[uOrder[0]] / massA, cumulativeB = b[vOrder[0]] / massB
        var previous = 0.0, total = 0.0
        let square = p == 2, linear = p == 1
        while i < n || j < m {
            // The next level where one of the quantile functions jumps (past its end, the last
            // point holds, as POT's clipped search does).
            let level = min(i < n ? cumulativeA : .infinity, j < m ? cumulativeB : .infinity)
            let gap = abs(u[uOrder[min(i, n - 1)]] - v[vOrder[min(j, m - 1)]])
            let cost = square ? gap * gap : (linear ? gap : libmPow(gap, p))
            total += (level - previous) * cost
            previous = level
            if i < n && cumulativeA == level {
                i += 1
                if i < n { cumulativeA += a[uOrder[i]] / massA }
            }
            if j < m && cumulativeB == level {
                j += 1
                if j < m { cumulativeB += b[vOrder[j]] / massB }
            }
        }
        return total
    }
}
