import Foundation
import OTCore

/// Two interleaving half circles in 2-D (the "moons" of scikit-learn's `make_moons`), with
/// gaussian noise, as a point cloud with uniform weights: a classic non-convex shape on which
/// OT plans and barycentric maps are easy to see.
public enum Moons {
    /// `count` points, the first half on the upper moon (centre (0, 0), radius 1), the rest on the
    /// lower moon (centre (1, 0.5)), angles evenly spaced, each coordinate moved by `noise` times
    /// a standard normal drawn from `seed`.
    public static func sample(count: Int, noise: Double, seed: Int) -> Measure {
        var random = SeededRandom(seed: seed)
        let n = max(0, count)
        let upper = (n + 1) / 2, lower = n - upper
        var storage = [Double](repeating: 0, count: 2 * n)
        for i in 0..<n {
            let onUpper = i < upper
            let k = onUpper ? i : i - upper
            let steps = max(1, (onUpper ? upper : lower) - 1)
            let angle = Double.pi * Double(k) / Double(steps)
            let x = onUpper ? cos(angle) : 1 - cos(angle)
            let y = onUpper ? sin(angle) : 0.5 - sin(angle)
            storage[2 * i] = x + noise * random.nextNormal()
            storage[2 * i + 1] = y + noise * random.nextNormal()
        }
        return Measure.uniform(points: DenseMatrix(rows: n, columns: 2, storage: storage))
    }
}
