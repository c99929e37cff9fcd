import OTCore
import Testing
@testable import OTSolvers

@Suite("Exact 1-D OT (emd1d)")
struct Emd1DTests {
    /// The reference problems that are 1-D point clouds (those with an `emd2_1d` value).
    static let oneDimensionalNames: [String] = ReferenceProblem.names.filter {
        (try? ReferenceProblem.load($0).emd2OneDimensional) != nil
    }

    @Test("there are 1-D reference problems")
    func referenceProblemsExist() {
        #expect(Self.oneDimensionalNames.count >= 2)
    }

    @Test("cost equals POT's emd2_1d and emd2, the plan is monotone", arguments: oneDimensionalNames)
    func matchesPOT(name: String) throws {
        let reference = try ReferenceProblem.load(name)
        let expected = try #require(reference.emd2OneDimensional)
        let problem = reference.transportProblem()
        let solver = try Emd1D.descriptor.makeSolver(problem: problem, parameters: Emd1D.descriptor.defaults)
        #expect(solver.step() == .converged)
        #expect(solver.iteration == 1)
        let evaluation = solver.evaluate()
        #expect(relativeError(evaluation.cost, expected) < 1e-9, "\(name): \(evaluation.cost) vs POT \(expected)")
        #expect(relativeError(evaluation.cost, reference.emd2) < 1e-9)
        #expect(solver.marginalError < 1e-12)

        guard case .sparse(let plan) = solver.plan() else {
            Issue.record("emd1d should return a sparse plan")
            return
        }
        let x = problem.source.points!.storage, y = problem.target.points!.storage
        // Monotone: no two transported pairs cross.
        for p in plan.entries {
            for q in plan.entries where x[p.row] < x[q.row] {
                #expect(y[p.column] <= y[q.column], "\(name): pairs (\(p.row), \(p.column)) and (\(q.row), \(q.column)) cross")
            }
        }
        #expect(plan.entries.count <= problem.sourceCount + problem.targetCount - 1)
    }

    @Test("handles zero weights and ties")
    func zeroWeightsAndTies() throws {
        let source = Measure(weights: [0.5, 0, 0.5], points: DenseMatrix([[0], [5], [0]]))
        let target = Measure(weights: [0.25, 0.25, 0.5], points: DenseMatrix([[1], [2], [-1]]))
        let problem = TransportProblem(source: source, target: target, groundCost: .sqeuclidean)
        let solver = try Emd1D(problem: problem)
        #expect(solver.step() == .converged)
        #expect(abs(solver.evaluate().cost - (0.5 * 1 + 0.25 * 1 + 0.25 * 4)) < 1e-15)
        #expect(solver.plan().rowSums()[1] == 0)
    }

    @Test("points of dimension 2, or no points at all, are an input error")
    func needsOneDimensionalPoints() {
        let planar = Measure.uniform(points: DenseMatrix([[0, 0], [1, 1]]))
        let planarProblem = TransportProblem(source: planar, target: planar, groundCost: .sqeuclidean)
        #expect(throws: InputError.self) { try Emd1D(problem: planarProblem) }

        let weights = TransportProblem(
            source: Measure(weights: [0.5, 0.5]), target: Measure(weights: [0.5, 0.5]),
            cost: DenseMatrix([[0, 1], [1, 0]]))
        #expect(throws: InputError.self) { try Emd1D(problem: weights) }
    }
}
