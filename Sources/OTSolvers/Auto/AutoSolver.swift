import OTCore

/// `auto`: picks the method and its parameters from the problem (`AutoRules`), runs it, and may
/// switch mid-run. The records are the inner solver's (iterations counted across switches), with
/// `auto_stage` (0 for the first choice, +1 per switch) added to the extras; `choice` says what
/// runs and why, for the statistics pane and `--json` (`auto_choice`).
///
/// Plain scaling is over-relaxed once its rate has settled (two consecutive windows of
/// `AutoRules.rateSpan` iterations agree): `omega` from `AutoRules.overRelaxation(rate:)`, undone
/// if the error climbs (`AutoRules.relaxationBlowUp`). Said in `choice.reason`.
///
/// Switches, each warm-started:
/// - plain scaling (`sinkhorn`) or log-domain Sinkhorn whose marginal error falls too slowly, i.e.
///   whose projected remaining iterations (from the rate over the last
///   `AutoRules.projectionWindow` iterations) exceed `AutoRules.switchThreshold(for:)`, hands its
///   potentials (`reg log u`, `reg log v` for scalings) to
///   Sinkhorn-Newton-Sparse (Tang et al., ICLR 2024), whose Newton steps converge quadratically
///   from there;
/// - plain scaling that fails (the kernel underflows, the scalings overflow) restarts in the log
///   domain with `sns` (with epsilon scaling where C/reg is large, Schmitzer 2019).
public final class AutoSolver: TransportSolver {
    public static let descriptor = SolverDescriptor(
        name: "auto",
        title: "Automatic choice",
        summary: "Picks the method from the problem (C/reg, sizes, balance, tolerance): scaling where the kernel is safe, log-domain Newton (sns) where it is not, epsilon scaling with Newton stages at tiny reg; switches to Newton when Sinkhorn slows down. Says what it chose and why.",
        parameters: [
            CommonParameters.regularization(),
            CommonParameters.tolerance(),
            CommonParameters.maxIterations(default: 100_000),
            ParameterDescriptor(
                name: "reg-m", label: "marginal relaxation", kind: .real(default: 0, range: 0...1e9, logScale: false),
                help: "0 solves balanced OT (equal masses needed); a positive value solves KL-penalized unbalanced OT with this reg_m."),
        ],
        requiresEqualMass: false, acceptsImplicitCost: true,
        make: { problem, parameters in try AutoSolver(problem: problem, parameters: parameters) })

    public let problem: TransportProblem
    public let features: AutoRules.Features
    public private(set) var choice: SolverChoice?
    public private(set) var marginalError = Double.infinity
    /// Iterations done by the solvers before the current one.
    private var iterationOffset = 0
    private var inner: any TransportSolver
    private var innerMethod: String
    private var stage = 0
    /// Marginal errors of the current inner solver's recent iterations (for the projection).
    private var recentErrors: [Double] = []
    /// Whether plain scaling's rate has been measured for over-relaxation (once per run).
    private var relaxationDecided = false
    /// The smallest error since over-relaxation was set; nil when it is not in force.
    private var bestRelaxedError: Double?
    /// No projection before this iteration of the inner solver: over-relaxation, when set, first
    /// raises the error (the columns stop being exact) before it falls faster.
    private var projectionResumes = 0

    public var iteration: Int { iterationOffset + inner.iteration }

    public var interruption: StepInterruption? {
        didSet { inner.interruption = interruption }
    }

    public var extras: [SolverExtra] { inner.extras + [SolverExtra("auto_stage", Double(stage))] }

    public init(problem: TransportProblem, parameters: ParameterValues) throws {
        self.problem = problem
        let decision: AutoRules.Decision
        (features, decision) = try Self.firstDecision(problem: problem, parameters: parameters)
        inner = try Self.build(decision, problem: problem, start: nil)
        innerMethod = decision.method
        choice = SolverChoice(method: decision.method, reason: decision.reason)
    }

    /// What `auto` will run first on this problem and why, without building it (one pass over C,
    /// `CostExtremes`): for a stream header written before the solve starts.
    public static func initialChoice(problem: TransportProblem, parameters: ParameterValues) throws -> SolverChoice {
        let decision = try firstDecision(problem: problem, parameters: parameters).decision
        return SolverChoice(method: decision.method, reason: decision.reason)
    }

    /// The problem's features and the rules' first decision on them, from auto's parameters.
    private static func firstDecision(problem: TransportProblem, parameters: ParameterValues) throws
        -> (features: AutoRules.Features, decision: AutoRules.Decision) {
        let features = AutoRules.features(problem: problem, regularization: parameters.real("reg"), tolerance: parameters.real("tol"))
        return (features, try AutoRules.initialDecision(features, regM: parameters.real("reg-m")))
    }

    private static func build(_ decision: AutoRules.Decision, problem: TransportProblem, start: DualPotentials?) throws -> any TransportSolver {
        if decision.method == "sns" {
            return try SinkhornNewtonSparse(problem: problem, parameters: decision.parameters, start: start)
        }
        guard let descriptor = SolverRegistry.descriptor(named: decision.method) else {
            throw InputError("auto", nil, "no solver \(decision.method)")
        }
        return try descriptor.makeSolver(problem: problem, parameters: decision.parameters)
    }

    public func step() -> SolverStatus {
        let status = inner.step()
        marginalError = inner.marginalError
        switch status {
        case .running:
            if innerMethod == "sinkhorn", let sinkhorn = inner as? Sinkhorn { overRelax(sinkhorn) }
            guard let threshold = AutoRules.switchThreshold(for: innerMethod), let projected = projectedIterations() else { return .running }
            guard projected > threshold else { return .running }
            let why = "\(innerMethod) slowed down at iteration \(iteration) (\(AutoRules.short(projected)) more iterations projected to tol \(AutoRules.short(features.tolerance))); Newton from its potentials"
            return switchToNewton(warmStart: inner.potentials(), why: why,
                                  left: "\(innerMethod) until iteration \(iteration): \(AutoRules.short(projected)) more iterations projected")
        case .diverged(let reason) where innerMethod == "sinkhorn":
            let why = "C/reg reaches \(AutoRules.short(features.ratio)) and scaling failed at iteration \(iteration); log-domain Newton"
            return switchToNewton(warmStart: nil, why: why, left: "\(innerMethod) until iteration \(iteration): \(reason)")
        default:
            return status
        }
    }

    /// Sets plain scaling's over-relaxation once its rate has settled, and undoes it if the error
    /// climbs `AutoRules.relaxationBlowUp` times above its best since.
    private func overRelax(_ sinkhorn: Sinkhorn) {
        let error = inner.marginalError
        if let best = bestRelaxedError {
            bestRelaxedError = min(best, error)
            guard !(error <= AutoRules.relaxationBlowUp * best) else { return }
            sinkhorn.setOverRelaxation(1)
            bestRelaxedError = nil
            recentErrors = []
            projectionResumes = 0
            choice?.reason += "; over-relaxation undone at iteration \(iteration) (the error rose to \(AutoRules.short(error)))"
            return
        }
        // The rate over the last `span` iterations and over the `span` before: once they agree,
        // the iteration is in its asymptotic regime and the rate is the one omega is tuned for.
        let span = AutoRules.rateSpan
        guard !relaxationDecided, error.isFinite, error > 0, recentErrors.count >= 2 * span else { return }
        let older = recentErrors[recentErrors.count - 2 * span], middle = recentErrors[recentErrors.count - span]
        guard older.isFinite, older > 0, middle.isFinite, middle > 0 else { return }
        let rate = libmPow(error / middle, 1 / Double(span)), earlier = libmPow(middle / older, 1 / Double(span))
        guard abs(rate - earlier) <= AutoRules.rateAgreement * (1 - rate) else {
            if inner.iteration >= AutoRules.relaxationDeadline { relaxationDecided = true }
            return
        }
        relaxationDecided = true
        guard let omega = AutoRules.overRelaxation(rate: rate) else { return }
        sinkhorn.setOverRelaxation(omega)
        bestRelaxedError = error
        recentErrors = []
        projectionResumes = inner.iteration + 2 * AutoRules.projectionWindow
        choice?.reason += "; over-relaxed at iteration \(iteration), omega \(AutoRules.short(omega)) from its rate \(AutoRules.short(rate)) per iteration"
    }

    /// Projected iterations to the tolerance at the rate of the last window, nil while measuring.
    private func projectedIterations() -> Double? {
        let error = inner.marginalError
        guard error.isFinite, error > 0 else { return nil }
        recentErrors.append(error)
        let window = AutoRules.projectionWindow
        guard recentErrors.count > window, inner.iteration >= projectionResumes else { return nil }
        let first = recentErrors[recentErrors.count - 1 - window]
        if recentErrors.count > 4 * window { recentErrors.removeFirst(recentErrors.count - window - 1) }
        guard first.isFinite, first > 0 else { return nil }
        let rate = (error / first)
        guard rate < 1 else { return .infinity }
        let perIteration = libmLog(rate) / Double(window)
        return libmLog(features.tolerance / error) / perIteration
    }

    private func switchToNewton(warmStart: DualPotentials?, why: String, left: String) -> SolverStatus {
        let start = warmStart.flatMap { p in
            p.f.allSatisfy({ !$0.isNaN && $0 != .infinity }) && p.g.allSatisfy({ !$0.isNaN && $0 != .infinity }) ? p : nil
        }
        do {
            let decision = try AutoRules.newtonDecision(features, warmStart: start != nil, why: why)
            let next = try Self.build(decision, problem: problem, start: start)
            next.interruption = interruption
            iterationOffset += inner.iteration
            inner = next
            innerMethod = decision.method
            stage += 1
            recentErrors = []
            choice = SolverChoice(method: decision.method, reason: decision.reason, switches: (choice?.switches ?? []) + [left])
            return .running
        } catch {
            return .diverged(reason: "auto could not switch to Newton: \(error)")
        }
    }

    public func evaluate() -> SolverEvaluation { inner.evaluate() }
    public func plan() -> TransportPlan { inner.plan() }
    public func potentials() -> DualPotentials? { inner.potentials() }
    public func aggregatedPlan(maxRows: Int, maxColumns: Int) -> DenseMatrix {
        inner.aggregatedPlan(maxRows: maxRows, maxColumns: maxColumns)
    }
}
