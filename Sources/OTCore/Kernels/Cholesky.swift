/// Dense Cholesky solve of a symmetric positive definite system, in place: `A = L L^T`, then the
/// two triangular solves.
///
/// One implementation for the two places that need it: Anderson acceleration's few-by-few
/// regularized normal equations (`AndersonAcceleration`) and the target-side Schur complement of
/// Sinkhorn-Newton-Sparse's direct Newton solve (`NewtonDirectSolve`, up to a few thousand unknowns).
/// Plain row-major arrays, no pivoting (an SPD matrix needs none); a pivot that is not positive
/// and finite means the matrix is not numerically positive definite, which the callers treat as
/// "fall back", so it is reported rather than trapped.
public enum Cholesky {
    /// Solves `A x = b` for the `order x order` matrix stored row-major in the first
    /// `order * order` elements of `a` (the rest, if any, is not read: a caller may keep one buffer
    /// sized for its largest system). Only the lower triangle of A is read; it is overwritten by the
    /// factor L, and `b` by x. Returns false, leaving `a` and `b` partly overwritten, when a pivot
    /// is not positive and finite.
    public static func solve(_ a: inout [Double], _ b: inout [Double], order n: Int) -> Bool {
        for j in 0..<n {
            var diagonal = a[j * n + j]
            for k in 0..<j { diagonal -= a[j * n + k] * a[j * n + k] }
            guard diagonal > 0, diagonal.isFinite else { return false }
            let l = diagonal.squareRoot()
            a[j * n + j] = l
            for i in (j + 1)..<max(j + 1, n) {
                var s = a[i * n + j]
                for k in 0..<j { s -= a[i * n + k] * a[j * n + k] }
                a[i * n + j] = s / l
            }
        }
        // Forward substitution L y = b, then back substitution L^T x = y.
        for i in 0..<n {
            var s = b[i]
            for k in 0..<i { s -= a[i * n + k] * b[k] }
            b[i] = s / a[i * n + i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = b[i]
            for k in (i + 1)..<max(i + 1, n) { s -= a[k * n + i] * b[k] }
            b[i] = s / a[i * n + i]
        }
        return true
    }
}
