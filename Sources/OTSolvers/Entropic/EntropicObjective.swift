import OTCore

/// The entropic OT objective and its dual, shared by the Sinkhorn family.
///
/// Primal: `<P, C> + reg KL(P | a b^T)` with the generalized KL (`sum P log(P/ab) - P + ab`), which
/// equals POT's `sinkhorn` loss for balanced problems. For plans of the form
/// `P_ij = exp((f_i + g_j - C_ij) / reg)` both reduce to sums over the marginals, so neither needs
/// a second pass over the matrix.
enum EntropicObjective {
    /// Primal objective from the plan's marginals `r`, `c`, cost `<P,C>` and log-potentials `f`, `g`
    /// (in cost units; `f_i = reg log u_i` for scalings).
    static func primal(
        statistics s: PlanStatistics, f: [Double], g: [Double], a: [Double], b: [Double], regularization reg: Double
    ) -> Double {
        // cost + reg * KL = sum_i r_i (f_i - reg log a_i) + sum_j c_j (g_j - reg log b_j) - reg (mass - |a||b|)
        var total = 0.0
        for i in 0..<a.count where s.rowSums[i] > 0 { total += s.rowSums[i] * (f[i] - reg * libmLog(a[i])) }
        for j in 0..<b.count where s.columnSums[j] > 0 { total += s.columnSums[j] * (g[j] - reg * libmLog(b[j])) }
        return total - reg * (s.mass - Kernels.sum(a) * Kernels.sum(b))
    }

    /// Dual objective `<f', a> + <g', b> - reg (mass(P) - |a||b|)` with `f' = f - reg log a`.
    static func dual(
        statistics s: PlanStatistics, f: [Double], g: [Double], a: [Double], b: [Double], regularization reg: Double
    ) -> Double {
        var total = 0.0
        for i in 0..<a.count where a[i] > 0 { total += a[i] * (f[i] - reg * libmLog(a[i])) }
        for j in 0..<b.count where b[j] > 0 { total += b[j] * (g[j] - reg * libmLog(b[j])) }
        return total - reg * (s.mass - Kernels.sum(a) * Kernels.sum(b))
    }

    /// The evaluation record for an entropic plan.
    static func evaluation(
        statistics s: PlanStatistics, f: [Double], g: [Double], a: [Double], b: [Double], regularization reg: Double
    ) -> SolverEvaluation {
        SolverEvaluation(
            cost: s.cost,
            objective: primal(statistics: s, f: f, g: g, a: a, b: b, regularization: reg),
            dualObjective: dual(statistics: s, f: f, g: g, a: a, b: b, regularization: reg),
            mass: s.mass)
    }
}

/// Plain-language diagnoses of numerical failure in the entropic solvers, each naming the cure.
enum EntropicDiagnosis {
    /// The largest `C / reg` ratio, the figure that decides whether `exp(-C/reg)` underflows.
    static func costRatio(_ cost: DenseMatrix, regularization: Double) -> Double {
        cost.maximum / regularization
    }

    static func kernelUnderflow(cost: DenseMatrix, regularization reg: Double, where place: String) -> String {
        let ratio = costRatio(cost, regularization: reg)
        return "kernel underflow at reg=\(ParameterValue.format(reg)): C/reg reaches \(ParameterValue.formatShort(ratio)), so exp(-C/reg) is 0 for \(place); use sinkhorn-log or a larger reg"
    }

    static func scalingOverflow(cost: DenseMatrix, regularization reg: Double) -> String {
        let ratio = costRatio(cost, regularization: reg)
        return "scaling overflow at reg=\(ParameterValue.format(reg)): the scalings u, v left the range of doubles (C/reg reaches \(ParameterValue.formatShort(ratio))); use sinkhorn-log or a larger reg"
    }

    /// `logDomain`: the solver already works with log-potentials (sinkhorn-log, sns, unbalanced,
    /// divergence, sinkhorn-online), so "use sinkhorn-log" would send the user in a circle; what is
    /// left is the size of the data or of reg.
    static func notFinite(_ what: String, regularization reg: Double, logDomain: Bool = false) -> String {
        logDomain
            ? "\(what) became NaN or infinite at reg=\(ParameterValue.format(reg)) although this solver works in the log domain: the costs or weights are too large for doubles at this reg; rescale the costs (or the coordinates) or use a larger reg"
            : "\(what) became NaN or infinite at reg=\(ParameterValue.format(reg)); use sinkhorn-log or a larger reg"
    }
}
