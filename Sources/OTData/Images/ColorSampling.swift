import OTCore

/// Seeded samples of a picture's colours: each pixel a point in RGB space, [0, 1] per axis (the
/// colour distribution of DESIGN.md "Inputs", for colour transfer).
public enum ColorSampling {
    /// The largest sample count accepted: the cost matrix and a dense plan take samples^2 doubles
    /// each (128 MB apiece at 4,000).
    public static let maximumSamples = 4_000

    /// The sampled colour clouds of two pictures as a transport problem in RGB space: uniform
    /// weights, squared Euclidean cost. The target is sampled with seed + 1, so that two pictures of
    /// the same size do not pick the same pixel positions.
    public static func problem(source: RGBImage, target: RGBImage, samples: Int, seed: Int) -> TransportProblem {
        TransportProblem(source: .uniform(points: sample(source, count: samples, seed: seed)),
                         target: .uniform(points: sample(target, count: samples, seed: seed &+ 1)),
                         groundCost: .sqeuclidean)
    }

    /// `count` distinct pixels of `image` drawn without replacement (every pixel when the picture
    /// has no more than `count`), as an `n x 3` matrix of colours. The same seed gives the same sample.
    public static func sample(_ image: RGBImage, count: Int, seed: Int) -> DenseMatrix {
        let pixels = image.pixelCount
        var chosen = Array(0..<pixels)
        if count < pixels {
            // A partial Fisher-Yates shuffle: the first `count` entries are a uniform sample.
            var random = SeededRandom(seed: seed)
            for k in 0..<count {
                let pick = k + Int(random.nextUInt64() % UInt64(pixels - k))
                chosen.swapAt(k, pick)
            }
            chosen.removeLast(pixels - count)
        }
        var storage = [Double](repeating: 0, count: 3 * chosen.count)
        for (row, pixel) in chosen.enumerated() {
            for c in 0..<3 { storage[3 * row + c] = image.channels[3 * pixel + c] }
        }
        return DenseMatrix(rows: chosen.count, columns: 3, storage: storage)
    }
}
