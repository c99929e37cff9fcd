/// Epsilon scaling for the entropic solvers: the regularization starts large and is multiplied by a
/// decay factor stage after stage down to the target, each stage warm-started from the last one's
/// potentials.
///
/// A stage hands over when its marginal error drops below `max(tol, 1e-3 x reg / stage reg)` or
/// after `stageIterationLimit` iterations; the first stage uses `startFactor x reg`, capped at the
/// span of the costs (a larger reg gives an almost uniform plan and teaches nothing). Without
/// scaling the schedule holds the target from the start. These are the rules `sinkhorn-log` uses.
public struct EpsilonSchedule: Sendable, Equatable {
    /// The regularization the solve must converge at.
    public let target: Double
    /// The solver's tolerance on the marginal error (at the target regularization).
    public let tolerance: Double
    /// Factor applied to the regularization at each stage change, in (0, 1).
    public let decay: Double
    /// The most iterations spent in one intermediate stage.
    public let stageIterationLimit: Int
    /// The regularization of the current stage.
    public private(set) var current: Double
    /// Index of the current stage (0 for the first).
    public private(set) var stage = 0
    /// Iterations started in the current stage.
    public private(set) var stageIterations = 0

    /// A schedule from `startFactor x target` (capped at `costSpan`) down to `target`, or a fixed
    /// `target` when `enabled` is false.
    public init(
        target: Double, tolerance: Double, enabled: Bool, startFactor: Double, decay: Double,
        stageIterationLimit: Int, costSpan: Double
    ) {
        self.target = target
        self.tolerance = tolerance
        self.decay = decay
        self.stageIterationLimit = stageIterationLimit
        if enabled {
            let span = max(costSpan, target)
            current = max(target, min(target * startFactor, span))
        } else {
            current = target
        }
    }

    /// True while an intermediate (larger) regularization is in use.
    public var isIntermediate: Bool { current > target }

    /// The marginal error at which an intermediate stage hands over to the next.
    public var stageTolerance: Double { max(tolerance, 1e-3 * target / current) }

    /// Counts one more iteration in the current stage.
    public mutating func beginIteration() { stageIterations += 1 }

    /// True when an intermediate stage with this (exact) marginal error should hand over.
    public func shouldAdvance(marginalError: Double) -> Bool {
        isIntermediate && (marginalError < stageTolerance || stageIterations >= stageIterationLimit)
    }

    /// Moves to the next stage: the regularization shrinks by `decay`, never below the target.
    public mutating func advance() {
        stage += 1
        stageIterations = 0
        current = max(target, current * decay)
    }
}
