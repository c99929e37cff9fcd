import OTCore

/// Gating logits of a mixture-of-experts router, posed as a balanced token-to-expert routing
/// problem (Selective Sinkhorn Routing, 2025; Liu, Puigcerver & Blondel, "Sparsity-Constrained
/// Optimal Transport", 2022/ICLR 2023): `T` tokens (rows, uniform weights `1/T`) and `E` experts
/// (columns, uniform weights `1/E`: every expert should take the same share), cost `-logits`.
///
/// `logits[t][e] = skew * popularity[e] + z[t][e]` with `z` standard normal and each expert's
/// popularity standard normal: a few experts are favoured by every token, so the router's softmax
/// top-1 overloads them, which is the imbalance balanced routing removes. With the entropic
/// regularization `reg = 1` the Sinkhorn kernel `exp(logits)` is the router's own softmax kernel,
/// and Sinkhorn's first half-iteration (the row scaling) is exactly the softmax.
public enum GatingLogits {
    /// The `tokens x experts` logits reproducible from `seed`: the popularities first, then the
    /// token scores row by row.
    public static func logits(tokens: Int, experts: Int, skew: Double, seed: Int) -> DenseMatrix {
        let t = max(1, tokens), e = max(1, experts)
        var random = SeededRandom(seed: seed)
        let popularity = (0..<e).map { _ in random.nextNormal() }
        var logits = DenseMatrix(rows: t, columns: e)
        for i in 0..<t {
            for j in 0..<e { logits[i, j] = skew * popularity[j] + random.nextNormal() }
        }
        return logits
    }

    /// The routing problem: cost `-logits`, tokens `1/T`, experts `1/E`.
    public static func problem(tokens: Int, experts: Int, skew: Double, seed: Int) -> TransportProblem {
        let logits = logits(tokens: tokens, experts: experts, skew: skew, seed: seed)
        let cost = DenseMatrix(rows: logits.rows, columns: logits.columns, storage: logits.storage.map { -$0 })
        return TransportProblem(
            source: Measure(weights: [Double](repeating: 1 / Double(logits.rows), count: logits.rows)),
            target: Measure(weights: [Double](repeating: 1 / Double(logits.columns), count: logits.columns)),
            cost: cost)
    }

    /// The parameters of the `gating-logits` generator (besides the seed).
    static let parameters: [ParameterDescriptor] = [
        ParameterDescriptor(name: "n", label: "tokens", kind: .integer(default: 256, range: 1...100_000),
                            help: "Number of tokens T (rows of the plan)."),
        ParameterDescriptor(name: "experts", label: "experts", kind: .integer(default: 8, range: 1...1_000),
                            help: "Number of experts E (columns of the plan)."),
        ParameterDescriptor(name: "skew", label: "expert skew", kind: .real(default: 1, range: 0...100, logScale: false),
                            help: "How strongly some experts are favoured by every token; 0 gives exchangeable experts."),
    ]
}
