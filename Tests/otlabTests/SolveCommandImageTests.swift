import Foundation
import Testing

extension SolveCommandTests {
    /// `otlab solve a.pgm b.pgm --solver emd --json` on the two pictures of the POT image reference
    /// (`Tests/OTSolversTests/Reference/make_reference_images.py`) prints POT's `ot.emd2` to 1e-9
    /// relative.
    @Test func pgmPicturesGivePOTsW2() throws {
        let folder = OtlabProcess.repositoryRoot.appendingPathComponent("Tests/OTSolversTests/Reference/data/images")
        let referenceData = try Data(contentsOf: folder.appendingPathComponent("images_w2.json"))
        let reference = try #require(try JSONSerialization.jsonObject(with: referenceData) as? [String: Any])
        let expected = try #require(reference["emd2"] as? Double)
        let result = try OtlabProcess.run(["solve", "disc_12x12.pgm", "letter_14x10.pgm", "--solver", "emd", "--json"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let line = try #require(result.stdout.split(separator: "\n").last)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let cost = try #require(summary["cost"] as? Double)
        #expect(abs(cost - expected) / expected <= 1e-9, "otlab \(cost) vs POT \(expected)")
        #expect(summary["n"] as? Int == reference["n"] as? Int)
        #expect(summary["m"] as? Int == reference["m"] as? Int)
    }
}
