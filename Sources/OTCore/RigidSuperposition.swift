/// The rotation and translation that best superpose one 3-D point set on another with known
/// correspondence (least squares, Kabsch 1976), by Horn's quaternion method (Horn 1987, "Closed-form
/// solution of absolute orientation using unit quaternions"): the rotation is the unit quaternion
/// of the largest eigenvalue of a symmetric 4 x 4 matrix built from the cross-covariance, found here
/// by cyclic Jacobi rotations. Reflections are excluded by construction.
public struct RigidSuperposition: Sendable, Equatable {
    /// Row-major 3 x 3 rotation `R`; a point `y` maps to `R (y - movingCentroid) + fixedCentroid`.
    public var rotation: [Double]
    public var movingCentroid: [Double]
    public var fixedCentroid: [Double]

    /// The superposition of `moving` onto `fixed` (both `n x 3`, row i of one corresponding to row i
    /// of the other).
    public init(moving: DenseMatrix, onto fixed: DenseMatrix) {
        precondition(moving.rows == fixed.rows && moving.columns == 3 && fixed.columns == 3, "superposition needs two n x 3 point sets")
        let n = moving.rows
        func centroid(_ x: DenseMatrix) -> [Double] { (0..<3).map { k in (0..<n).reduce(0.0) { $0 + x[$1, k] } / Double(max(1, n)) } }
        movingCentroid = centroid(moving)
        fixedCentroid = centroid(fixed)
        // Cross-covariance S[a][b] = sum_i (y_i - cy)_a (x_i - cx)_b.
        var s = [[Double]](repeating: [0, 0, 0], count: 3)
        for i in 0..<n {
            for a in 0..<3 {
                for b in 0..<3 { s[a][b] += (moving[i, a] - movingCentroid[a]) * (fixed[i, b] - fixedCentroid[b]) }
            }
        }
        let (xx, xy, xz) = (s[0][0], s[0][1], s[0][2])
        let (yx, yy, yz) = (s[1][0], s[1][1], s[1][2])
        let (zx, zy, zz) = (s[2][0], s[2][1], s[2][2])
        let horn: [[Double]] = [
            [xx + yy + zz, yz - zy, zx - xz, xy - yx],
            [yz - zy, xx - yy - zz, xy + yx, zx + xz],
            [zx - xz, xy + yx, -xx + yy - zz, yz + zy],
            [xy - yx, zx + xz, yz + zy, -xx - yy + zz],
        ]
        let q = Self.largestEigenvector(horn)
        let (w, x, y, z) = (q[0], q[1], q[2], q[3])
        rotation = [
            w * w + x * x - y * y - z * z, 2 * (x * y - w * z), 2 * (x * z + w * y),
            2 * (x * y + w * z), w * w - x * x + y * y - z * z, 2 * (y * z - w * x),
            2 * (x * z - w * y), 2 * (y * z + w * x), w * w - x * x - y * y + z * z,
        ]
    }

    /// The moving points after superposition.
    public func apply(_ points: DenseMatrix) -> DenseMatrix {
        DenseMatrix(rows: points.rows, columns: 3) { i, a in
            var value = fixedCentroid[a]
            for b in 0..<3 { value += rotation[a * 3 + b] * (points[i, b] - movingCentroid[b]) }
            return value
        }
    }

    /// Root-mean-square distance between `fixed` and the superposed `moving`.
    public static func rmsd(_ fixed: DenseMatrix, _ superposed: DenseMatrix) -> Double {
        var total = 0.0
        for i in 0..<fixed.rows {
            for k in 0..<3 { let d = fixed[i, k] - superposed[i, k]; total += d * d }
        }
        return (total / Double(max(1, fixed.rows))).squareRoot()
    }

    /// The unit eigenvector of the largest eigenvalue of a symmetric 4 x 4 matrix (cyclic Jacobi).
    static func largestEigenvector(_ matrix: [[Double]]) -> [Double] {
        var a = matrix
        var v: [[Double]] = (0..<4).map { i in (0..<4).map { $0 == i ? 1 : 0 } }
        for _ in 0..<100 {
            var off = 0.0
            for p in 0..<4 { for q in (p + 1)..<4 { off += a[p][q] * a[p][q] } }
            if off < 1e-30 { break }
            for p in 0..<4 {
                for q in (p + 1)..<4 where a[p][q] != 0 {
                    let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<4 {
                        let akp = a[k][p], akq = a[k][q]
                        a[k][p] = c * akp - s * akq
                        a[k][q] = s * akp + c * akq
                    }
                    for k in 0..<4 {
                        let apk = a[p][k], aqk = a[q][k]
                        a[p][k] = c * apk - s * aqk
                        a[q][k] = s * apk + c * aqk
                    }
                    for k in 0..<4 {
                        let vkp = v[k][p], vkq = v[k][q]
                        v[k][p] = c * vkp - s * vkq
                        v[k][q] = s * vkp + c * vkq
                    }
                }
            }
        }
        let best = (0..<4).max { a[$0][$0] < a[$1][$1] }!
        let vector = (0..<4).map { v[$0][best] }
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return vector.map { $0 / norm }
    }
}
