import Foundation
import OTCore
import OTSolvers

/// The Monge gap lesson's figures (Uscidda & Cuturi, "The Monge Gap: A Regularizer to Learn All
/// Transport Maps", ICML 2023) on a problem made from a map given by paired points (a preset's
/// `problem: {pairs: FILE}`): the source is μ, the target `T#μ`, and source point i is sent by the
/// map to target point i, so `c(x_i, T(x_i))` is the diagonal of the cost matrix.
///
/// The figures: the map's transport cost `Σ a_i C_ii` (known before the run), the plan's cost
/// `<P, C>` (the exact `W_c(μ, T#μ)` once an exact solver has converged; a feasible plan's cost is
/// never below it, so while the simplex runs the gap only grows) and the Monge gap, their
/// difference, also relative to the transport cost. `MongeGap` computes the same without a run
/// (`otlab monge-gap`), including the paper's entropic variant.
public struct MongeGapStatistic: LessonStatistic {
    public static let descriptor = LessonStatisticDescriptor(
        name: "monge-gap",
        summary: "the Monge gap of a map given by paired points: mean c(x, T(x)) minus the plan's cost (W_c(mu, T#mu) once exact)",
        parameters: [],
        make: { problem, _ in try MongeGapStatistic(problem: problem) })

    public var name: String { Self.descriptor.name }
    /// `Σ a_i c(x_i, T(x_i))` with the weights normalized to 1.
    public let transportCost: Double
    public let count: Int
    private let cost: DenseMatrix
    private let mass: Double

    public init(problem: TransportProblem) throws {
        guard problem.kind == .linear, !problem.hasImplicitCost, problem.cost.rows == problem.sourceCount else {
            throw InputError("problem", nil, "the Monge gap needs a map given by paired points with a cost matrix (problem: {pairs: FILE})")
        }
        guard problem.sourceCount == problem.targetCount, problem.sourceCount > 0 else {
            throw InputError("problem", nil, "the Monge gap needs one image T(x_i) per source point; the problem has \(problem.sourceCount) sources and \(problem.targetCount) targets")
        }
        let a = problem.a, b = problem.b
        let total = Kernels.sum(a)
        guard total > 0, zip(a, b).allSatisfy({ abs($0 - $1) <= 1e-12 * max(1, total) }) else {
            throw InputError("problem", nil, "the Monge gap needs T#μ to carry the source weights (target weight j = source weight j)")
        }
        mass = total
        count = problem.sourceCount
        cost = problem.cost
        var moved = 0.0
        for i in 0..<count { moved += a[i] * problem.cost[i, i] }
        transportCost = moved / total
    }

    public func figures(plan: TransportPlan?, iteration: Int?) -> LessonFigures {
        var figures = [LessonFigures.Figure("transport_cost", transportCost)]
        var rows = [LessonFigures.Row("map cost", short(transportCost))]
        let usable = plan.flatMap { $0.rows == count && $0.columns == count ? $0 : nil }
        if let plan = usable {
            let planMass = plan.mass
            // Per unit mass, as the transport cost is.
            let planCost = planMass > 0 ? plan.cost(cost) / planMass : .nan
            let gap = transportCost - planCost
            figures += [LessonFigures.Figure("plan_cost", planCost), LessonFigures.Figure("monge_gap", gap)]
            rows.append(LessonFigures.Row("plan cost <P,C>", short(planCost)))
            rows.append(LessonFigures.Row("Monge gap", short(gap)))
            if transportCost > 0 {
                figures.append(LessonFigures.Figure("relative_gap", gap / transportCost))
                rows.append(LessonFigures.Row("gap / map cost", String(format: "%.1f%%", 100 * gap / transportCost)))
            }
        } else {
            rows.append(LessonFigures.Row("Monge gap", "- (no plan yet)"))
        }
        return LessonFigures(statistic: name, iteration: usable == nil ? nil : iteration, figures: figures, rows: rows)
    }

    private func short(_ x: Double) -> String {
        guard x.isFinite else { return "-" }
        return abs(x) < 1e-12 ? "0" : String(format: "%.6g", x)
    }
}
