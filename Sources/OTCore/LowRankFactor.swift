/// A matrix found to be of low rank, as `X = Q B` with `Q` (n x r) of orthonormal columns and
/// `B = Q^T X` (r x m), so that products with `X` cost O(r) per entry instead of O(n).
///
/// Squared Euclidean distance matrices of points in d dimensions have rank at most d + 2
/// (`|x_i|^2 + |x_k|^2 - 2 <x_i, x_k>`), so the intra costs of Gromov-Wasserstein between point
/// clouds factor exactly; Scetbon, Peyré & Cuturi (2022, "Linear-time Gromov Wasserstein distances
/// using low rank couplings and costs") use this to make the GW tensor product O(n m r). The range
/// is found by the randomized range finder of Halko, Martinsson & Tropp (2011, "Finding structure
/// with randomness", Algorithm 4.1) with a fixed seed: `Y = X Ω` for `maxRank + 8` pseudo-random
/// columns `Ω`, rows of `Y^T` orthonormalised by modified Gram-Schmidt applied twice, directions
/// that add less than 1e-10 of the largest sample's norm dropped. The factor is accepted only when
/// the residual `||X - Q B||_F` is at most `tolerance x ||X||_F` (checked, not assumed), so a matrix
/// that is not of low rank is never approximated.
public struct LowRankFactor: Sendable {
    /// `Q` (n x r), orthonormal columns.
    public let basis: DenseMatrix
    /// `B = Q^T X` (r x m).
    public let coefficients: DenseMatrix
    /// The residual `||X - Q B||_F / ||X||_F` measured when factoring.
    public let relativeResidual: Double

    public var rank: Int { basis.columns }

    /// The factor of `x`, or nil when `x` is not of rank at most `maxRank` to `tolerance`.
    public static func factor(_ x: DenseMatrix, maxRank: Int, tolerance: Double = 1e-12) -> LowRankFactor? {
        let n = x.rows, m = x.columns
        let samples = min(m, n, maxRank + 8)
        guard samples > 0, maxRank > 0 else { return nil }
        // Ω (m x samples): a fixed pseudo-random sign-and-magnitude pattern (reproducible).
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let omega = DenseMatrix(rows: m, columns: samples) { _, _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(Int64(bitPattern: state) >> 11) / Double(1 << 52)
        }
        let sampled = MatrixProduct.multiply(x, omega).transposed  // samples x n: one sample per row
        var rows: [[Double]] = []
        let largest = (0..<samples).map { k in norm(sampled.storage[(k * n)..<((k + 1) * n)]) }.max() ?? 0
        guard largest > 0 else { return nil }
        for k in 0..<samples {
            var v = Array(sampled.storage[(k * n)..<((k + 1) * n)])
            for _ in 0..<2 {
                for q in rows {
                    let projection = dot(q, v)
                    for i in 0..<n { v[i] -= projection * q[i] }
                }
            }
            let length = norm(v[...])
            guard length > 1e-10 * largest else { continue }
            if rows.count == maxRank { return nil }
            rows.append(v.map { $0 / length })
        }
        let basisTransposed = DenseMatrix(rows: rows.count, columns: n, storage: rows.flatMap { $0 })
        let coefficients = MatrixProduct.multiply(basisTransposed, x)
        let basis = basisTransposed.transposed
        let reconstruction = MatrixProduct.multiply(basis, coefficients)
        var residual = 0.0, total = 0.0
        for index in x.storage.indices {
            let d = x.storage[index] - reconstruction.storage[index]
            residual += d * d
            total += x.storage[index] * x.storage[index]
        }
        guard total > 0 else { return nil }
        let relative = (residual / total).squareRoot()
        guard relative <= tolerance else { return nil }
        return LowRankFactor(basis: basis, coefficients: coefficients, relativeResidual: relative)
    }

    private static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { s += a[i] * b[i] }
        return s
    }

    private static func norm(_ v: ArraySlice<Double>) -> Double {
        var s = 0.0
        for x in v { s += x * x }
        return s.squareRoot()
    }
}
