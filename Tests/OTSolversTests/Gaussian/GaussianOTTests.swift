import OTCore
import Testing
@testable import OTSolvers

/// The Gaussian closed form against POT 0.9.7's `empirical_bures_wasserstein_distance` (squared)
/// and `empirical_bures_wasserstein_mapping` on two weighted 3-D clouds, reg = 1e-6.
@Suite("Gaussian closed form (Bures) against POT")
struct GaussianOTTests {
    @Test func distanceAndMapMatchPOT() throws {
        let reference = try BarycenterReference.section("gaussian")
        let problem = try BarycenterReference.cloudProblem()
        let solver = try GaussianOT(problem: problem, parameters: GaussianOT.descriptor.defaults)
        #expect(solver.step() == .converged)
        let expected = try #require(reference["w2"] as? Double)
        let cost = solver.evaluate().cost
        #expect(abs(cost - expected) <= 1e-10, "otlab \(cost) vs POT \(expected)")
        #expect(abs(solver.meanTerm + solver.buresTerm - cost) <= 1e-15)
        let map = try #require(solver.mapMatrix)
        let expectedA = try #require(reference["map_A"] as? [[Double]])
        #expect(BarycenterReference.maxDifference(map.storage, expectedA.flatMap { $0 }) <= 1e-10)
        let expectedB = try #require(reference["map_b"] as? [Double])
        #expect(BarycenterReference.maxDifference(solver.mapOffset, expectedB) <= 1e-10)
    }

    /// The map pushes the source's fitted Gaussian onto the target's: the mapped cloud's weighted
    /// mean and covariance (without the reg) equal the target's fit to 1e-9.
    @Test func mapPushesMomentsForward() throws {
        let problem = try BarycenterReference.cloudProblem()
        var parameters = GaussianOT.descriptor.defaults
        try parameters.set("cov-reg", .real(0))
        let solver = try GaussianOT(problem: problem, parameters: parameters)
        #expect(solver.step() == .converged)
        let mapped = try #require(solver.mappedPoints(problem.source.points!))
        let (mean, covariance) = GaussianOT.moments(mapped, problem.a, reg: 0)
        #expect(BarycenterReference.maxDifference(mean, solver.targetMean) <= 1e-9)
        #expect(BarycenterReference.maxDifference(covariance.storage, solver.targetCovariance.storage) <= 1e-9)
    }

    /// The square root from the Jacobi eigendecomposition squares back to the matrix.
    @Test func symmetricSquareRoot() {
        let m = DenseMatrix([[4, 1, 0.5], [1, 3, 0.2], [0.5, 0.2, 2]])
        let root = SymmetricEigen.squareRoot(m)
        let square = SymmetricEigen.product(root, root)
        #expect(BarycenterReference.maxDifference(square.storage, m.storage) <= 1e-13)
    }
}
