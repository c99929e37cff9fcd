import OTCore

/// The parameters the Gromov-Wasserstein solvers share, described once (POT 0.9.7 defaults).
public enum GromovParameters {
    public static func loss() -> ParameterDescriptor {
        ParameterDescriptor(
            name: "loss", label: "inner loss",
            kind: .choice(default: GromovLoss.Kind.square.rawValue, options: GromovLoss.Kind.allCases.map(\.rawValue)),
            help: "How two intra-space costs are compared: square_loss (C1 - C2)^2, or kl_loss C1 log(C1/C2) - C1 + C2 (POT's loss_fun).")
    }

    public static func alpha() -> ParameterDescriptor {
        ParameterDescriptor(
            name: "alpha", label: "structure weight", kind: .real(default: 0.5, range: 0...1, logScale: false),
            help: "Fused GW trade-off (POT's alpha): alpha x GW loss + (1 - alpha) x <M, T>. 1 is pure GW, 0 pure linear OT on M.")
    }

    /// The conditional-gradient solvers' relative stopping tolerance on the loss (POT's tol_rel).
    public static func relativeTolerance() -> ParameterDescriptor {
        ParameterDescriptor(
            name: "tol", label: "relative tolerance", kind: .real(default: 1e-9, range: 0...1, logScale: true),
            help: "Stop when the loss changes by less than this, relatively (POT's tol_rel).")
    }

    /// The conditional-gradient solvers' absolute stopping tolerance on the loss (POT's tol_abs).
    public static func absoluteTolerance() -> ParameterDescriptor {
        ParameterDescriptor(
            name: "tol-abs", label: "absolute tolerance", kind: .real(default: 1e-9, range: 0...1e6, logScale: true),
            help: "Stop when the loss changes by less than this (POT's tol_abs).")
    }

    public static func restarts() -> ParameterDescriptor {
        ParameterDescriptor(
            name: "restarts", label: "starts", kind: .integer(default: 1, range: 1...1000),
            help: "GW is non-convex: run this many starts (the first from the product coupling p q^T, the others from random couplings) and keep the one of least loss.")
    }

    public static func seed() -> ParameterDescriptor {
        ParameterDescriptor(
            name: "seed", label: "seed", kind: .integer(default: 0, range: 0...Int(Int32.max)),
            help: "Seed of the random starting couplings (--restarts above 1).")
    }
}

/// Starting couplings for the non-convex GW solvers.
enum GromovStart {
    /// The product coupling `p q^T` (POT's default `G0`).
    static func product(_ p: [Double], _ q: [Double]) -> DenseMatrix {
        DenseMatrix(rows: p.count, columns: q.count) { i, j in p[i] * q[j] }
    }

    /// A random coupling with marginals `p`, `q`: uniform(0.05, 1) entries (start `start` of `seed`)
    /// scaled to the marginals by matrix balancing (Sinkhorn-Knopp without a cost), so that the rows
    /// and columns sum to `p` and `q` to round-off.
    static func random(_ p: [Double], _ q: [Double], seed: Int, start: Int) -> DenseMatrix {
        var generator = StartGenerator(seed: UInt64(truncatingIfNeeded: seed) &* 0x9E37_79B9 &+ UInt64(start))
        let n = p.count, m = q.count
        var r = DenseMatrix(rows: n, columns: m) { _, _ in 0.05 + 0.95 * generator.nextUnit() }
        for _ in 0..<2000 {
            let rows = r.rowSums()
            for i in 0..<n {
                let s = rows[i] > 0 ? p[i] / rows[i] : 0
                for j in 0..<m { r[i, j] *= s }
            }
            let columns = r.columnSums()
            var error = 0.0
            for j in 0..<m {
                let s = columns[j] > 0 ? q[j] / columns[j] : 0
                for i in 0..<n { r[i, j] *= s }
            }
            let after = r.rowSums()
            for i in 0..<n { error += abs(after[i] - p[i]) }
            if error < 1e-14 { break }
        }
        return r
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): a small seeded generator for the random starts.
struct StartGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}
