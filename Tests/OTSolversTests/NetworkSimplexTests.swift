import OTCore
import Testing
@testable import OTSolvers

/// Runs a solver until it stops, at most `limit` steps; returns the final status.
@discardableResult
func runToEnd(_ solver: any TransportSolver, limit: Int = 1_000_000) -> SolverStatus {
    var status = SolverStatus.running
    var steps = 0
    while !status.isFinished && steps < limit {
        status = solver.step()
        steps += 1
    }
    return status
}

/// A seeded generator for reproducible random problems.
typealias SeededGenerator = SplitMix64

@Suite("Network simplex (emd)")
struct NetworkSimplexTests {
    func emd(_ problem: TransportProblem, pivotsPerStep: Int = 0, maxIter: Int = 100_000) throws -> NetworkSimplex {
        var parameters = NetworkSimplex.descriptor.defaults
        try parameters.set("pivots-per-step", .integer(pivotsPerStep))
        try parameters.set("max-iter", .integer(maxIter))
        return try NetworkSimplex(problem: problem, parameters: parameters)
    }

    @Test("reference data is bundled")
    func referenceDataIsBundled() throws {
        #expect(ReferenceProblem.names.count >= 7)
        let problems = try ReferenceProblem.all()
        for reference in problems {
            #expect(reference.M.count == reference.a.count)
            #expect(reference.M.allSatisfy { $0.count == reference.b.count })
            #expect(reference.sinkhorn.count == 3 && reference.sinkhornLog.count == 3)
        }
    }

    @Test("cost, plan and duals match POT's emd2", arguments: ReferenceProblem.names)
    func matchesPOT(name: String) throws {
        let reference = try ReferenceProblem.load(name)
        let problem = reference.transportProblem()
        let solver = try emd(problem)
        #expect(runToEnd(solver) == .converged)

        let evaluation = solver.evaluate()
        #expect(relativeError(evaluation.cost, reference.emd2) < 1e-9, "\(name): cost \(evaluation.cost) vs POT \(reference.emd2)")
        #expect(evaluation.objective == evaluation.cost)
        let dual = try #require(evaluation.dualObjective)
        #expect(relativeError(dual, evaluation.cost) < 1e-9, "\(name): dual \(dual) vs primal \(evaluation.cost)")

        let plan = solver.plan()
        #expect(relativeError(plan.cost(problem.cost), reference.emd2) < 1e-9)
        let rows = plan.rowSums(), columns = plan.columnSums()
        for i in 0..<problem.sourceCount { #expect(abs(rows[i] - problem.a[i]) < 1e-12, "\(name): row \(i)") }
        for j in 0..<problem.targetCount { #expect(abs(columns[j] - problem.b[j]) < 1e-12, "\(name): column \(j)") }
        #expect(solver.marginalError < 1e-12)
        #expect(plan.nonzeroCount() <= problem.sourceCount + problem.targetCount - 1)

        // POT's potentials: a.u + b.v is the cost, u_i + v_j <= C[i,j], centred so a.u = b.v.
        let potentials = try #require(solver.potentials())
        let a = problem.a, b = problem.b
        if let potU = reference.emdPotentialU, let potV = reference.emdPotentialV {
            // Unique duals (non-degenerate optimum): they must be POT's, number for number.
            let potentialScale = max(1, potU.map(abs).max()!, potV.map(abs).max()!)
            for i in a.indices where a[i] > 0 {
                #expect(abs(potentials.f[i] - potU[i]) < 1e-9 * potentialScale, "\(name): u[\(i)]")
            }
            for j in b.indices where b[j] > 0 {
                #expect(abs(potentials.g[j] - potV[j]) < 1e-9 * potentialScale, "\(name): v[\(j)]")
            }
        }
        let dualValue = Kernels.dot(a, potentials.f) + Kernels.dot(b, potentials.g)
        #expect(relativeError(dualValue, reference.emd2) < 1e-9)
        #expect(abs(Kernels.dot(a, potentials.f) - Kernels.dot(b, potentials.g)) < 1e-9 * max(1, abs(reference.emd2)))
        let scale = max(1, problem.cost.storage.map(abs).max() ?? 0)
        for i in 0..<problem.sourceCount {
            for j in 0..<problem.targetCount {
                #expect(potentials.f[i] + potentials.g[j] <= problem.cost[i, j] + 1e-9 * scale)
            }
        }
        #expect(solver.basisInvariantViolation() == nil)
    }

    @Test("zero-weight points get empty rows and columns")
    func zeroWeights() throws {
        let reference = try ReferenceProblem.load("zero_weights")
        let problem = reference.transportProblem()
        let solver = try emd(problem)
        #expect(runToEnd(solver) == .converged)
        let plan = solver.plan()
        #expect(plan.rows == problem.sourceCount && plan.columns == problem.targetCount)
        let rows = plan.rowSums(), columns = plan.columnSums()
        for i in problem.a.indices where problem.a[i] == 0 { #expect(rows[i] == 0) }
        for j in problem.b.indices where problem.b[j] == 0 { #expect(columns[j] == 0) }
        #expect(relativeError(solver.evaluate().cost, reference.emd2) < 1e-9)
        let potentials = try #require(solver.potentials())
        #expect(potentials.f.count == problem.sourceCount && potentials.g.count == problem.targetCount)
    }

    @Test("unequal masses are rejected with an input error")
    func unequalMasses() throws {
        let problem = TransportProblem(
            source: Measure(weights: [0.5, 0.5]), target: Measure(weights: [0.5, 0.7]),
            cost: DenseMatrix([[0, 1], [1, 0]]))
        #expect(throws: InputError.self) { try NetworkSimplex(problem: problem, parameters: NetworkSimplex.descriptor.defaults) }
        #expect(throws: InputError.self) {
            try NetworkSimplex.descriptor.makeSolver(problem: problem, parameters: NetworkSimplex.descriptor.defaults)
        }
    }

    @Test("small assignments equal the best permutation", arguments: [2, 3, 4, 5])
    func bruteForceAssignments(size: Int) throws {
        var generator = SeededGenerator(seed: UInt64(size) * 7919)
        let permutations = allPermutations(of: Array(0..<size))
        for trial in 0..<40 {
            // Alternate continuous costs, small integer costs (many ties) and negative costs.
            let cost = DenseMatrix(rows: size, columns: size) { _, _ in
                switch trial % 3 {
                case 0: Double.random(in: 0...1, using: &generator)
                case 1: Double(Int.random(in: 0...2, using: &generator))
                default: Double.random(in: -5...3, using: &generator)
                }
            }
            let uniform = [Double](repeating: 1.0 / Double(size), count: size)
            let problem = TransportProblem(source: Measure(weights: uniform), target: Measure(weights: uniform), cost: cost)
            let best = permutations.map { p in p.indices.reduce(0.0) { $0 + cost[$1, p[$1]] } }.min()! / Double(size)
            let solver = try emd(problem, pivotsPerStep: 1)
            var status = SolverStatus.running
            while !status.isFinished {
                status = solver.step()
                #expect(solver.basisInvariantViolation() == nil)
            }
            #expect(status == .converged)
            #expect(abs(solver.evaluate().cost - best) < 1e-12, "size \(size) trial \(trial)")
        }
    }

    @Test("random degenerate problems keep a valid strongly feasible basis and reach a certified optimum")
    func randomProblemsCertified() throws {
        var generator = SeededGenerator(seed: 2024)
        for trial in 0..<200 {
            let n = Int.random(in: 1...9, using: &generator), m = Int.random(in: 1...9, using: &generator)
            // Integer weights on a common denominator make many ties (degenerate bases).
            let integerWeights = trial % 2 == 0
            var a = (0..<n).map { _ in integerWeights ? Double(Int.random(in: 1...3, using: &generator)) : Double.random(in: 0.01...1, using: &generator) }
            var b = (0..<m).map { _ in integerWeights ? Double(Int.random(in: 1...3, using: &generator)) : Double.random(in: 0.01...1, using: &generator) }
            let totalA = a.reduce(0, +), totalB = b.reduce(0, +)
            a = a.map { $0 / totalA }
            b = b.map { $0 / totalB }
            let cost = DenseMatrix(rows: n, columns: m) { _, _ in
                trial % 3 == 0 ? Double(Int.random(in: -1...2, using: &generator)) : Double.random(in: -1...4, using: &generator)
            }
            let problem = TransportProblem(source: Measure(weights: a), target: Measure(weights: b), cost: cost)
            let solver = try emd(problem, pivotsPerStep: 1)
            var status = SolverStatus.running
            var previousCost = Double.infinity
            while !status.isFinished {
                status = solver.step()
                #expect(solver.basisInvariantViolation() == nil, "trial \(trial)")
                let cost = solver.evaluate().cost
                #expect(cost <= previousCost + 1e-12, "trial \(trial): the cost rose")
                previousCost = cost
                #expect(solver.marginalError < 1e-12)
            }
            #expect(status == .converged)
            let evaluation = solver.evaluate()
            let dual = try #require(evaluation.dualObjective)
            #expect(abs(dual - evaluation.cost) < 1e-12, "trial \(trial): gap \(evaluation.cost - dual)")
        }
    }

    @Test("medium random problems: valid basis after every pivot, certified optimum", arguments: [0, 1, 2, 3, 4, 5])
    func mediumRandomProblems(seed: Int) throws {
        var generator = SeededGenerator(seed: 9000 + UInt64(seed))
        let n = Int.random(in: 15...40, using: &generator), m = Int.random(in: 15...40, using: &generator)
        // Even seeds: uniform weights on a square grid of integer costs (very degenerate).
        let degenerate = seed % 2 == 0
        let a = degenerate ? [Double](repeating: 1.0 / Double(n), count: n) : normalized((0..<n).map { _ in Double.random(in: 0.01...1, using: &generator) })
        let b = degenerate ? [Double](repeating: 1.0 / Double(m), count: m) : normalized((0..<m).map { _ in Double.random(in: 0.01...1, using: &generator) })
        let cost = DenseMatrix(rows: n, columns: m) { _, _ in
            degenerate ? Double(Int.random(in: 0...4, using: &generator)) : Double.random(in: -2...2, using: &generator)
        }
        let problem = TransportProblem(source: Measure(weights: a), target: Measure(weights: b), cost: cost)
        let solver = try emd(problem, pivotsPerStep: 1)
        var status = SolverStatus.running
        while !status.isFinished {
            status = solver.step()
            if let violation = solver.basisInvariantViolation() {
                Issue.record("seed \(seed), pivot \(solver.iteration): \(violation)")
                return
            }
        }
        #expect(status == .converged)
        let evaluation = solver.evaluate()
        #expect(abs(evaluation.dualObjective! - evaluation.cost) < 1e-12 * max(1, abs(evaluation.cost)))
    }

    @Test("huge forbidden costs (big-M) do not blur the optimum of the ordinary arcs")
    func bigMCosts() throws {
        var generator = SeededGenerator(seed: 77)
        let n = 200, m = 180
        let a = normalized((0..<n).map { _ in Double.random(in: 0.1...1, using: &generator) })
        let b = normalized((0..<m).map { _ in Double.random(in: 0.1...1, using: &generator) })
        let cost = DenseMatrix(rows: n, columns: m) { _, _ in
            Double.random(in: 0...1, using: &generator) < 0.05 ? 1e9 : Double.random(in: 0...1, using: &generator)
        }
        let problem = TransportProblem(source: Measure(weights: a), target: Measure(weights: b), cost: cost)
        let solver = try emd(problem)
        #expect(runToEnd(solver) == .converged)
        let evaluation = solver.evaluate()
        #expect(evaluation.cost < 1, "a forbidden arc carries mass")
        // The c-transform bound certifies optimality to round-off of the ordinary costs.
        #expect(abs(evaluation.cost - evaluation.dualObjective!) < 1e-12 * evaluation.cost)
    }

    @Test("a single source or a single target")
    func singleSourceOrTarget() throws {
        let one = TransportProblem(
            source: Measure(weights: [1]), target: Measure(weights: [0.2, 0.3, 0.5]),
            cost: DenseMatrix([[1, 2, 3]]))
        let solver = try emd(one)
        #expect(runToEnd(solver) == .converged)
        #expect(abs(solver.evaluate().cost - (0.2 + 0.6 + 1.5)) < 1e-15)

        let column = TransportProblem(
            source: Measure(weights: [0.25, 0.75]), target: Measure(weights: [1]),
            cost: DenseMatrix([[4], [-2]]))
        let columnSolver = try emd(column)
        #expect(runToEnd(columnSolver) == .converged)
        #expect(abs(columnSolver.evaluate().cost - (1 - 1.5)) < 1e-15)

        let single = TransportProblem(source: Measure(weights: [2]), target: Measure(weights: [2]), cost: DenseMatrix([[3]]))
        let singleSolver = try emd(single)
        #expect(runToEnd(singleSolver) == .converged)
        #expect(singleSolver.evaluate().cost == 6)
    }

    @Test("steps report a falling cost, a rising dual bound and stop at max-iter")
    func liveProgress() throws {
        let reference = try ReferenceProblem.load("gaussian2d_sqeuclidean")
        let problem = reference.transportProblem()
        let solver = try emd(problem, pivotsPerStep: 5)
        var costs: [Double] = [], duals: [Double] = []
        while !solver.step().isFinished {
            let evaluation = solver.evaluate()
            costs.append(evaluation.cost)
            duals.append(evaluation.dualObjective!)
            #expect(evaluation.dualObjective! <= reference.emd2 * (1 + 1e-12))
            #expect(solver.marginalError < 1e-12)
        }
        #expect(costs.count > 3)
        #expect(zip(costs, costs.dropFirst()).allSatisfy { $1 <= $0 + 1e-12 })
        #expect(costs.first! > reference.emd2 * 1.01)
        #expect(solver.extras.first { $0.name == "pivots" }!.value > 15)

        let limited = try emd(problem, pivotsPerStep: 1, maxIter: 3)
        #expect(runToEnd(limited) == .maxIterations)
        #expect(limited.iteration == 3)
        #expect(limited.step() == .maxIterations)
    }

    @Test("registered in the solver registry")
    func registered() {
        #expect(SolverRegistry.descriptor(named: "emd") != nil)
        #expect(SolverRegistry.descriptor(named: "emd1d") != nil)
        #expect(NetworkSimplex.descriptor.requiresEqualMass)
        #expect(!NetworkSimplex.descriptor.parameters.contains { $0.name == "reg" })
    }
}

/// The weights scaled to sum to one.
func normalized(_ weights: [Double]) -> [Double] {
    let total = weights.reduce(0, +)
    return weights.map { $0 / total }
}

/// Every permutation of `items` (for tiny inputs).
func allPermutations(of items: [Int]) -> [[Int]] {
    guard items.count > 1 else { return [items] }
    var result: [[Int]] = []
    for (index, item) in items.enumerated() {
        var rest = items
        rest.remove(at: index)
        for tail in allPermutations(of: rest) { result.append([item] + tail) }
    }
    return result
}
