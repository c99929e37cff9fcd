/// The two intra-space cost matrices of a Gromov-Wasserstein problem: `source` (n x n) compares the
/// source points with each other, `target` (m x m) the target points with each other. GW matches
/// the two measures by these alone, so the two spaces may differ (dimension, rotation, units).
///
/// From point clouds otlab uses squared Euclidean distances, `C[i,k] = ||x_i - x_k||^2`, as POT's
/// examples do (`ot.dist(x, x)`); files give them directly (`--intra-costs C1.npy C2.npy`).
public struct IntraCosts: Sendable, Equatable {
    /// `C1`, the source's n x n cost matrix.
    public var source: DenseMatrix
    /// `C2`, the target's m x m cost matrix.
    public var target: DenseMatrix
    /// True when the problem's `cost` is a real feature cost `M` between the two spaces (fused GW);
    /// false when it is a placeholder (zeros, or a cost the user did not ask for).
    public var hasFeatureCost: Bool

    public init(source: DenseMatrix, target: DenseMatrix, hasFeatureCost: Bool = false) {
        precondition(source.rows == source.columns && target.rows == target.columns, "intra costs must be square")
        self.source = source
        self.target = target
        self.hasFeatureCost = hasFeatureCost
    }

    /// Squared Euclidean distances between the rows of `points` (`count x count`, zero diagonal).
    public static func squaredEuclidean(_ points: DenseMatrix) -> DenseMatrix {
        GroundCost.sqeuclidean.matrix(from: points, to: points)
    }

    /// The intra costs of two point clouds (of any dimensions), squared Euclidean.
    public static func fromPoints(_ source: DenseMatrix, _ target: DenseMatrix, hasFeatureCost: Bool = false) -> IntraCosts {
        IntraCosts(source: squaredEuclidean(source), target: squaredEuclidean(target), hasFeatureCost: hasFeatureCost)
    }
}
