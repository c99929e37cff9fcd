import Foundation
import Testing
import OTCore
@testable import OTSolvers

@Suite struct DoublyStochasticTests {
    /// A deterministic square score matrix, passed as the solver expects: cost = -S, unit weights.
    func scoreProblem(n: Int = 7, seed: UInt64 = 5) -> (scores: DenseMatrix, problem: TransportProblem) {
        var generator = SplitMix64(seed: seed)
        let scores = DenseMatrix(rows: n, columns: n, storage: (0..<(n * n)).map { _ in 4 * generator.nextUnit() - 2 })
        let ones = [Double](repeating: 1, count: n)
        let negated = DenseMatrix(rows: n, columns: n, storage: scores.storage.map { -$0 })
        return (scores, TransportProblem(source: Measure(weights: ones), target: Measure(weights: ones), cost: negated))
    }

    @Test func oneIterationIsTheRowSoftmax() throws {
        let (scores, problem) = scoreProblem()
        let reg = 0.7
        let run = try solve("doubly-stochastic", problem, ["reg": .real(reg), "max-iter": .integer(1)])
        #expect(run.status == .maxIterations && run.solver.iteration == 1)
        let plan = run.solver.plan().denseMatrix()
        for i in 0..<scores.rows {
            let row = scores.row(i).map { exp($0 / reg) }
            let total = row.reduce(0, +)
            for j in 0..<scores.columns {
                #expect(abs(plan[i, j] - row[j] / total) < 1e-14, "entry (\(i), \(j))")
            }
        }
    }

    @Test func convergesToADoublyStochasticMatrix() throws {
        let (_, problem) = scoreProblem(n: 30)
        let run = try solve("doubly-stochastic", problem, ["reg": .real(0.1), "tol": .real(1e-12)])
        #expect(run.status == .converged)
        let plan = run.solver.plan()
        let ones = [Double](repeating: 1, count: 30)
        #expect(Kernels.l1Distance(plan.rowSums(), ones) < 1e-12)
        #expect(Kernels.l1Distance(plan.columnSums(), ones) < 1e-12)
        #expect(abs(plan.marginalError(a: ones, b: ones) - run.solver.marginalError) < 1e-12)
        // Same fixed point as balanced log-domain Sinkhorn on the same problem.
        let reference = try solve("sinkhorn-log", problem, ["reg": .real(0.1), "tol": .real(1e-12)])
        #expect(relativeError(run.solver.evaluate().cost, reference.solver.evaluate().cost) < 1e-10)
    }

    @Test func rejectsNonSquareAndNonUnitInput() throws {
        let base = smallCloudProblem()
        #expect(throws: InputError.self) { try solve("doubly-stochastic", base, [:]) }
        var (_, problem) = scoreProblem()
        problem.source.weights = problem.source.weights.map { $0 / 7 }
        problem.target.weights = problem.target.weights.map { $0 / 7 }
        #expect(throws: InputError.self) { try solve("doubly-stochastic", problem, [:]) }
    }
}
