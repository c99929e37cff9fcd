import OTCore

/// Solves the sparsified Newton system of Sinkhorn-Newton-Sparse exactly, by eliminating the
/// source block and factoring the target-side Schur complement (dense `Cholesky`):
///
///     [[D_r, H], [H^T, D_c]] [x_f; x_g] = [r_f; r_g]
///     (D_c - H^T D_r^-1 H) x_g = r_g - H^T D_r^-1 r_f,   x_f = D_r^-1 (r_f - H x_g),
///
/// restricted to the free coordinates (positive weight and marginal, not the gauge). At small reg
/// the plan is close to a spanning tree (a 1-D plan is a staircase), the system is a weighted
/// tree Laplacian whose condition number grows with n^2 and with the spread of the weights, and
/// Jacobi-preconditioned conjugate gradient stalls; the direct solve does not care. Its cost is
/// `sum_i nnz_i^2` to form the complement and `m^3 / 3` to factor it, so `SinkhornNewtonSparse`
/// uses it for small target sides, or when conjugate gradient fails.
enum NewtonDirectSolve {
    /// Target sides up to this size are always solved directly.
    static let alwaysDirect = 256
    /// Target sides up to this size are solved directly when conjugate gradient fails.
    static let directWhenStalled = 2000

    /// Writes the solution into `solution` (n + m entries; frozen coordinates 0). Returns false,
    /// leaving `solution` unspecified, when the complement is not numerically positive definite.
    static func solve(
        hessian: SparseRowMatrix, rowSums: [Double], columnSums: [Double], free: [Bool], rhs: [Double],
        solution: inout [Double]
    ) -> Bool {
        let n = rowSums.count, m = columnSums.count
        // Free target coordinates, numbered 0..<k.
        var position = [Int](repeating: -1, count: m)
        var columnsUsed: [Int] = []
        for j in 0..<m where free[n + j] {
            position[j] = columnsUsed.count
            columnsUsed.append(j)
        }
        let k = columnsUsed.count
        var schur = [Double](repeating: 0, count: k * k)
        var reduced = [Double](repeating: 0, count: k)
        for (p, j) in columnsUsed.enumerated() {
            schur[p * k + p] = columnSums[j]
            reduced[p] = rhs[n + j]
        }
        let start = hessian.rowStart, index = hessian.columnIndex, values = hessian.values
        for i in 0..<n where free[i] {
            let inverse = 1 / rowSums[i]
            let range = start[i]..<start[i + 1]
            for s in range {
                let p = position[index[s]]
                guard p >= 0 else { continue }
                let hs = values[s] * inverse
                reduced[p] -= hs * rhs[i]
                for t in range {
                    let q = position[index[t]]
                    guard q >= 0 else { continue }
                    schur[p * k + q] -= hs * values[t]
                }
            }
        }
        guard Cholesky.solve(&schur, &reduced, order: k) else { return false }
        for j in 0..<m { solution[n + j] = 0 }
        for (p, j) in columnsUsed.enumerated() { solution[n + j] = reduced[p] }
        for i in 0..<n {
            guard free[i] else { solution[i] = 0; continue }
            var s = rhs[i]
            for t in start[i]..<start[i + 1] { s -= values[t] * solution[n + index[t]] }
            solution[i] = s / rowSums[i]
        }
        return solution.allSatisfy { $0.isFinite }
    }
}
