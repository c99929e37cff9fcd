import OTCore
import OTSolvers

/// Watches a run's marginal error for the two kinds of trouble a solver cannot see in one step:
/// a residual that stopped being a number, and a residual that stopped falling.
///
/// A solver reports NaN, overflow and underflow it can name (with its own cure); this is the
/// runner's safety net for any solver. A stall is only a warning: the run goes on to its `tol` or
/// `max-iter`, but the statistics pane, the status line and `--json` say that the error has not
/// improved and what usually helps.
public struct ProgressMonitor: Sendable {
    /// The error must fall below this fraction of its best value within the window to count as progress.
    public static let improvementFactor = 0.99
    /// Iterations without progress before a stall is reported; the window grows with the run (half
    /// of the iterations so far) so that slow, steady convergence is not called a stall.
    public static let minimumWindow = 500

    /// The error at the last iteration where it fell by the factor, and that iteration.
    private var reference = Double.infinity
    private var referenceIteration = 0
    /// The smallest marginal error seen (for the message).
    private var best = Double.infinity
    private let tolerance: Double?
    private let solverName: String

    public init(solverName: String, tolerance: Double?) {
        self.solverName = solverName
        self.tolerance = tolerance
    }

    /// A divergence reason when the residual is NaN, nil otherwise. (An infinite residual is how
    /// some solvers say "not measured yet" on their first steps, so it is not a failure here.)
    public func failure(marginalError: Double, iteration: Int) -> String? {
        guard marginalError.isNaN else { return nil }
        let logDomain = ["sinkhorn-log", "sns", "unbalanced", "divergence", "sinkhorn-online"].contains(solverName)
        return "the marginal error became NaN at iteration \(iteration): the iterates overflowed or lost all mass; " +
            (logDomain ? "use a larger reg, or check the weights and the cost for huge values (\(solverName) already works in the log domain)"
                : "use a larger reg, a log-domain solver (sinkhorn-log), or check the weights and the cost for huge values")
    }

    /// A divergence reason when a finished run's cost `<P, C>` or objective is not a finite number.
    public static func failure(cost: Double, objective: Double, iteration: Int) -> String? {
        let (name, value) = !cost.isFinite ? ("cost <P, C>", cost) : ("objective", objective)
        guard !value.isFinite else { return nil }
        return "the \(name) is \(value) at iteration \(iteration): the sum over the plan overflowed doubles (costs near the limit of doubles); rescale the costs (or the coordinates)"
    }

    /// Records one iteration; returns a warning while the error has not improved for a whole window.
    public mutating func observe(marginalError: Double, iteration: Int) -> String? {
        guard marginalError.isFinite else { return nil }
        best = min(best, marginalError)
        if marginalError < reference * Self.improvementFactor {
            reference = marginalError
            referenceIteration = iteration
            return nil
        }
        // Only solvers that run to a tolerance can stall; exact ones finish by construction.
        guard let tolerance, marginalError > tolerance else { return nil }
        let window = max(Self.minimumWindow, iteration / 2)
        let idle = iteration - referenceIteration
        guard idle >= window else { return nil }
        return "stalled: the marginal error has stayed near \(ParameterValue.formatShort(best)) (tol \(ParameterValue.formatShort(tolerance))) for \(idle) iterations; " +
            Self.cure(solverName: solverName)
    }

    /// What usually helps a stalled solver of this family.
    static func cure(solverName: String) -> String {
        switch solverName {
        case "sinkhorn", "sinkhorn-log", "greenkhorn", "sinkhorn-online", "mirror-sinkhorn":
            "at this reg convergence is slow or limited by rounding: raise tol to the error reached, use a larger reg, epsilon scaling, or sns"
        case "quadratic", "topk":
            "L-BFGS has reached the precision double arithmetic allows here: raise tol, or raise reg"
        default:
            "the residual is limited by rounding or by the problem's conditioning: raise tol to the error reached, or use a larger reg"
        }
    }
}
