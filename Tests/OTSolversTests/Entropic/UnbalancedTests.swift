import Foundation
import Testing
import OTCore
@testable import OTSolvers

@Suite struct UnbalancedTests {
    struct Reference: Decodable {
        struct Case: Decodable {
            let reg: Double
            let reg_m: Double
            let cost: Double
            let mass: Double
            let objective: Double
        }
        let source_points: [[Double]]
        let target_points: [[Double]]
        let a: [Double]
        let b: [Double]
        let cases: [Case]

        var problem: TransportProblem {
            TransportProblem(
                source: Measure(weights: a, points: DenseMatrix(source_points)),
                target: Measure(weights: b, points: DenseMatrix(target_points)),
                groundCost: .sqeuclidean)
        }
    }

    @Test func matchesPOTsSinkhornUnbalancedOnUnequalMassesWithOutliers() throws {
        let reference = try entropic2Reference("unbalanced_outliers.json", as: Reference.self)
        let problem = reference.problem
        #expect(abs(problem.source.totalMass - 1) < 1e-12 && abs(problem.target.totalMass - 1.5) < 1e-12)
        for c in reference.cases {
            let run = try solve("unbalanced", problem, [
                "reg": .real(c.reg), "reg-m": .real(c.reg_m), "tol": .real(1e-12), "max-iter": .integer(100_000),
            ])
            #expect(run.status == .converged, "reg \(c.reg) reg_m \(c.reg_m): \(run.status.name) at residual \(run.solver.marginalError)")
            let e = run.solver.evaluate()
            #expect(abs(e.cost - c.cost) < 1e-4, "reg \(c.reg) reg_m \(c.reg_m): cost \(e.cost) vs POT \(c.cost)")
            #expect(abs(e.mass - c.mass) < 1e-4, "reg \(c.reg) reg_m \(c.reg_m): mass \(e.mass) vs POT \(c.mass)")
            // Tighter than the issue asks: both solvers converge to 1e-12.
            #expect(relativeError(e.cost, c.cost) < 1e-7 && relativeError(e.mass, c.mass) < 1e-7)
            #expect(relativeError(e.objective, c.objective) < 1e-7, "objective \(e.objective) vs \(c.objective)")
            let dual = try #require(e.dualObjective)
            #expect(relativeError(dual, e.objective) < 1e-9, "duality gap \(e.objective - dual)")
        }
    }

    @Test func keepsTheGivenMassesAndReportsTheFixedPointResidual() throws {
        let reference = try entropic2Reference("unbalanced_outliers.json", as: Reference.self)
        let problem = reference.problem
        let descriptor = try #require(SolverRegistry.descriptor(named: "unbalanced"))
        #expect(descriptor.requiresEqualMass == false)
        let run = try solve("unbalanced", problem, ["reg": .real(0.05), "reg-m": .real(0.5), "tol": .real(1e-10)])
        #expect(run.status == .converged)
        // The residual is what it claims: |P1 - a e^{-f'/reg_m}| + |P^T1 - b e^{-g'/reg_m}|.
        let plan = run.solver.plan()
        let potentials = try #require(run.solver.potentials())
        let rows = plan.rowSums(), columns = plan.columnSums()
        var residual = 0.0
        for i in 0..<rows.count {
            residual += abs(rows[i] - problem.a[i] * exp(-(potentials.f[i] - 0.05 * log(problem.a[i])) / 0.5))
        }
        for j in 0..<columns.count {
            residual += abs(columns[j] - problem.b[j] * exp(-(potentials.g[j] - 0.05 * log(problem.b[j])) / 0.5))
        }
        #expect(residual < 1e-10)
        #expect(abs(residual - run.solver.marginalError) < 1e-12)
        // Mass is neither forced to |a| nor |b|: outliers are dropped.
        #expect(plan.mass < 1)
    }

    @Test func largeMarginalPenaltyApproachesBalancedSinkhorn() throws {
        let problem = smallCloudProblem()
        let balanced = try solve("sinkhorn-log", problem, ["reg": .real(0.1), "tol": .real(1e-12)])
        // The damping exponent is reg_m/(reg_m+reg) = 0.999: convergence takes thousands of iterations,
        // and the optimum sits O(reg/reg_m) away from the balanced one.
        let relaxed = try solve("unbalanced", problem, ["reg": .real(0.1), "reg-m": .real(100), "tol": .real(1e-10), "max-iter": .integer(200_000)])
        #expect(relaxed.status == .converged)
        let b = balanced.solver.evaluate(), u = relaxed.solver.evaluate()
        #expect(relativeError(u.cost, b.cost) < 1e-2, "\(u.cost) vs \(b.cost)")
        #expect(abs(u.mass - 1) < 1e-2 && u.mass < 1, "mass \(u.mass)")
    }
}
