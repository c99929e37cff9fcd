import OTCore

/// The decision rules of the `auto` solver: which method, with which parameters, solves a linear
/// entropic OT problem to its tolerance soonest, read from the problem alone (sizes, the ratio of
/// the cost spread to reg, balanced or not, the tolerance asked). The thresholds were measured on
/// the problems of the time-to-solution suite (docs/solvers.md, section `auto`).
///
/// - `C/reg` (cost spread over reg) at most `scalingSafeRatio`: the kernel exp(-C/reg) and the
///   scalings stay far inside the range of doubles, so plain scaling (`sinkhorn`, Cuturi 2013), the
///   cheapest iteration, goes first; `AutoSolver` hands over to Newton when its projected remaining
///   iterations pass `switchIterations`.
/// - Beyond it the kernel underflows: the log domain. Sinkhorn-Newton-Sparse (Tang et al., ICLR
///   2024) warmed up by log-domain Sinkhorn needs tens of Newton steps where Sinkhorn needs
///   thousands of iterations at such C/reg.
/// - Beyond `scaledNewtonRatio`, epsilon scaling with Newton stages that end on a tolerance
///   (Schmitzer 2019's annealing; `sns` with `epsilon-scaling`): from a cold start even Newton
///   wanders at such C/reg.
/// - Beyond `exactRatio` the entropic plan is the exact plan to double precision (the potentials'
///   rounding exceeds reg): exact OT by the network simplex (`emd`).
/// - Unequal masses with `reg-m` > 0: unbalanced Sinkhorn (KL penalties); a cost matrix too large to
///   form: the tiled log-domain Sinkhorn (`sinkhorn-online`).
public enum AutoRules {
    /// What the rules read from a problem.
    public struct Features: Sendable, Equatable {
        public var rows: Int
        public var columns: Int
        /// `max C - min(0, min C)`: the range the potentials and the exponent of the kernel span.
        public var costSpread: Double
        public var regularization: Double
        public var tolerance: Double
        public var balanced: Bool
        public var implicitCost: Bool
        /// The largest `C/reg` the kernel meets.
        public var ratio: Double { costSpread / regularization }
    }

    /// Plain scaling while `C/reg` is at most this (exp(-500) = 7e-218: K and the scalings stay normal).
    public static let scalingSafeRatio = 500.0
    /// Epsilon scaling with Newton stages beyond this `C/reg`.
    public static let scaledNewtonRatio = 1e4
    /// Exact OT beyond this `C/reg`.
    public static let exactRatio = 1e12
    /// Sinkhorn hands over to Newton once its projected remaining iterations exceed this.
    public static let switchIterations = 400.0
    /// Iterations measured before projecting (the first ones fall faster than the asymptotic rate).
    public static let projectionWindow = 20

    public static func features(problem: TransportProblem, regularization: Double, tolerance: Double) -> Features {
        let implicit = problem.hasImplicitCost
        let spread = implicit ? 0 : max(problem.cost.maximum - min(0, problem.cost.minimum), 0)
        let ma = problem.source.totalMass, mb = problem.target.totalMass
        return Features(
            rows: problem.sourceCount, columns: problem.targetCount, costSpread: spread,
            regularization: regularization, tolerance: tolerance,
            balanced: abs(ma - mb) <= 1e-9 * max(ma, mb), implicitCost: implicit)
    }

    /// One decision: the method, its parameters and the reason in words.
    public struct Decision: Sendable {
        public var method: String
        public var parameters: ParameterValues
        public var reason: String
    }

    static func short(_ x: Double) -> String { ParameterValue.formatShort(x) }

    /// The first method for a problem with these features. `regM` > 0 allows unequal masses
    /// (unbalanced OT); throws `InputError` for unequal masses without it.
    public static func initialDecision(_ features: Features, regM: Double) throws -> Decision {
        let reg = features.regularization, tol = features.tolerance
        let ratioText = "C/reg reaches \(short(features.ratio))"
        if !features.balanced || regM > 0 {
            guard regM > 0 else {
                throw InputError(
                    "problem", nil,
                    "auto solves balanced OT here but the masses differ; normalize the weights (--normalize), give --reg-m for unbalanced OT, or use the partial solver")
            }
            return try decision("unbalanced", reg: reg, tol: tol, extra: [("reg-m", .real(regM))],
                                reason: "reg-m \(short(regM)) given: KL-penalized unbalanced Sinkhorn (log domain)")
        }
        if features.implicitCost {
            return try decision("sinkhorn-online", reg: reg, tol: tol, extra: [],
                                reason: "the \(features.rows) x \(features.columns) cost matrix is too large to form: tiled log-domain Sinkhorn")
        }
        if features.ratio > exactRatio {
            return try decision("emd", reg: nil, tol: nil, extra: [],
                                reason: "\(ratioText): reg is below the rounding of the potentials, the entropic plan is the exact one; network simplex")
        }
        if features.ratio > scaledNewtonRatio {
            return try decision("sns", reg: reg, tol: tol, extra: [("epsilon-scaling", .flag(true)), ("scaling-start", .real(1e9))],
                                reason: "\(ratioText): epsilon scaling down from the cost spread, each stage ended by Newton steps, tol \(short(tol))")
        }
        if features.ratio > scalingSafeRatio {
            return try decision("sns", reg: reg, tol: tol, extra: [],
                                reason: "\(ratioText): exp(-C/reg) underflows; log-domain warm-up then Newton, tol \(short(tol))")
        }
        return try decision("sinkhorn", reg: reg, tol: tol, extra: [],
                            reason: "\(ratioText): the kernel is safe, scaling is the cheapest iteration (Newton if it slows), tol \(short(tol))")
    }

    /// The hand-over from a scaling method that slowed down or failed: Newton from its potentials
    /// (`start` in `AutoSolver`), with epsilon scaling when C/reg is large and there is no start.
    public static func newtonDecision(_ features: Features, warmStart: Bool, why: String) throws -> Decision {
        let scaled = !warmStart && features.ratio > scaledNewtonRatio
        let extra: [(String, ParameterValue)] = scaled ? [("epsilon-scaling", .flag(true)), ("scaling-start", .real(1e9))] : []
        return try decision("sns", reg: features.regularization, tol: features.tolerance, extra: extra, reason: why)
    }

    static func decision(_ method: String, reg: Double?, tol: Double?, extra: [(String, ParameterValue)], reason: String) throws -> Decision {
        guard let descriptor = SolverRegistry.descriptor(named: method) else {
            throw InputError("auto", nil, "no solver \(method)")
        }
        var values = descriptor.defaults
        if let reg { try values.set("reg", .real(reg)) }
        if let tol { try values.set("tol", .real(tol)) }
        if values.has("max-iter") { try values.set("max-iter", .integer(100_000_000)) }
        for (name, value) in extra { try values.set(name, value) }
        return Decision(method: method, parameters: values, reason: reason)
    }
}
