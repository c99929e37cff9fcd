import Foundation
import OTCore
import OTSolvers

/// The weighted conditional flow matching lesson's figures (W-CFM: Calvo-Ordoñez, Meunier et al.,
/// "Weighted Conditional Flow Matching", 2025). W-CFM trains a flow on independent pairs of a
/// minibatch, each weighted by the Gibbs kernel `exp(-c(x, y) / reg)`: normalized over the batch,
/// these weights are a coupling
///
///     G = exp(-C / reg) / Σ exp(-C / reg)
///
/// that costs nothing to form (no Sinkhorn iterations) and is the entropic OT coupling (the run's
/// plan) up to a bias in its marginals: its row and column sums are tilted away from `a` and `b`.
/// The figures: that marginal bias `||G 1 - a||_1 + ||G^T 1 - b||_1` (the run's marginal error is
/// the same figure for the entropic plan), the L1 distance `||G - P||_1` to the run's plan, and
/// both couplings' costs `<G, C>` and `<P, C>`. The paper gives conditions (reg large against the
/// spread of the costs) under which the tilt is small; a lesson sweep (`w`) over the batch size
/// shows the bias falling from small batches and levelling off at the tilt of the population.
///
/// `reg` is the statistic's own setting; give the preset's solver the same `reg` so that the run's
/// plan is the entropic coupling at that temperature.
public struct GibbsCouplingStatistic: LessonStatistic {
    public static let descriptor = LessonStatisticDescriptor(
        name: "gibbs-coupling",
        summary: "W-CFM's Gibbs coupling exp(-C/reg)/Z against the run's entropic OT plan: its marginal bias, its L1 distance to the plan, both costs",
        parameters: [
            ParameterDescriptor(name: "reg", label: "temperature", kind: .real(default: 1, range: 1e-6...1e6, logScale: true),
                                help: "The Gibbs kernel's reg (epsilon): give the preset's entropic solver the same reg."),
        ],
        make: { problem, settings in try GibbsCouplingStatistic(problem: problem, reg: settings.real("reg")) })

    public var name: String { Self.descriptor.name }
    public let reg: Double
    /// The Gibbs coupling G (mass 1; the problem's measures are taken with mass 1).
    public let coupling: DenseMatrix
    /// `||G 1 - a||_1 + ||G^T 1 - b||_1`.
    public let marginalBias: Double
    /// `<G, C>`.
    public let gibbsCost: Double
    private let cost: DenseMatrix

    public init(problem: TransportProblem, reg: Double) throws {
        guard problem.kind == .linear, !problem.hasImplicitCost, problem.cost.rows == problem.sourceCount,
              problem.sourceCount > 0, problem.targetCount > 0 else {
            throw InputError("problem", nil, "the Gibbs coupling needs a minibatch problem with a cost matrix")
        }
        guard reg > 0, reg.isFinite else { throw InputError("reg", nil, "\(reg) is not a positive regularization") }
        self.reg = reg
        cost = problem.cost
        let a = problem.source.normalized().weights, b = problem.target.normalized().weights
        // exp(-(C - min C) / reg): the shift cancels in the normalization and keeps the largest entry at 1.
        let low = problem.cost.storage.min() ?? 0
        var kernel = problem.cost.storage.map { exp(-($0 - low) / reg) }
        let total = Kernels.sum(kernel)
        for k in kernel.indices { kernel[k] /= total }
        coupling = DenseMatrix(rows: problem.sourceCount, columns: problem.targetCount, storage: kernel)
        let plan = TransportPlan.dense(coupling)
        marginalBias = Self.l1(plan.rowSums(), a) + Self.l1(plan.columnSums(), b)
        gibbsCost = plan.cost(problem.cost)
    }

    static func l1(_ x: [Double], _ y: [Double]) -> Double {
        zip(x, y).reduce(0) { $0 + abs($1.0 - $1.1) }
    }

    public func figures(plan: TransportPlan?, iteration: Int?) -> LessonFigures {
        var figures = [LessonFigures.Figure("gibbs_marginal_bias", marginalBias), LessonFigures.Figure("gibbs_cost", gibbsCost)]
        var rows = [LessonFigures.Row("Gibbs bias", short(marginalBias)), LessonFigures.Row("Gibbs cost <G,C>", short(gibbsCost))]
        let usable = plan.flatMap { $0.rows == coupling.rows && $0.columns == coupling.columns ? $0 : nil }
        if let plan = usable {
            let dense = plan.denseMatrix()
            let mass = Kernels.sum(dense.storage)
            var distance = 0.0
            for k in dense.storage.indices { distance += abs(coupling.storage[k] - (mass > 0 ? dense.storage[k] / mass : 0)) }
            let planCost = mass > 0 ? plan.cost(cost) / mass : .nan
            figures += [LessonFigures.Figure("gibbs_plan_distance", distance), LessonFigures.Figure("plan_cost", planCost)]
            rows += [LessonFigures.Row("|G - P|_1", short(distance)), LessonFigures.Row("plan cost <P,C>", short(planCost))]
        } else {
            rows.append(LessonFigures.Row("|G - P|_1", "- (no plan yet)"))
        }
        return LessonFigures(statistic: name, iteration: usable == nil ? nil : iteration, figures: figures, rows: rows)
    }

    private func short(_ x: Double) -> String { x.isFinite ? String(format: "%.6g", x) : "-" }
}
