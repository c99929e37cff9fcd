import Foundation
import OTCore
import OTData
import TestReference
import Testing
@testable import OTSolvers

/// W2^2 between two PGM pictures read as image densities, against POT's `ot.emd2` on the same
/// pixel clouds (`Reference/make_reference_images.py` wrote the pictures and the value).
@Suite("Image densities against POT (emd)")
struct ImageReferenceTests {
    /// The values `make_reference_images.py` wrote into `data/images/images_w2.json`.
    struct Reference: Decodable {
        let source: String
        let target: String
        let n: Int
        let m: Int
        let emd2: Double
    }

    static var folder: URL { ReferenceProblem.dataDirectory.appendingPathComponent("images") }

    static func reference() throws -> Reference {
        try ReferenceFiles.decode(Reference.self, from: folder.appendingPathComponent("images_w2.json"))
    }

    /// Loading through MeasureLoader and ProblemBuilder (as `otlab solve a.pgm b.pgm` does) keeps the
    /// non-zero pixels only, and the exact cost agrees with POT to 1e-9 relative (observed ~1e-15:
    /// pixel-centre differences are exact in binary, so both sides build the same cost matrix).
    @Test func emdOnTwoPicturesMatchesPOT() throws {
        let reference = try Self.reference()
        let builder = ProblemBuilder(sourcePath: Self.folder.appendingPathComponent(reference.source).path,
                                     targetPath: Self.folder.appendingPathComponent(reference.target).path)
        let problem = try builder.build()
        #expect(problem.sourceCount == reference.n)
        #expect(problem.targetCount == reference.m)
        #expect(abs(problem.source.totalMass - 1) < 1e-14 && abs(problem.target.totalMass - 1) < 1e-14)

        var parameters = NetworkSimplex.descriptor.defaults
        try parameters.set("max-iter", .integer(1_000_000))
        let solver = try NetworkSimplex(problem: problem, parameters: parameters)
        #expect(runToEnd(solver) == .converged)
        let cost = solver.evaluate().cost
        #expect(relativeError(cost, reference.emd2) <= 1e-9, "otlab \(cost) vs POT \(reference.emd2)")
        #expect(solver.marginalError < 1e-12)
    }
}
