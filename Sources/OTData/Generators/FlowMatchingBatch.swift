import Foundation
import OTCore

/// A minibatch of flow matching (the weighted conditional flow matching lesson, W-CFM:
/// Calvo-Ordoñez, Meunier et al., "Weighted Conditional Flow Matching", 2025): `n` source points
/// from the standard normal prior in the plane and `n` data points from eight gaussians on a circle,
/// uniform weights `1/n`, squared Euclidean cost.
///
/// Drawn from one `SeededRandom` stream, pair by pair: for i = 0..<n the source point (two normals),
/// then the data point's component `j = floor(8 u)` and its position `radius (cos 2πj/8, sin 2πj/8)
/// + spread (normal, normal)`. A batch of n is therefore the first n pairs of the stream: the
/// batches of a size sweep are nested, as a larger minibatch of the same data stream would be. Each
/// cloud is then ordered by angle, so that a coupling's heatmap shows its structure.
public enum FlowMatchingBatch {
    public static func problem(size: Int, radius: Double, spread: Double, seed: Int) -> TransportProblem {
        let n = max(1, size)
        var random = SeededRandom(seed: seed)
        var xs: [(Double, Double)] = [], ys: [(Double, Double)] = []
        xs.reserveCapacity(n)
        ys.reserveCapacity(n)
        for _ in 0..<n {
            xs.append((random.nextNormal(), random.nextNormal()))
            let j = Double(Int(random.nextUniform() * 8))
            let angle = 2 * Double.pi * j / 8
            let x = radius * cos(angle) + spread * random.nextNormal()
            let y = radius * sin(angle) + spread * random.nextNormal()
            ys.append((x, y))
        }
        func cloud(_ points: [(Double, Double)]) -> Measure {
            let sorted = points.sorted { (atan2($0.1, $0.0), $0.0, $0.1) < (atan2($1.1, $1.0), $1.0, $1.1) }
            return .uniform(points: DenseMatrix(rows: n, columns: 2, storage: sorted.flatMap { [$0.0, $0.1] }))
        }
        return TransportProblem(source: cloud(xs), target: cloud(ys), groundCost: .sqeuclidean)
    }

    /// The parameters of the `flow-matching-batch` generator (besides the seed).
    static let parameters: [ParameterDescriptor] = [
        ParameterDescriptor(name: "n", label: "batch size", kind: .integer(default: 64, range: 1...4_000),
                            help: "Pairs in the minibatch (the plan is n x n)."),
        ParameterDescriptor(name: "radius", label: "data radius", kind: .real(default: 2, range: 0...1_000, logScale: false),
                            help: "Radius of the circle of the eight data gaussians."),
        ParameterDescriptor(name: "spread", label: "data spread", kind: .real(default: 0.4, range: 0...1_000, logScale: false),
                            help: "Standard deviation of each data gaussian."),
    ]
}
