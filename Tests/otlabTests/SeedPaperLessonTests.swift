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

/// The distillation and W-CFM lessons headless: their statistic in `otlab run --json`, their own
/// sweep in `otlab sweep --preset NAME --json`, against the numpy/POT references.
@Suite struct SeedPaperSweepLessonTests {
    @Test func distillationRunAndSweepMatchTheReference() throws {
        let reference = try SeedPaperLessonTests.reference("distillation_reference.json")
        let points = try #require(reference["sweep"] as? [[String: Any]])
        func point(_ shift: Double) throws -> [String: Any] { try #require(points.first { ($0["shift"] as? Double) == shift }) }
        let (statistic, figures) = try SeedPaperLessonTests.lesson("distillation-divergences")
        #expect(statistic == "distillation")
        let three = try point(3)
        for key in ["kl", "reverse_kl", "js"] {
            let got = try #require(figures[key] as? Double), want = try #require(three[key] as? Double)
            #expect(abs(got - want) < 1e-10 * max(1, want), "\(key): \(got) vs \(want)")
        }
        // The preset's tolerance (1e-10) leaves the Sinkhorn distance within 1e-7 of POT's.
        #expect(abs((figures["sinkhorn"] as? Double ?? 0) - (three["sinkhorn"] as? Double ?? 1)) < 1e-7)

        let sweep = try OtlabProcess.run(["sweep", "--preset", "distillation-divergences", "--json"])
        #expect(sweep.status == 0, "\(sweep.stderr)")
        let lines = sweep.stdout.split(separator: "\n")
        #expect(lines.count == 8)
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let shift = try #require(object["shift"] as? Double)
            let values = try #require(object["figures"] as? [String: Any])
            let want = try point(shift)
            #expect(abs((values["js"] as? Double ?? -1) - (want["js"] as? Double ?? 0)) < 1e-12, "shift \(shift)")
            #expect(abs((values["sinkhorn"] as? Double ?? -1) - (want["sinkhorn"] as? Double ?? 0)) < 1e-7, "shift \(shift)")
        }
    }

    @Test func wcfmRunAndSweepMatchTheReference() throws {
        let reference = try SeedPaperLessonTests.reference("wcfm_reference.json")
        let points = try #require(reference["sweep"] as? [[String: Any]])
        let (statistic, figures) = try SeedPaperLessonTests.lesson("wcfm-couplings")
        #expect(statistic == "gibbs-coupling")
        let n64 = try #require(points.first { ($0["n"] as? Int) == 64 })
        #expect(abs((figures["gibbs_marginal_bias"] as? Double ?? -1) - (n64["gibbs_marginal_bias"] as? Double ?? 0)) < 1e-9)
        #expect(abs((figures["gibbs_plan_distance"] as? Double ?? -1) - (n64["gibbs_plan_distance"] as? Double ?? 0)) < 1e-7)

        let sweep = try OtlabProcess.run(["sweep", "--preset", "wcfm-couplings", "--json"])
        #expect(sweep.status == 0, "\(sweep.stderr)")
        let biases = try sweep.stdout.split(separator: "\n").map { line -> Double in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return try #require((object["figures"] as? [String: Any])?["gibbs_marginal_bias"] as? Double)
        }
        let want = points.compactMap { $0["gibbs_marginal_bias"] as? Double }
        #expect(biases.count == want.count)
        for (got, expected) in zip(biases, want) { #expect(abs(got - expected) < 1e-9) }
    }
}
