import Foundation
import OTCore

/// Concentric circles in 2-D with gaussian radial noise, as a point cloud with uniform weights.
public enum Rings {
    /// `count` points dealt in turn to `rings` circles centred at the origin with radii 1, 2, ...,
    /// at angles uniform in [0, 2 pi) and radii moved by `noise` times a standard normal, from `seed`.
    public static func sample(count: Int, rings: Int, noise: Double, seed: Int) -> Measure {
        var random = SeededRandom(seed: seed)
        let n = max(0, count), ringCount = max(1, rings)
        var storage = [Double](repeating: 0, count: 2 * n)
        for i in 0..<n {
            let radius = Double(i % ringCount + 1) + noise * random.nextNormal()
            let angle = 2 * Double.pi * random.nextUniform()
            storage[2 * i] = radius * cos(angle)
            storage[2 * i + 1] = radius * sin(angle)
        }
        return Measure.uniform(points: DenseMatrix(rows: n, columns: 2, storage: storage))
    }
}
