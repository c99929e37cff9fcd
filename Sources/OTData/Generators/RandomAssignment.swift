import OTCore

/// A random assignment problem: an `n x n` cost matrix with entries uniform in [0, 1) and uniform
/// marginals `1/n`, the classic benchmark for exact solvers (its optimal plan is a permutation
/// scaled by `1/n`). The measures carry weights only; the cost is given explicitly.
public enum RandomAssignment {
    /// The problem for `size` (at least 1) reproducible from `seed`; costs are drawn row by row.
    public static func problem(size: Int, seed: Int) -> TransportProblem {
        let n = max(1, size)
        var random = SeededRandom(seed: seed)
        var cost = DenseMatrix(rows: n, columns: n)
        for k in 0..<(n * n) { cost.storage[k] = random.nextUniform() }
        let marginal = Measure(weights: [Double](repeating: 1.0 / Double(n), count: n))
        return TransportProblem(source: marginal, target: marginal, cost: cost)
    }
}
