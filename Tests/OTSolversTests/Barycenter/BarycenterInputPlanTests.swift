import Foundation
import OTCore
import OTSolvers
import Testing

/// The K plans between each input and the barycenter, as the plan pane's `k` key shows them
/// (`BarycenterSolver.aggregatedInputPlan`, input as rows).
@Suite struct BarycenterInputPlanTests {
    /// Two 6 x 5 pictures (a blob moved across the grid), mass 1 each.
    static func problem() -> BarycenterProblem {
        func picture(_ centre: (Double, Double)) -> Measure {
            var weights = (0..<30).map { p -> Double in
                let di = Double(p / 5) - centre.0, dj = Double(p % 5) - centre.1
                return exp(-(di * di + dj * dj) / 2) + 1e-3
            }
            let total = weights.reduce(0, +)
            weights = weights.map { $0 / total }
            return Measure(weights: weights)
        }
        return BarycenterProblem(measures: [picture((1, 1)), picture((4, 3))], weights: [0.3, 0.7], support: .grid(rows: 6, columns: 5))
    }

    /// The squared distance between pixels p and q of a 6 x 5 grid scaled to [0, 1] per axis.
    static func cost(_ p: Int, _ q: Int) -> Double {
        let di = BarycenterProblem.unitCoordinate(p / 5, count: 6) - BarycenterProblem.unitCoordinate(q / 5, count: 6)
        let dj = BarycenterProblem.unitCoordinate(p % 5, count: 5) - BarycenterProblem.unitCoordinate(q % 5, count: 5)
        return di * di + dj * dj
    }

    /// The convolutional barycenters never form their N x N plans; summed at full resolution the
    /// blocks are the plans: `sum_k λ_k <P_k, C>` equals the cost `evaluate()` computes from the
    /// separable factors (1e-12), the plans' rows sum to the inputs after a scaling step, and coarser
    /// blocks are sums of the full-resolution entries.
    @Test(arguments: ["convolutional", "convolutional-log"])
    func convolutionalPlansAreSummedWithoutFormingThem(method: String) throws {
        let problem = Self.problem()
        let descriptor = try #require(SolverRegistry.descriptor(named: method))
        var parameters = descriptor.defaults
        try parameters.set("reg", .real(0.05))
        let solver = try #require(try descriptor.makeSolver(problem: TransportProblem(barycenter: problem), parameters: parameters) as? any BarycenterSolver)
        #expect(solver.aggregatedInputPlan(0, maxRows: 30, maxColumns: 30) == nil, "no plan before the first step")
        for _ in 0..<7 { _ = solver.step() }
        var cost = 0.0
        for k in 0..<2 {
            let plan = try #require(solver.aggregatedInputPlan(k, maxRows: 30, maxColumns: 30))
            #expect(plan.rows == 30 && plan.columns == 30)
            for p in 0..<30 { for q in 0..<30 { cost += problem.weights[k] * plan[p, q] * Self.cost(p, q) } }
            if method == "convolutional" {
                // u_k = a_k / (K v_k) after each step: the rows sum to the input exactly.
                let rowSums = (0..<30).map { p in (0..<30).reduce(0.0) { $0 + plan[p, $1] } }
                #expect(zip(rowSums, problem.measures[k].weights).allSatisfy { abs($0 - $1) <= 1e-14 })
            }
            let blocks = try #require(solver.aggregatedInputPlan(k, maxRows: 4, maxColumns: 3))
            let summed = BlockAggregation.aggregate(plan, maxRows: 4, maxColumns: 3)
            #expect(zip(blocks.storage, summed.storage).allSatisfy { abs($0 - $1) <= 1e-15 })
        }
        let evaluated = solver.evaluate().cost
        #expect(abs(cost - evaluated) <= 1e-12 * max(1, evaluated), "\(cost) vs \(evaluated)")
    }

    /// A free-support barycenter's plans come with the input's points as rows (the solver keeps
    /// them barycenter-first): the rows sum to the input's weights.
    @Test func freeSupportPlansHaveTheInputAsRows() throws {
        let xs = DenseMatrix(rows: 4, columns: 1, storage: [0, 1, 2, 3]), ys = DenseMatrix(rows: 3, columns: 1, storage: [5, 6, 7])
        let problem = BarycenterProblem(
            measures: [Measure(weights: [0.1, 0.2, 0.3, 0.4], points: xs), Measure(weights: [0.5, 0.25, 0.25], points: ys)], weights: [0.5, 0.5],
            support: .free(initial: DenseMatrix(rows: 2, columns: 1, storage: [0, 1]), weights: [0.5, 0.5]))
        let solver = try #require(try FreeSupportBarycenter.descriptor.makeSolver(problem: TransportProblem(barycenter: problem),
                                                                                  parameters: FreeSupportBarycenter.descriptor.defaults) as? any BarycenterSolver)
        _ = solver.step()
        let plan = try #require(solver.aggregatedInputPlan(0, maxRows: 10, maxColumns: 10))
        #expect(plan.rows == 4 && plan.columns == 2)
        let rowSums = (0..<4).map { p in plan[p, 0] + plan[p, 1] }
        #expect(zip(rowSums, [0.1, 0.2, 0.3, 0.4]).allSatisfy { abs($0 - $1) <= 1e-12 })
    }
}
