import OTCore

/// The decision rules of the `auto` solver: which method, with which parameters, solves a linear
/// entropic OT problem to its tolerance soonest, read from the problem alone (sizes, the ratio of
/// the cost spread to reg, balanced or not, the tolerance asked). The thresholds were measured on
/// the problems of the time-to-solution suite (docs/solvers.md, section `auto`).
///
/// - Where plain scaling can run (`Features.scalingFeasible`: no kernel row or column underflows,
///   `C/reg` at most `scalingRatioLimit`), plain scaling (`sinkhorn`, Cuturi 2013), the cheapest
///   iteration, goes first; `AutoSolver` hands over to Newton when its projected remaining
///   iterations pass `switchIterations`, or when it fails.
/// - Tolerances below `tightTolerance` at `C/reg` above `newtonRatio`: Sinkhorn-Newton-Sparse
///   (Tang et al., ICLR 2024), which needs tens of Newton steps where Sinkhorn needs thousands of
///   iterations.
/// - Where scaling cannot run and the tolerance is loose: log-domain Sinkhorn, handing over to
///   Newton as plain scaling does.
/// - Plain scaling is over-relaxed once its rate has settled (`overRelaxation(rate:)`). Log-domain
///   over-relaxation and Anderson acceleration are not picked: on this machine their iterations
///   (max-shifted log-domain passes) cost more than the iterations they save (docs/solvers.md).
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
        /// The largest over rows and columns of the smallest cost in it: beyond about 700 x reg
        /// a whole row (or column) of exp(-C/reg) underflows and scaling cannot start.
        public var nearestCost: Double
        /// The largest `C/reg` the kernel meets.
        public var ratio: Double { costSpread / regularization }
        /// True when plain scaling can run: no kernel row or column underflows and the potentials'
        /// spread stays far inside the range of exp (scalings up to exp(1500) fail, and are caught).
        public var scalingFeasible: Bool {
            nearestCost / regularization <= AutoRules.nearestRatioLimit && ratio <= AutoRules.scalingRatioLimit
        }
    }

    /// Plain scaling needs every kernel row and column to keep an entry: its smallest cost over reg
    /// at most this (exp(-600) = 2.6e-261).
    public static let nearestRatioLimit = 600.0
    /// Plain scaling while `C/reg` is at most this; the 1-D histograms (C/reg 1e3) and the images
    /// (C/reg 1.2e3) of the suite run it 14x and 5x faster than log-domain Newton to 1e-6.
    public static let scalingRatioLimit = 2000.0
    /// Below this tolerance, and with `C/reg` above `newtonRatio`, Newton from the start (after its
    /// log-domain warm-up): the assignment problem (C/reg 1.2e3, tol 1e-9) takes 0.12 s with sns
    /// and 20354 log-domain iterations (22 s) without; clouds at C/reg 1e3 to 1e-9 4.7 s against
    /// 9.0 s of plain scaling; the assignment problem to 1e-7: 0.1 s against 11 s of scaling,
    /// whose early iterations fall fast enough to hide how slow it becomes (switching by projection
    /// happened only at iteration 1164, 1.5 s).
    public static let tightTolerance = 1e-6
    public static let newtonRatio = 500.0
    /// Epsilon scaling with Newton stages beyond this `C/reg`.
    public static let scaledNewtonRatio = 1e4
    /// Exact OT beyond this `C/reg`.
    public static let exactRatio = 1e12
    /// Plain scaling hands over to Newton once its projected remaining iterations exceed this: a
    /// Newton step of `sns` costs 100 to 300 scaling iterations at n = 1000 (more for the wide
    /// bands of smooth 2-D plans), and it takes 8 to 16 of them.
    public static let switchIterations = 3000.0
    /// The same for log-domain Sinkhorn, whose iteration costs about 5 scaling iterations.
    public static let logSwitchIterations = 600.0

    /// The hand-over threshold of a method, nil for the ones that are not switched.
    public static func switchThreshold(for method: String) -> Double? {
        switch method {
        case "sinkhorn": switchIterations
        case "sinkhorn-log": logSwitchIterations
        default: nil
        }
    }
    /// Over-relaxation of plain scaling from its measured rate `theta` (the marginal error's ratio
    /// per iteration): `omega = 2 / (1 + sqrt(1 - theta))`, the factor that minimizes the local
    /// rate of over-relaxed Sinkhorn (Lehmann, von Renesse, Sambale and Uschmajew 2021), capped at
    /// `maximumOverRelaxation`; nil where scaling already converges fast (`theta` below
    /// `relaxedRate`). The rate is measured over the first `projectionWindow` iterations, whose
    /// errors fall faster than the asymptotic rate: the estimate errs towards a smaller, safe omega.
    public static func overRelaxation(rate theta: Double) -> Double? {
        guard theta.isFinite, theta >= relaxedRate, theta < 1 else { return nil }
        return min(2 / (1 + (1 - theta).squareRoot()), maximumOverRelaxation)
    }
    /// The rate is measured over this many iterations, and compared with the rate over the same
    /// number before: they must agree to `rateAgreement` of `1 - rate` (the clouds of the suite at
    /// reg 2e-3 settle near iteration 40 at rate 0.98-0.99; before, the rate is 0.95). Iterations of
    /// auto on the suite's clouds at reg 0.01 and 2e-3, histograms and images: span 10: 50, 107,
    /// 63, 134; span 8: 46, 103, 60, 128; span 6: 41, 99, 54, 125; span 5: 45, 288 (relaxed before
    /// the rate settled), 54, 124. 8 keeps a margin from that cliff.
    public static let rateSpan = 8
    public static let rateAgreement = 0.1
    /// Plain scaling whose rate has not settled by this iteration stays plain.
    public static let relaxationDeadline = 400
    /// Scaling whose error falls by more than half per iteration is left plain.
    public static let relaxedRate = 0.5
    public static let maximumOverRelaxation = 1.9
    /// Over-relaxation is undone when the error climbs this far above the best since it was set.
    /// The first relaxed updates overshoot (the columns stop being exact): on the 1-D histograms
    /// the error rose from 0.83 to 9.6 before falling at the relaxed rate, so 10 undid a good
    /// relaxation (258 iterations instead of 54).
    public static let relaxationBlowUp = 100.0

    /// Iterations measured before projecting (the first ones fall faster than the asymptotic rate).
    public static let projectionWindow = 20

    /// The features of a problem, its cost read once (`CostExtremes`: smallest, largest and the
    /// nearest-cost extremes in one SIMD pass over both cores).
    public static func features(problem: TransportProblem, regularization: Double, tolerance: Double) -> Features {
        let implicit = problem.hasImplicitCost
        let extremes = implicit ? nil : CostExtremes(of: problem.cost)
        let shift = extremes.map { min(0, $0.minimum) } ?? 0
        let spread = extremes.map { max($0.maximum - shift, 0) } ?? 0
        let nearest = extremes.map { max(max($0.largestRowMinimum, $0.largestColumnMinimum) - shift, 0) } ?? 0
        let ma = problem.source.totalMass, mb = problem.target.totalMass
        return Features(
            rows: problem.sourceCount, columns: problem.targetCount, costSpread: spread,
            regularization: regularization, tolerance: tolerance,
            balanced: abs(ma - mb) <= 1e-9 * max(ma, mb), implicitCost: implicit,
            nearestCost: nearest)
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
        if tol < tightTolerance && features.ratio > newtonRatio {
            let why = features.scalingFeasible ? "Sinkhorn would need thousands of iterations" : "exp(-C/reg) underflows"
            return try decision("sns", reg: reg, tol: tol, extra: [],
                                reason: "\(ratioText), tol \(short(tol)): \(why); log-domain warm-up then Newton")
        }
        if features.scalingFeasible {
            return try decision("sinkhorn", reg: reg, tol: tol, extra: [],
                                reason: "\(ratioText): the kernel is safe, scaling is the cheapest iteration (Newton if it slows), tol \(short(tol))")
        }
        return try decision("sinkhorn-log", reg: reg, tol: tol, extra: [],
                            reason: "\(ratioText): exp(-C/reg) underflows; log-domain Sinkhorn (Newton if it slows), tol \(short(tol))")
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
