import Testing
import OTCore
@testable import OTSolvers

/// Deterministic scattered points in `dimension` dimensions (a fixed quasi-random formula).
private func cloud(_ count: Int, dimension: Int, salt: Double) -> DenseMatrix {
    DenseMatrix(rows: count, columns: dimension) { i, k in
        let t = Double(i) * 0.618033988749895 + Double(k) * 0.7548776662 + salt
        let u = t - t.rounded(.down)
        return (u * u * 2 - 1) * (1 + 0.5 * Double(k)) + salt * Double(k % 2)
    }
}

/// Non-uniform weights summing to one, optionally with some zeros.
private func weights(_ count: Int, zeroEvery: Int? = nil) -> [Double] {
    var w = (0..<count).map { 1.0 + Double(($0 * 13) % 7) }
    if let zeroEvery { for i in stride(from: 3, to: count, by: zeroEvery) { w[i] = 0 } }
    let total = w.reduce(0, +)
    return w.map { $0 / total }
}

/// The same problem twice: with the implicit cost (for sinkhorn-online) and with that cost formed as
/// a matrix (for sinkhorn-log), entry for entry the same numbers.
private func problemPair(
    n: Int, m: Int, dimension: Int, groundCost: GroundCost = .sqeuclidean, a: [Double]? = nil, b: [Double]? = nil
) -> (implicit: TransportProblem, dense: TransportProblem) {
    let xs = cloud(n, dimension: dimension, salt: 0.13), ys = cloud(m, dimension: dimension, salt: 0.71)
    let cost = PointCloudCost(source: xs, target: ys, groundCost: groundCost).scaledToUnitMaximum()
    let source = Measure(weights: a ?? weights(n), points: xs), target = Measure(weights: b ?? weights(m), points: ys)
    return (TransportProblem(source: source, target: target, implicitCost: cost),
            TransportProblem(source: source, target: target, cost: cost.matrix()))
}

/// Largest difference between two potential vectors relative to their scale (entries that are
/// -infinity on both sides, zero-weight points, agree).
private func potentialGap(_ x: [Double], _ y: [Double]) -> Double {
    var worst = 0.0, scale = 1.0
    for k in x.indices {
        if x[k] == -.infinity && y[k] == -.infinity { continue }
        worst = max(worst, abs(x[k] - y[k]))
        scale = max(scale, abs(y[k]))
    }
    return worst / scale
}

@Suite struct SinkhornOnlineTests {
    /// Runs both solvers with the same settings and checks cost, objectives and potentials.
    private func expectAgreement(
        _ pair: (implicit: TransportProblem, dense: TransportProblem), _ settings: [String: ParameterValue],
        tiles: (Int, Int)? = nil
    ) throws {
        var online = settings
        if let tiles { online["tile-rows"] = .integer(tiles.0); online["tile-columns"] = .integer(tiles.1) }
        let tiled = try solve("sinkhorn-online", pair.implicit, online)
        let reference = try solve("sinkhorn-log", pair.dense, settings)
        #expect(reference.status == .converged)
        #expect(tiled.status == .converged)
        #expect(tiled.solver.iteration == reference.solver.iteration)
        let t = tiled.solver.evaluate(), r = reference.solver.evaluate()
        #expect(relativeError(t.cost, r.cost) < 1e-9, "cost \(t.cost) vs \(r.cost)")
        #expect(relativeError(t.objective, r.objective) < 1e-9, "objective \(t.objective) vs \(r.objective)")
        #expect(relativeError(try #require(t.dualObjective), try #require(r.dualObjective)) < 1e-9)
        #expect(relativeError(t.mass, r.mass) < 1e-12)
        let tp = try #require(tiled.solver.potentials()), rp = try #require(reference.solver.potentials())
        #expect(potentialGap(tp.f, rp.f) < 1e-9, "f differs by \(potentialGap(tp.f, rp.f))")
        #expect(potentialGap(tp.g, rp.g) < 1e-9, "g differs by \(potentialGap(tp.g, rp.g))")
        #expect(tiled.solver.marginalError < (settings["tol"].flatMap { if case .real(let x) = $0 { x } else { nil } } ?? 1e-6))
    }

    @Test func agreesWithLogDomainSinkhornOnWeightedPlanarClouds() throws {
        try expectAgreement(problemPair(n: 300, m: 250, dimension: 2), ["reg": .real(0.05), "tol": .real(1e-10)])
    }

    @Test(arguments: [(7, 10), (1, 3), (64, 100), (300, 1)])
    func tileSizesThatDoNotDivideTheProblem(rows: Int, columns: Int) throws {
        try expectAgreement(problemPair(n: 211, m: 173, dimension: 2), ["reg": .real(0.1), "tol": .real(1e-10)], tiles: (rows, columns))
    }

    @Test func oneDimensionalPoints() throws {
        try expectAgreement(problemPair(n: 200, m: 230, dimension: 1), ["reg": .real(0.02), "tol": .real(1e-10)])
    }

    @Test(arguments: GroundCost.allCases)
    func threeDimensionalPoints(groundCost: GroundCost) throws {
        try expectAgreement(problemPair(n: 256, m: 300, dimension: 3, groundCost: groundCost), ["reg": .real(0.05), "tol": .real(1e-10)])
    }

    @Test func zeroWeightPointsCarryNoMass() throws {
        let pair = problemPair(n: 220, m: 240, dimension: 2, a: weights(220, zeroEvery: 9), b: weights(240, zeroEvery: 11))
        try expectAgreement(pair, ["reg": .real(0.05), "tol": .real(1e-10)])
        let run = try solve("sinkhorn-online", pair.implicit, ["reg": .real(0.05), "tol": .real(1e-10)])
        let plan = run.solver.plan()
        #expect(plan.marginalError(a: pair.implicit.a, b: pair.implicit.b) < 1e-10)
    }

    @Test func epsilonScalingFollowsTheSameSchedule() throws {
        try expectAgreement(
            problemPair(n: 240, m: 260, dimension: 2),
            ["reg": .real(0.005), "tol": .real(1e-9), "epsilon-scaling": .flag(true), "scaling-start": .real(100), "stage-iter": .integer(40)])
    }

    @Test func planAndHeatmapMatchTheLogDomainSolver() throws {
        let pair = problemPair(n: 150, m: 130, dimension: 2)
        let settings: [String: ParameterValue] = ["reg": .real(0.05), "tol": .real(1e-10)]
        let tiled = try solve("sinkhorn-online", pair.implicit, settings).solver
        let reference = try solve("sinkhorn-log", pair.dense, settings).solver
        let p = tiled.plan().denseMatrix(), q = reference.plan().denseMatrix()
        var worst = 0.0
        for k in q.storage.indices { worst = max(worst, abs(p.storage[k] - q.storage[k])) }
        #expect(worst < 1e-12, "largest plan difference \(worst)")
        let blocks = tiled.aggregatedPlan(maxRows: 11, maxColumns: 17), expected = reference.aggregatedPlan(maxRows: 11, maxColumns: 17)
        #expect(blocks.rows == 11 && blocks.columns == 17)
        for k in expected.storage.indices { #expect(abs(blocks.storage[k] - expected.storage[k]) < 1e-12) }
    }

    /// Each record's marginal error is that of a plan the iteration produced, so it matches
    /// sinkhorn-log's record for record from the first iteration on. (It used to report, at the
    /// first iteration, the row violation of the bare kernel exp(-C/reg) with f = g = 0: 127 where
    /// sinkhorn-log said 1.14 on the welcome clouds, 8.4e7 on large-clouds.)
    @Test(arguments: [(0.5, false), (0.05, false), (0.01, true)])
    func firstIterationsReportTheSameErrorAsLogDomainSinkhorn(reg: Double, scaling: Bool) throws {
        let pair = problemPair(n: 160, m: 140, dimension: 2)
        var errors: [String: [Double]] = [:]
        for (name, problem) in [("sinkhorn-online", pair.implicit), ("sinkhorn-log", pair.dense)] {
            let descriptor = try #require(SolverRegistry.descriptor(named: name))
            var parameters = descriptor.defaults
            try parameters.set("reg", .real(reg))
            try parameters.set("epsilon-scaling", .flag(scaling))
            try parameters.set("stage-iter", .integer(3))
            try parameters.set("tol", .real(1e-15))
            let solver = try descriptor.makeSolver(problem: problem, parameters: parameters)
            for _ in 0..<12 {
                #expect(solver.step() == .running)
                errors[name, default: []].append(solver.marginalError)
            }
        }
        let online = try #require(errors["sinkhorn-online"]), log = try #require(errors["sinkhorn-log"])
        // A plan whose columns are exact and whose mass is one violates its rows by at most 2.
        #expect(online[0] <= 2, "first error \(online[0]); online \(online), log \(log)")
        for (k, (x, y)) in zip(online, log).enumerated() {
            // Relative agreement, down to the round-off of an error near 1e-12 (fast runs at large reg).
            #expect(abs(x - y) <= 1e-9 * y + 1e-14, "iteration \(k + 1): online \(x), log \(y)")
        }
    }

    @Test func evaluationBeforeTheFirstStepTakesAPass() throws {
        let pair = problemPair(n: 90, m: 70, dimension: 2)
        let descriptor = try #require(SolverRegistry.descriptor(named: "sinkhorn-online"))
        var parameters = descriptor.defaults
        try parameters.set("reg", .real(0.2))
        let solver = try descriptor.makeSolver(problem: pair.implicit, parameters: parameters)
        // f = g = 0: P_ij = exp(-C_ij / reg), so cost and mass are direct sums.
        let c = try #require(pair.implicit.pointCloudCost).matrix()
        var cost = 0.0, mass = 0.0
        for v in c.storage { let p = libmExp(-v / 0.2); cost += p * v; mass += p }
        let e = solver.evaluate()
        #expect(relativeError(e.cost, cost) < 1e-12)
        #expect(relativeError(e.mass, mass) < 1e-12)
    }

    @Test func anInterruptedStepKeepsTheLastCompleteIteration() throws {
        let pair = problemPair(n: 120, m: 110, dimension: 2)
        let descriptor = try #require(SolverRegistry.descriptor(named: "sinkhorn-online"))
        var parameters = descriptor.defaults
        try parameters.set("reg", .real(0.02))
        let solver = try descriptor.makeSolver(problem: pair.implicit, parameters: parameters)
        let straight = try descriptor.makeSolver(problem: pair.implicit, parameters: parameters)
        let interruption = StepInterruption()
        solver.interruption = interruption
        for _ in 0..<5 { _ = solver.step(); _ = straight.step() }
        let before = try #require(solver.potentials())
        let evaluationBefore = solver.evaluate()
        interruption.raise()
        #expect(solver.step() == .cancelled)
        #expect(solver.iteration == 5)
        #expect(solver.potentials() == before)
        #expect(solver.evaluate() == evaluationBefore)
        interruption.clear()
        _ = solver.step(); _ = straight.step()
        #expect(solver.iteration == 6)
        #expect(solver.potentials() == straight.potentials())
    }

    @Test func needsPointCloudsAndIsTheOnlySolverForImplicitCosts() throws {
        let matrixOnly = TransportProblem(
            source: Measure(weights: [0.5, 0.5]), target: Measure(weights: [0.5, 0.5]), cost: DenseMatrix([[0, 1], [1, 0]]))
        #expect(throws: InputError.self) { try solve("sinkhorn-online", matrixOnly, [:]) }

        let implicit = problemPair(n: 20, m: 30, dimension: 2).implicit
        do {
            _ = try solve("sinkhorn-log", implicit, [:])
            Issue.record("sinkhorn-log took an implicit problem")
        } catch let error as InputError {
            #expect(error.description.contains("sinkhorn-online"))
            #expect(error.description.contains("20 x 30"))
        }
    }

    @Test func largePointCloudProblemsKeepTheirCostImplicit() {
        let n = 7072  // n^2 just above TransportProblem.denseCostLimit
        let points = DenseMatrix(rows: n, columns: 2) { i, k in Double(i % 97) + Double(k) }
        let problem = TransportProblem(source: .uniform(points: points), target: .uniform(points: points), groundCost: .sqeuclidean)
        #expect(problem.hasImplicitCost)
        #expect(problem.cost.rows == 0)
        #expect(problem.pointCloudCost?.entry(1, 2) == 2)
        let small = TransportProblem(
            source: .uniform(points: DenseMatrix(rows: 3, columns: 2)), target: .uniform(points: DenseMatrix(rows: 3, columns: 2)),
            groundCost: .sqeuclidean)
        #expect(!small.hasImplicitCost)
        #expect(small.cost.rows == 3)
    }

    /// POT's values directly: the reference problems with points, costs recomputed on the fly.
    @Test func matchesPOTOnTheReferenceClouds() throws {
        var compared = 0
        for reference in try ReferenceProblem.all() {
            guard let groundCost = reference.groundCost, let xs = reference.xs, let xt = reference.xt,
                  !reference.a.contains(0), !reference.b.contains(0) else { continue }
            let cost = PointCloudCost(source: DenseMatrix(xs), target: DenseMatrix(xt), groundCost: groundCost)
            let problem = TransportProblem(
                source: Measure(weights: reference.a, points: DenseMatrix(xs)),
                target: Measure(weights: reference.b, points: DenseMatrix(xt)), implicitCost: cost)
            for value in reference.sinkhornLog {
                let run = try solve("sinkhorn-online", problem, ["reg": .real(value.reg), "tol": .real(1e-12), "max-iter": .integer(200_000)])
                #expect(run.status == .converged, "\(reference.name) reg \(value.reg)")
                let e = run.solver.evaluate()
                #expect(relativeError(e.cost, value.cost) < 1e-9, "\(reference.name) reg \(value.reg): \(e.cost) vs POT \(value.cost)")
                #expect(relativeError(e.objective, value.objective) < 1e-9, "\(reference.name) reg \(value.reg)")
                compared += 1
            }
        }
        #expect(compared >= 6, "only \(compared) POT values compared")
    }
}
