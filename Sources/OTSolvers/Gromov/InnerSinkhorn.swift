import OTCore

/// Entropic OT as the inner solve of another method (the mirror-descent steps of entropic
/// Gromov-Wasserstein): runs Sinkhorn on a cost to its stop and hands back the dense plan.
///
/// Plain Sinkhorn (Cuturi 2013, the scalings of `K = exp(-C/reg)`, what POT's
/// `entropic_gromov_wasserstein` calls) is used where it is safe, and the log-domain iterations
/// (`SinkhornLog`, Schmitzer 2019 "Stabilized sparse scaling algorithms for entropy regularized
/// transport problems") where it is not: the cost is first shifted by its minimum (the plan does not
/// change: the scalings absorb the constant factor `exp(min C / reg)`), and when the shifted cost
/// still spans more than `plainLimit x reg`, entries of `K` fall below `exp(-700)` (near the
/// smallest double) and the scalings that compensate them approach overflow, so the log domain is
/// used from the start; if plain Sinkhorn diverges anyway (a kernel row underflowed, a scaling
/// overflowed), the same solve is rerun in the log domain. Both stop on the same rule (L1 marginal
/// error below `tol`, at most `max-iter` sweeps).
///
/// Warm start: given the column potential `g = reg log v` of the previous solve, the iterations start
/// from it instead of from `v = 1` (POT's `warmstart=True`; Peyré, Cuturi & Solomon 2016 warm-start
/// the same way). The shift of the cost goes into the row potential, which the first sweep
/// recomputes from `g`, so `g` carries over between costs with different minima.
enum InnerSinkhorn {
    /// The span of `C / reg` beyond which the plain kernel is not trusted.
    static let plainLimit = 700.0

    struct Solution {
        var plan: DenseMatrix
        /// Sweeps of the solve that produced the plan.
        var iterations: Int
        /// True when the plan came from the log-domain iterations.
        var logDomain: Bool
        /// The column potential `g` of the plan (for the next solve's warm start).
        var columnPotential: [Double]
    }

    /// Parameters of the two inner solvers for a regularization, tolerance and sweep limit.
    struct Parameters {
        var plain: ParameterValues
        var log: ParameterValues
        var regularization: Double
        var maxIterations: Int

        init(regularization: Double, tolerance: Double, maxIterations: Int) throws {
            plain = Sinkhorn.descriptor.defaults
            log = SinkhornLog.descriptor.defaults
            for index in 0..<2 {
                var values = index == 0 ? plain : log
                try values.set("reg", .real(regularization))
                try values.set("tol", .real(tolerance))
                try values.set("max-iter", .integer(maxIterations))
                if index == 0 { plain = values } else { log = values }
            }
            self.regularization = regularization
            self.maxIterations = maxIterations
        }
    }

    /// The entropic plan between `a` and `b` on `cost`, or the reason neither iteration reached one.
    static func solve(a: [Double], b: [Double], cost: DenseMatrix, parameters: Parameters,
                      warmStart: [Double]? = nil) -> Result<Solution, InputError> {
        let low = cost.minimum, span = cost.maximum - low
        var shifted = cost
        if low.isFinite && low != 0 {
            shifted.storage.withUnsafeMutableBufferPointer { c in
                for index in c.indices { c[index] -= low }
            }
        }
        let problem = TransportProblem(source: Measure(weights: a), target: Measure(weights: b), cost: shifted)
        if span / parameters.regularization <= plainLimit {
            switch run(problem: problem, logDomain: false, parameters: parameters, warmStart: warmStart) {
            case .success(let solution): return .success(solution)
            case .failure: break
            }
        }
        return run(problem: problem, logDomain: true, parameters: parameters, warmStart: warmStart)
    }

    private static func run(problem: TransportProblem, logDomain: Bool, parameters: Parameters, warmStart: [Double]?) -> Result<Solution, InputError> {
        let solver: any TransportSolver
        let reg = parameters.regularization
        // A usable warm start: no NaN or +inf, and in the plain domain exp(g / reg) in range.
        let start = warmStart.flatMap { g -> [Double]? in
            guard g.count == problem.targetCount, g.allSatisfy({ !$0.isNaN && $0 != .infinity }) else { return nil }
            if !logDomain && g.contains(where: { $0.isFinite && abs($0) / reg > plainLimit }) { return nil }
            return g
        }
        do {
            if logDomain {
                let log = try SinkhornLog(problem: problem, parameters: parameters.log)
                if let start { log.warmStart(columnPotential: start) }
                solver = log
            } else {
                let plain = try Sinkhorn(problem: problem, parameters: parameters.plain)
                if let start { plain.warmStart(columnScaling: start.map { libmExp($0 / reg) }) }
                solver = plain
            }
        } catch let error as InputError {
            return .failure(error)
        } catch {
            return .failure(InputError("sinkhorn", nil, "\(error)"))
        }
        var status = SolverStatus.running
        while status == .running {
            status = solver.step()
            if status == .running && solver.iteration >= parameters.maxIterations { status = .maxIterations }
        }
        if let reason = status.reason { return .failure(InputError(logDomain ? "sinkhorn-log" : "sinkhorn", nil, reason)) }
        guard case .dense(let plan) = solver.plan() else { return .failure(InputError("sinkhorn", nil, "no dense plan")) }
        guard plan.isFinite else { return .failure(InputError("sinkhorn", nil, "the plan is not finite")) }
        let g = solver.potentials()?.g ?? []
        return .success(Solution(plan: plan, iterations: solver.iteration, logDomain: logDomain, columnPotential: g))
    }
}
