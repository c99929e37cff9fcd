/// Eigendecomposition of a small symmetric matrix by the cyclic Jacobi method, and the matrix
/// functions built on it (square root, inverse square root) that the Gaussian closed form needs.
///
/// Jacobi rotations (Golub & Van Loan, "Matrix Computations", 8.5) are slow for large matrices but
/// accurate to a few ulps of the largest eigenvalue, which is what a d x d covariance (d of a few
/// to a few dozen) needs. Only the lower triangle is read, as LAPACK's `syevd` (NumPy's `eigh`) does.
public struct SymmetricEigen: Sendable {
    /// Eigenvalues in ascending order.
    public let values: [Double]
    /// Eigenvectors as columns, in the order of `values`.
    public let vectors: DenseMatrix

    public init(_ matrix: DenseMatrix) {
        precondition(matrix.rows == matrix.columns, "a symmetric matrix is square")
        let n = matrix.rows
        var a = DenseMatrix(rows: n, columns: n) { i, j in i >= j ? matrix[i, j] : matrix[j, i] }
        var v = DenseMatrix(rows: n, columns: n) { i, j in i == j ? 1 : 0 }
        for _ in 0..<100 {
            var offDiagonal = 0.0, diagonal = 0.0
            for i in 0..<n {
                diagonal += a[i, i] * a[i, i]
                for j in 0..<n where j != i { offDiagonal += a[i, j] * a[i, j] }
            }
            if offDiagonal <= 1e-32 * diagonal || offDiagonal == 0 { break }
            for p in 0..<n {
                for q in (p + 1)..<n where a[p, q] != 0 {
                    // The rotation that zeroes a[p, q] (the smaller of the two angles).
                    let theta = (a[q, q] - a[p, p]) / (2 * a[p, q])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k, p], akq = a[k, q]
                        a[k, p] = c * akp - s * akq
                        a[k, q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p, k], aqk = a[q, k]
                        a[p, k] = c * apk - s * aqk
                        a[q, k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vkp = v[k, p], vkq = v[k, q]
                        v[k, p] = c * vkp - s * vkq
                        v[k, q] = s * vkp + c * vkq
                    }
                }
            }
        }
        let order = (0..<n).sorted { a[$0, $0] < a[$1, $1] }
        values = order.map { a[$0, $0] }
        vectors = DenseMatrix(rows: n, columns: n) { i, j in v[i, order[j]] }
    }

    /// `V f(L) V^T` for a function of the eigenvalues.
    public func apply(_ f: (Double) -> Double) -> DenseMatrix {
        let n = values.count
        let scaled = values.map(f)
        var out = DenseMatrix(rows: n, columns: n)
        for i in 0..<n {
            for j in 0..<n {
                var total = 0.0
                for k in 0..<n { total += vectors[i, k] * scaled[k] * vectors[j, k] }
                out[i, j] = total
            }
        }
        return out
    }

    /// The positive semi-definite square root (eigenvalues below zero, from rounding, count as zero).
    public static func squareRoot(_ matrix: DenseMatrix) -> DenseMatrix {
        SymmetricEigen(matrix).apply { max($0, 0).squareRoot() }
    }

    /// Matrix product `x y` of two dense matrices (small sizes; no blocking).
    public static func product(_ x: DenseMatrix, _ y: DenseMatrix) -> DenseMatrix {
        precondition(x.columns == y.rows, "matrix product shape mismatch")
        return DenseMatrix(rows: x.rows, columns: y.columns) { i, j in
            var total = 0.0
            for k in 0..<x.columns { total += x[i, k] * y[k, j] }
            return total
        }
    }
}
