import OTCore
import OTSolvers

/// The Monge gap of one map (see `MongeGap`) with the two costs it is the difference of.
public struct MongeGapResult: Sendable, Equatable {
    public var method: MongeGap.Method
    public var groundCost: GroundCost
    /// Number of paired points and their dimension.
    public var count: Int
    public var dimension: Int
    /// `∫ c(x, T(x)) dμ`: the cost of moving μ along the map (weights normalized to 1).
    public var transportCost: Double
    /// `W_c(μ, T#μ)`: the exact optimal cost, or the entropic objective `<P,C> + reg KL(P | μ ⊗ T#μ)`.
    public var wasserstein: Double
    /// `<P, C>` of the plan found (equal to `wasserstein` for the exact method).
    public var planCost: Double
    public var status: SolverStatus
    public var iterations: Int
    /// Marginal error of the plan found.
    public var marginalError: Double

    /// `M(T) = transportCost − wasserstein`.
    public var mongeGap: Double { transportCost - wasserstein }

    /// The gap relative to the transport cost, in [0, 1] for the exact method (0 for an optimal map,
    /// near 1 when almost all of the motion is wasted); nil when the map moves nothing.
    public var relativeGap: Double? { transportCost > 0 ? mongeGap / transportCost : nil }
}
