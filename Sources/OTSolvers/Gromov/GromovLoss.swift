import OTCore

/// The Gromov-Wasserstein loss `sum_{i,j,k,l} L(C1[i,k], C2[j,l]) T[i,j] T[k,l]` and its gradient,
/// through the decomposition of Peyré, Cuturi & Solomon (2016, Prop. 1): when
/// `L(x, y) = f1(x) + f2(y) - h1(x) h2(y)` and `T` has marginals `p` and `q`, the tensor product is
///
///     (L ⊗ T)[i,j] = (f1(C1) p)[i] + (f2(C2) q)[j] - (h1(C1) T h2(C2)^T)[i,j]
///
/// so the loss `<L ⊗ T, T>` costs two matrix products, O(n^2 m + n m^2), and the 4-D tensor is never
/// formed. When `h1(C1)` or `h2(C2)^T` is of low rank r (squared Euclidean costs of points in d
/// dimensions have rank d + 2; checked numerically, `LowRankFactor`), its product goes through the
/// factor instead, O(n m r) (Scetbon, Peyré & Cuturi 2022): at n = m = 500 in 2-D and 3-D the pair of
/// products drops from 0.5 GFlop to 5 MFlop. Losses as in POT 0.9.7 (`ot.gromov.init_matrix`): `square` is `(x - y)^2` with
/// `f1 = x^2, f2 = y^2, h1 = x, h2 = 2y`; `kl` is `x log(x/y) - x + y` with
/// `f1 = x log(x + 1e-18) - x, f2 = y, h1 = x, h2 = log(y + 1e-18)`. The gradient is
/// `2 (L ⊗ T)` for symmetric costs, and the average of the tensor products with C and with C^T
/// (times 2) otherwise, as POT's `gwggrad` use in `gromov_wasserstein`.
public struct GromovLoss: Sendable {
    /// The inner loss `L` between two intra-space costs.
    public enum Kind: String, Sendable, CaseIterable {
        case square = "square_loss"
        case kl = "kl_loss"
    }

    public let kind: Kind
    /// True when both cost matrices are symmetric (POT's test: `np.allclose(C, C.T, atol=1e-10)`).
    public let symmetric: Bool
    /// `(f1(C1) p)[i]` and `(f2(C2) q)[j]`: the constant part `constC[i,j] = rowConstant[i] + columnConstant[j]`.
    let rowConstant: [Double]
    let columnConstant: [Double]
    /// `h1(C1)` (n x n) and `h2(C2)^T` (m x m), so that the product is `h1 * T * h2T`.
    let h1: DenseMatrix
    let h2T: MatrixProduct.PackedRight
    /// Low-rank factors of `h1` and `h2^T` where they have one (nil: the dense product).
    let h1Factor: LowRankFactor?
    let h2TFactor: LowRankFactor?
    /// The same for the transposed costs (non-symmetric problems only).
    let transposedRowConstant: [Double]
    let transposedColumnConstant: [Double]
    let h1Transposed: DenseMatrix
    let h2TTransposed: MatrixProduct.PackedRight?
    let h1TransposedFactor: LowRankFactor?
    let h2TTransposedFactor: LowRankFactor?

    /// Prepares the decomposition for intra costs `c1` (n x n), `c2` (m x m) and marginals `p`, `q`.
    /// `factorize`: look for low-rank factors of `h1` and `h2^T` (only from 100 points up, where
    /// they pay; tests compare both paths).
    /// The loss over the intra costs of `problem`, as every GW solver starts: refuses a
    /// problem without intra costs, or a fused one without a feature cost, naming `solverName`.
    public static func resolve(problem: TransportProblem, parameters: ParameterValues, solverName: String,
                               fused: Bool) throws(InputError) -> GromovLoss {
        guard let intra = problem.resolvedIntraCosts() else {
            throw InputError("problem", nil, "\(solverName) needs intra-space costs C1 and C2 (point clouds, or --intra-costs C1.npy C2.npy)")
        }
        if fused && !intra.hasFeatureCost {
            throw InputError("problem", nil, "\(solverName) needs a feature cost M between the two spaces: give --cost-matrix M.npy, or two point clouds of the same dimension")
        }
        let kind = Kind(rawValue: parameters.choice("loss")) ?? .square
        return GromovLoss(kind: kind, c1: intra.source, c2: intra.target, p: problem.a, q: problem.b)
    }

    public init(kind: Kind, c1: DenseMatrix, c2: DenseMatrix, p: [Double], q: [Double], factorize: Bool = true) {
        self.kind = kind
        symmetric = Self.isSymmetric(c1) && Self.isSymmetric(c2)
        let direct = Self.decompose(kind: kind, c1: c1, c2: c2, p: p, q: q)
        (rowConstant, columnConstant, h1) = (direct.0, direct.1, direct.2)
        h2T = MatrixProduct.PackedRight(direct.3)
        h1Factor = factorize ? Self.factor(direct.2) : nil
        h2TFactor = factorize ? Self.factor(direct.3) : nil
        if symmetric {
            (transposedRowConstant, transposedColumnConstant, h1Transposed, h2TTransposed) = ([], [], DenseMatrix(rows: 0, columns: 0), nil)
            (h1TransposedFactor, h2TTransposedFactor) = (nil, nil)
        } else {
            let transposed = Self.decompose(kind: kind, c1: c1.transposed, c2: c2.transposed, p: p, q: q)
            (transposedRowConstant, transposedColumnConstant, h1Transposed) = (transposed.0, transposed.1, transposed.2)
            h2TTransposed = MatrixProduct.PackedRight(transposed.3)
            h1TransposedFactor = factorize ? Self.factor(transposed.2) : nil
            h2TTransposedFactor = factorize ? Self.factor(transposed.3) : nil
        }
    }

    /// A low-rank factor of a square `h` when it has one of rank at most a tenth of its size.
    private static func factor(_ h: DenseMatrix) -> LowRankFactor? {
        guard h.rows >= 100 else { return nil }
        return LowRankFactor.factor(h, maxRank: min(48, h.rows / 10))
    }

    /// The ranks of the factored `h1` and `h2^T` (nil where the product is dense).
    public var factorRanks: (h1: Int?, h2: Int?) { (h1Factor?.rank, h2TFactor?.rank) }

    public var sourceCount: Int { rowConstant.count }
    public var targetCount: Int { columnConstant.count }

    /// `np.allclose(c, c.T, rtol=1e-05, atol=1e-10)`.
    static func isSymmetric(_ c: DenseMatrix) -> Bool {
        guard c.rows == c.columns else { return false }
        for i in 0..<c.rows {
            for k in 0..<c.rows where abs(c[i, k] - c[k, i]) > 1e-10 + 1e-5 * abs(c[k, i]) { return false }
        }
        return true
    }

    private static func decompose(kind: Kind, c1: DenseMatrix, c2: DenseMatrix, p: [Double], q: [Double])
        -> ([Double], [Double], DenseMatrix, DenseMatrix)
    {
        let f1: (Double) -> Double, f2: (Double) -> Double, h2: (Double) -> Double
        switch kind {
        case .square:
            f1 = { $0 * $0 }; f2 = { $0 * $0 }; h2 = { 2 * $0 }
        case .kl:
            f1 = { $0 * libmLog($0 + 1e-18) - $0 }; f2 = { $0 }; h2 = { libmLog($0 + 1e-18) }
        }
        let n = c1.rows, m = c2.rows
        var rowConstant = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var s = 0.0
            for k in 0..<n { s += f1(c1[i, k]) * p[k] }
            rowConstant[i] = s
        }
        var columnConstant = [Double](repeating: 0, count: m)
        for j in 0..<m {
            var s = 0.0
            for l in 0..<m { s += f2(c2[j, l]) * q[l] }
            columnConstant[j] = s
        }
        let h2T = DenseMatrix(rows: m, columns: m) { j, l in h2(c2[l, j]) }
        return (rowConstant, columnConstant, c1, h2T)
    }

    /// Scratch for the two matrix products (n x m each, and the plan packed for the first), reused
    /// across iterations.
    public struct Workspace: Sendable {
        var left: DenseMatrix
        var packedPlan: MatrixProduct.PackedRight
        public init(rows: Int, columns: Int) {
            left = DenseMatrix(rows: rows, columns: columns)
            packedPlan = MatrixProduct.PackedRight(DenseMatrix(rows: rows, columns: columns))
        }
    }

    /// `h1(C1) T h2(C2)^T` into `out` (n x m); `transposed` uses the costs' transposes. Two blocked
    /// products (`MatrixProduct`, `h2^T` packed once at init, `T` packed here): 0.25 GFlop each at
    /// n = m = 500.
    public func product(_ t: DenseMatrix, into out: inout DenseMatrix, workspace: inout Workspace, transposed: Bool = false) {
        let a = transposed ? h1Transposed : h1
        let b = transposed ? h2TTransposed! : h2T
        let aFactor = transposed ? h1TransposedFactor : h1Factor
        let bFactor = transposed ? h2TTransposedFactor : h2TFactor
        workspace.packedPlan.repack(t)
        switch (aFactor, bFactor) {
        case (let f1?, let f2?):
            // Q1 ((B1 T) Q2) B2: r1 n m + r1 m r2 + n r1 r2 + n r2 m.
            let y = MatrixProduct.multiply(f1.coefficients, t)
            let z = MatrixProduct.multiply(y, f2.basis)
            let w = MatrixProduct.multiply(f1.basis, z)
            MatrixProduct.multiply(w, f2.coefficients, into: &out)
        case (let f1?, nil):
            // Q1 ((B1 T) h2^T).
            var y = DenseMatrix(rows: f1.rank, columns: t.columns)
            MatrixProduct.multiply(f1.coefficients, workspace.packedPlan, into: &y)
            var v = DenseMatrix(rows: f1.rank, columns: t.columns)
            MatrixProduct.multiply(y, b, into: &v)
            MatrixProduct.multiply(f1.basis, v, into: &out)
        case (nil, let f2?):
            // ((h1 T) Q2) B2.
            MatrixProduct.multiply(a, workspace.packedPlan, into: &workspace.left)
            let u = MatrixProduct.multiply(workspace.left, f2.basis)
            MatrixProduct.multiply(u, f2.coefficients, into: &out)
        case (nil, nil):
            MatrixProduct.multiply(a, workspace.packedPlan, into: &workspace.left)
            MatrixProduct.multiply(workspace.left, b, into: &out)
        }
    }

    /// The tensor product `L ⊗ T = constC - h1 T h2^T` given the product `h1 T h2^T`, in place.
    public func tensor(fromProduct product: inout DenseMatrix, transposed: Bool = false) {
        let rc = transposed ? transposedRowConstant : rowConstant
        let cc = transposed ? transposedColumnConstant : columnConstant
        let m = cc.count
        product.storage.withUnsafeMutableBufferPointer { x in
            for i in 0..<rc.count {
                let r = rc[i]
                for j in 0..<m { x[i * m + j] = r + cc[j] - x[i * m + j] }
            }
        }
    }

    /// The gradient of the loss at `t` (POT's `gwggrad`, symmetrised for non-symmetric costs), and
    /// the product `h1 T h2^T` it came from (kept for the line search).
    public func gradient(_ t: DenseMatrix, product: inout DenseMatrix, gradient: inout DenseMatrix, workspace: inout Workspace) {
        self.product(t, into: &product, workspace: &workspace)
        gradient.storage = product.storage
        tensor(fromProduct: &gradient)
        if symmetric {
            gradient.storage.withUnsafeMutableBufferPointer { g in
                for index in g.indices { g[index] *= 2 }
            }
        } else {
            var other = DenseMatrix(rows: t.rows, columns: t.columns)
            self.product(t, into: &other, workspace: &workspace, transposed: true)
            tensor(fromProduct: &other, transposed: true)
            gradient.storage.withUnsafeMutableBufferPointer { g in
                other.storage.withUnsafeBufferPointer { o in
                    for index in g.indices { g[index] = 0.5 * (2 * g[index] + 2 * o[index]) }
                }
            }
        }
    }

    /// The loss `<L ⊗ T, T>` (POT's `gwloss`).
    public func loss(_ t: DenseMatrix, workspace: inout Workspace) -> Double {
        var tens = DenseMatrix(rows: t.rows, columns: t.columns)
        product(t, into: &tens, workspace: &workspace)
        tensor(fromProduct: &tens)
        return Self.frobenius(tens, t)
    }

    /// `sum_ij x[i,j] y[i,j]`.
    public static func frobenius(_ x: DenseMatrix, _ y: DenseMatrix) -> Double {
        x.storage.withUnsafeBufferPointer { xb in
            y.storage.withUnsafeBufferPointer { yb in Kernels.dot(xb.baseAddress, yb.baseAddress, count: xb.count) }
        }
    }
}
