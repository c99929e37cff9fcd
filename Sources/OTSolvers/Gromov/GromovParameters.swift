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
