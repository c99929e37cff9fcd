import Foundation
import OTCore

/// A self-labelling problem (Asano, Rupprecht & Vedaldi, "Self-labelling via simultaneous
/// clustering and representation learning", ICLR 2020): `N` samples of a 2-D gaussian mixture with
/// unequal cluster sizes, `K` clusters, and a simple seeded model that assigns each sample soft
/// labels `p[i][k] = softmax_k(-|x_i - c_k|^2 / temperature)` from `K` centres `c_k` (the
/// mixture's means moved by a little noise). The problem is the paper's label assignment: samples
/// uniform `1/N`, clusters uniform `1/K` (the equipartition constraint), cost `-log p`, so
/// Sinkhorn-Knopp with `reg = 1` finds `Q = diag(u) p diag(v)`, the paper's labels.
///
/// The samples carry their points and the clusters their centres, so the problem pane draws them.
/// Samples are sorted by their first coordinate (then the second), like the other generated clouds.
public enum SelfLabellingMixture {
    /// The samples, the centres and the cost `-log p`, reproducible from `seed`.
    public static func problem(samples: Int, clusters: Int, temperature: Double, seed: Int) -> TransportProblem {
        let n = max(1, samples), k = max(1, clusters)
        var random = SeededRandom(seed: seed)
        // Means around a circle of radius 3, cluster shares 1, 1/2, 1/3, ... (normalized): unequal sizes.
        let means = (0..<k).map { c -> (Double, Double) in
            let angle = 2 * Double.pi * Double(c) / Double(k) + 0.3 * random.nextNormal()
            return (3 * cos(angle), 3 * sin(angle))
        }
        let shares = (0..<k).map { 1 / Double($0 + 1) }
        let cumulative = shares.reduce(into: [Double]()) { $0.append(($0.last ?? 0) + $1) }
        var points: [(Double, Double)] = []
        for _ in 0..<n {
            let c = random.nextIndex(weightedBy: cumulative)
            points.append((means[c].0 + 0.9 * random.nextNormal(), means[c].1 + 0.9 * random.nextNormal()))
        }
        points.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        let centres = means.map { ($0.0 + 0.5 * random.nextNormal(), $0.1 + 0.5 * random.nextNormal()) }
        var cost = DenseMatrix(rows: n, columns: k)
        for i in 0..<n {
            let scores = centres.map { centre -> Double in
                let dx = points[i].0 - centre.0, dy = points[i].1 - centre.1
                return -(dx * dx + dy * dy) / temperature
            }
            let top = scores.max() ?? 0
            let logNormalizer = top + log(scores.reduce(0) { $0 + exp($1 - top) })
            for c in 0..<k { cost[i, c] = logNormalizer - scores[c] }  // -log p
        }
        let samplePoints = DenseMatrix(rows: n, columns: 2) { i, d in d == 0 ? points[i].0 : points[i].1 }
        let centrePoints = DenseMatrix(rows: k, columns: 2) { c, d in d == 0 ? centres[c].0 : centres[c].1 }
        return TransportProblem(
            source: Measure(weights: [Double](repeating: 1 / Double(n), count: n), points: samplePoints),
            target: Measure(weights: [Double](repeating: 1 / Double(k), count: k), points: centrePoints),
            cost: cost)
    }

    /// The parameters of the `self-labelling` generator (besides the seed).
    static let parameters: [ParameterDescriptor] = [
        ParameterDescriptor(name: "n", label: "samples", kind: .integer(default: 300, range: 1...100_000),
                            help: "Number of samples N (rows of the plan)."),
        ParameterDescriptor(name: "clusters", label: "clusters", kind: .integer(default: 4, range: 1...100),
                            help: "Number of clusters K (columns); the mixture's shares are 1, 1/2, ..., 1/K, normalized."),
        ParameterDescriptor(name: "temperature", label: "temperature", kind: .real(default: 4, range: 1e-3...1e3, logScale: true),
                            help: "Softmax temperature of the model's soft labels p = softmax(-|x - c|^2 / temperature)."),
    ]
}
