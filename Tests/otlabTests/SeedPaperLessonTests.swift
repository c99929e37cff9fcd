import Foundation
import Testing

/// The seed-paper lessons 48-53 run headless (`otlab run NAME --json`) with their own statistic
/// under `lesson`, and its figures match the independent numpy/POT computations committed in
/// Tests/Reference/lessons.
@Suite struct SeedPaperLessonTests {
    static func reference(_ file: String) throws -> [String: Any] {
        let url = OtlabProcess.repositoryRoot.appendingPathComponent("Tests/Reference/lessons/\(file)")
        return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    /// The `lesson` object of `otlab run NAME --json`.
    static func lesson(_ name: String) throws -> (statistic: String, figures: [String: Any]) {
        let result = try OtlabProcess.run(["run", name, "--json"])
        #expect(result.status == 0, "\(name): \(result.stderr)")
        let line = try #require(result.stdout.split(separator: "\n").last)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let lesson = try #require(object["lesson"] as? [String: Any], "\(name) has no lesson figures")
        return (try #require(lesson["statistic"] as? String), try #require(lesson["figures"] as? [String: Any]))
    }

    @Test(arguments: ["ot-map", "rotation", "fold"])
    func mongeGapLessonsGiveTheGapOfTheirMap(map: String) throws {
        let maps = try #require(try Self.reference("monge_gap_reference.json")["maps"] as? [String: [String: Any]])
        let expected = try #require(maps[map])
        let (statistic, figures) = try Self.lesson("monge-gap-\(map)")
        #expect(statistic == "monge-gap")
        let gap = try #require(figures["monge_gap"] as? Double), want = try #require(expected["monge_gap"] as? Double)
        #expect(abs(gap - want) < 1e-9, "\(map): \(gap) vs POT \(want)")
        let cost = try #require(figures["plan_cost"] as? Double), w = try #require(expected["wasserstein"] as? Double)
        #expect(abs(cost - w) < 1e-9)
        if map == "ot-map" { #expect(abs(gap) < 1e-6) }
    }
}
