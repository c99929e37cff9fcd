import Foundation
import Testing
import OTCore
import OTSolvers
import TestReference
@testable import OTSession

@Suite struct DisplacementInterpolationTests {
    /// Runs a solver to the end on the test's thread.
    private func solve(_ name: String, _ problem: TransportProblem, reg: Double? = nil) throws -> any TransportSolver {
        let descriptor = try #require(SolverRegistry.descriptor(named: name))
        var parameters = descriptor.defaults
        if let reg { try parameters.set("reg", .real(reg)) }
        let solver = try descriptor.makeSolver(problem: problem, parameters: parameters)
        var status = SolverStatus.running
        while status == .running && solver.iteration < 100_000 { status = solver.step() }
        #expect(status == .converged, "\(name) ended \(status)")
        return solver
    }

    /// Two uniform 2-D clouds of 15 points each, deterministic and in general position.
    private func clouds() -> (Measure, Measure) {
        let n = 15
        let xs = DenseMatrix(rows: n, columns: 2) { i, k in k == 0 ? sin(Double(i) * 1.7) : cos(Double(i) * 2.3) * 0.8 }
        let ys = DenseMatrix(rows: n, columns: 2) { j, k in k == 0 ? 2 + cos(Double(j) * 0.9) * 0.6 : 1 + sin(Double(j) * 3.1) }
        return (.uniform(points: xs), .uniform(points: ys))
    }

    @Test func exactPlanGivesTheW2GeodesicWithinTolerance() throws {
        let (source, target) = clouds()
        let problem = TransportProblem(source: source, target: target, groundCost: .sqeuclidean)
        let solver = try solve("emd", problem)
        let w2 = solver.evaluate().cost
        #expect(w2 > 1)
        let path = try DisplacementInterpolation(source: source, target: target, plan: solver.plan())
        #expect(path.relativeThreshold == 0)
        #expect(path.pairs.count == 15, "an exact plan between equal uniform clouds is a permutation")
        for t in [0.0, 0.1, 0.25, 0.5, 0.7, 0.9, 1.0] {
            let middle = path.measure(at: t)
            #expect(abs(middle.totalMass - 1) < 1e-12)
            let toMiddle = try solve("emd", TransportProblem(source: source, target: middle, groundCost: .sqeuclidean))
            let distance = toMiddle.evaluate().cost
            // W2²(μ_0, μ_t) = t² W2²(μ_0, μ_1) along a geodesic.
            #expect(abs(distance - t * t * w2) <= 1e-9, "t = \(t): \(distance) vs \(t * t * w2)")
        }
    }

    /// POT's figures for weighted clouds of different sizes (Tests/Reference/interpolation, made by
    /// make_interpolation_reference.py): the same distances from our plan, our μ_t and our emd.
    @Test func weightedCloudsMatchPOT() throws {
        struct Reference: Decodable {
            struct Case: Decodable {
                var t: Double
                var support: Int
                var w2_source_to_mid: Double
                var w2_mid_to_target: Double
            }
            var xs: [[Double]], xt: [[Double]], a: [Double], b: [Double], w2: Double, cases: [Case]
        }
        let reference = try ReferenceFiles.decode(Reference.self, checkoutPath: "Tests/Reference/interpolation/interpolation_pot.json")
        let source = Measure(weights: reference.a, points: DenseMatrix(reference.xs))
        let target = Measure(weights: reference.b, points: DenseMatrix(reference.xt))
        let solver = try solve("emd", TransportProblem(source: source, target: target, groundCost: .sqeuclidean))
        #expect(abs(solver.evaluate().cost - reference.w2) < 1e-9)
        let path = try DisplacementInterpolation(source: source, target: target, plan: solver.plan())
        for item in reference.cases {
            let middle = path.measure(at: item.t)
            #expect(middle.count == item.support, "t = \(item.t): support")
            let toMiddle = try solve("emd", TransportProblem(source: source, target: middle, groundCost: .sqeuclidean)).evaluate().cost
            let toTarget = try solve("emd", TransportProblem(source: middle, target: target, groundCost: .sqeuclidean)).evaluate().cost
            #expect(abs(toMiddle - item.w2_source_to_mid) < 1e-9, "t = \(item.t): \(toMiddle) vs POT \(item.w2_source_to_mid)")
            #expect(abs(toTarget - item.w2_mid_to_target) < 1e-9, "t = \(item.t): \(toTarget) vs POT \(item.w2_mid_to_target)")
        }
    }

    @Test func endpointsAreTheMeasuresThemselves() throws {
        let (source, target) = clouds()
        let solver = try solve("emd", TransportProblem(source: source, target: target, groundCost: .sqeuclidean))
        let path = try DisplacementInterpolation(source: source, target: target, plan: solver.plan())
        let start = path.measure(at: 0), end = path.measure(at: 1)
        for (index, pair) in path.pairs.enumerated() {
            #expect(start.points![index, 0] == source.points![pair.source, 0])
            #expect(start.points![index, 1] == source.points![pair.source, 1])
            #expect(end.points![index, 0] == target.points![pair.target, 0])
            #expect(end.points![index, 1] == target.points![pair.target, 1])
        }
        // Times outside 0…1 are clamped.
        #expect(path.measure(at: 1.5) == end)
    }

    @Test func densePlanKeepsEntriesAboveTheRelativeThresholdAndCountsTheRest() throws {
        let (source, target) = clouds()
        let problem = TransportProblem(source: source, target: target, groundCost: .sqeuclidean)
        let plan = try solve("sinkhorn-log", problem, reg: 0.5).plan()
        let dense = plan.denseMatrix()
        let largest = try #require(dense.storage.max())
        let path = try DisplacementInterpolation(source: source, target: target, plan: plan, relativeThreshold: 1e-3)
        let expected = dense.storage.filter { $0 > largest * 1e-3 }.count
        #expect(path.pairs.count == expected)
        #expect(path.pairs.count < 15 * 15 && path.pairs.count > 15)
        #expect(path.entryCount == 225)
        let kept = path.pairs.reduce(0) { $0 + $1.mass }
        #expect(abs(kept + path.droppedMass - plan.mass) < 1e-12)
        #expect(path.droppedMass > 0)
        #expect(path.summary.contains("dropped"))

        // The dots a scatter draws: the heavy pairs only, thinned evenly to the limit.
        let heaviest = try #require(path.pairs.map(\.mass).max())
        let prominent = path.prominentPairs(fraction: 0.05, limit: 1000)
        #expect(prominent == path.pairs.filter { $0.mass >= heaviest * 0.05 })
        #expect(prominent.count < path.pairs.count)
        let thinned = path.prominentPairs(fraction: 0, limit: 10)
        #expect(thinned.count <= 10 && thinned.count >= 9)
        #expect(thinned.first == path.pairs.first)
        let position = path.planarPosition(of: path.pairs[3], at: 0.25)
        let moved = path.measure(at: 0.25)
        #expect(position.x == moved.points![3, 0] && position.y == moved.points![3, 1])
    }

    @Test func weightVectorsAndMismatchedDimensionsAreInputErrors() throws {
        let weights = Measure(weights: [0.5, 0.5])
        let plan = TransportPlan.dense(DenseMatrix([[0.5, 0], [0, 0.5]]))
        #expect(throws: InputError.self) { try DisplacementInterpolation(source: weights, target: weights, plan: plan) }
        let line = Measure.uniform(points: DenseMatrix([[0], [1]]))
        let plane = Measure.uniform(points: DenseMatrix([[0, 0], [1, 1]]))
        #expect(throws: InputError.self) { try DisplacementInterpolation(source: line, target: plane, plan: plan) }
        let wrongShape = TransportPlan.dense(DenseMatrix([[1.0]]))
        #expect(throws: InputError.self) { try DisplacementInterpolation(source: line, target: line, plan: wrongShape) }
    }
}
