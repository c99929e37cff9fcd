import OTCore
import Testing
@testable import OTSolvers

/// Sliced and max-sliced Wasserstein against POT 0.9.7 (`make_reference_barycenters.py`): two
/// weighted 3-D clouds, 64 fixed directions, p = 2 and p = 1.
@Suite("Sliced Wasserstein against POT")
struct SlicedWassersteinTests {
    static func run(_ variant: SlicedWasserstein.Variant, p: Double, projections: DenseMatrix?, settings: [String: ParameterValue] = [:]) throws -> SlicedWasserstein {
        var parameters = SlicedWasserstein.descriptor.defaults
        try parameters.set("p", .real(p))
        for (key, value) in settings { try parameters.set(key, value) }
        let solver = try SlicedWasserstein(problem: try BarycenterReference.cloudProblem(), parameters: parameters, variant: variant, projections: projections)
        var status = SolverStatus.running
        while status == .running { status = solver.step() }
        #expect(status == .converged)
        return solver
    }

    /// Same directions as POT: the distance to 1e-10 (observed ~1e-16), for p = 2 and 1, mean and max.
    @Test(arguments: [2.0, 1.0])
    func fixedDirectionsMatchPOT(p: Double) throws {
        let reference = try BarycenterReference.section("sliced")
        let directions = try BarycenterReference.matrix("sliced_projections")
        let tag = "p\(Int(p))"
        let mean = try Self.run(.mean, p: p, projections: directions, settings: ["projections-per-step": .integer(5)])
        let expected = try #require(reference[tag] as? Double)
        #expect(abs(mean.evaluate().cost - expected) <= 1e-10, "otlab \(mean.evaluate().cost) vs POT \(expected)")
        #expect(mean.projectionsUsed == 64)
        #expect(mean.iteration == 13, "64 directions, 5 per step")
        let projected = try #require(reference["\(tag)_projected"] as? [Double])
        #expect(BarycenterReference.maxDifference(mean.projectedPowers, projected) <= 1e-10)
        let max = try Self.run(.max, p: p, projections: directions)
        let expectedMax = try #require(reference["max_\(tag)"] as? Double)
        #expect(abs(max.evaluate().cost - expectedMax) <= 1e-10, "otlab \(max.evaluate().cost) vs POT \(expectedMax)")
    }

    /// The running estimate after k directions is POT's value on the first k directions.
    @Test func runningEstimateIsThePrefixMean() throws {
        let reference = try BarycenterReference.section("sliced")
        let projected = try #require(reference["p2_projected"] as? [Double])
        var parameters = SlicedWasserstein.descriptor.defaults
        try parameters.set("projections-per-step", .integer(10))
        let solver = try SlicedWasserstein(problem: try BarycenterReference.cloudProblem(), parameters: parameters,
                                           projections: try BarycenterReference.matrix("sliced_projections"))
        #expect(solver.step() == .running)
        let prefix = projected.prefix(10).reduce(0, +) / 10
        #expect(abs(solver.evaluate().cost - prefix.squareRoot()) <= 1e-10)
        #expect(solver.marginalError.isFinite && solver.marginalError > 0)
    }

    /// POT drawing its own directions from seed=0 (NumPy's legacy RandomState): otlab's seed 0 draws
    /// the same directions (first one to 1e-14) and so the same distance to 1e-10.
    @Test func seededDirectionsMatchPOT() throws {
        let reference = try BarycenterReference.section("sliced")
        let first = try #require(reference["seed0_first_projection"] as? [Double])
        let directions = SlicedWasserstein.randomDirections(dimension: 3, count: 50, seed: 0)
        #expect(BarycenterReference.maxDifference(directions.row(0), first) <= 1e-14)
        let solver = try Self.run(.mean, p: 2, projections: nil, settings: ["projections": .integer(50), "seed": .integer(0)])
        let expected = try #require(reference["seed0_n50_p2"] as? Double)
        #expect(abs(solver.evaluate().cost - expected) <= 1e-10, "otlab \(solver.evaluate().cost) vs POT \(expected)")
    }

    /// NumPy's `RandomState(3).randn(2, 3)`, printed by NumPy 1.26 (the stream under POT's seeds).
    @Test func legacyNormalsAreNumPys() {
        var random = LegacyNumPyRandom(seed: 3)
        let expected = [1.78862847, 0.43650985, 0.09649747, -1.8634927, -0.2773882, -0.35475898]
        for value in expected {
            let draw = random.nextNormal()
            #expect(abs(draw - value) < 1e-8, "\(draw) vs \(value)")
        }
    }

    /// A wrong-shaped direction file is an input error naming the expected shape.
    @Test func wrongDirectionShapeIsRefused() throws {
        let bad = DenseMatrix(rows: 2, columns: 5)
        #expect(throws: InputError.self) {
            _ = try SlicedWasserstein(problem: try BarycenterReference.cloudProblem(), parameters: SlicedWasserstein.descriptor.defaults, projections: bad)
        }
    }
}
