import OTCore

/// A random square score matrix set up for the `doubly-stochastic` solver: scores
/// `S[i][j] = scale * z` with `z` standard normal (like attention logits before a softmax), posed
/// as the problem the solver expects, cost `-S` and unit weights on both sides (the same problem
/// `otlab solve --scores S.npy` builds from a file).
public enum RandomScores {
    /// The `size x size` problem reproducible from `seed`; scores are drawn row by row.
    public static func problem(size: Int, scale: Double, seed: Int) -> TransportProblem {
        let n = max(1, size)
        var random = SeededRandom(seed: seed)
        var cost = DenseMatrix(rows: n, columns: n)
        for k in 0..<(n * n) { cost.storage[k] = -scale * random.nextNormal() }
        let ones = Measure(weights: [Double](repeating: 1, count: n))
        return TransportProblem(source: ones, target: ones, cost: cost)
    }

    /// The parameters of the `random-scores` generator (besides the seed).
    static let parameters: [ParameterDescriptor] = [
        ParameterDescriptor(name: "n", label: "size", kind: .integer(default: 64, range: 1...4000),
                            help: "Number of rows and columns of the square score matrix."),
        ParameterDescriptor(name: "scale", label: "score scale", kind: .real(default: 1, range: 1e-6...1e6, logScale: true),
                            help: "Standard deviation of the scores; larger scores give a sharper, more permutation-like normalization."),
    ]
}
