import Foundation
import Testing

/// Drives `otlab monge-gap`: the JSON fields against POT's values for the lesson maps, the two input
/// layouts, and bad input named with exit status 2.
@Suite struct MongeGapCommandTests {
    let directory: URL

    init() throws {
        directory = try OtlabProcess.temporaryDirectory()
        // A swap of two points: moving along it costs 1, the optimal cost between the two clouds is 0.
        try "x\n0\n1\n".write(to: directory.appendingPathComponent("x.csv"), atomically: true, encoding: .utf8)
        try "x\n1\n0\n".write(to: directory.appendingPathComponent("tx.csv"), atomically: true, encoding: .utf8)
        try "x\n1\n0\n5\n".write(to: directory.appendingPathComponent("three.csv"), atomically: true, encoding: .utf8)
        try "x\n1\nnan\n".write(to: directory.appendingPathComponent("nan.csv"), atomically: true, encoding: .utf8)
        try "".write(to: directory.appendingPathComponent("empty.csv"), atomically: true, encoding: .utf8)
    }

    private func object(_ stdout: String) throws -> [String: Any] {
        let line = try #require(stdout.split(separator: "\n").last)
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func jsonGivesTheGapTheTransportCostAndW() throws {
        let result = try OtlabProcess.run(["monge-gap", "x.csv", "tx.csv", "--json"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try object(result.stdout)
        #expect(json["monge_gap"] as? Double == 1)
        #expect(json["transport_cost"] as? Double == 1)
        #expect(json["wasserstein"] as? Double == 0)
        #expect(json["method"] as? String == "exact")
        #expect(json["cost"] as? String == "sqeuclidean")
    }

    @Test func lessonMapsMatchPOT() throws {
        let reference = try JSONSerialization.jsonObject(with: Data(contentsOf: OtlabProcess.repositoryRoot
            .appendingPathComponent("Tests/Reference/lessons/monge_gap_reference.json"))) as? [String: Any]
        let maps = try #require(reference?["maps"] as? [String: [String: Any]])
        for name in ["ot-map", "rotation", "fold"] {
            let expected = try #require(maps[name])
            let result = try OtlabProcess.run(["monge-gap", "presets/data/monge-\(name).csv", "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            let json = try object(result.stdout)
            for key in ["monge_gap", "transport_cost", "wasserstein"] {
                let got = try #require(json[key] as? Double), want = try #require(expected[key] as? Double)
                #expect(abs(got - want) < 1e-9, "\(name) \(key): \(got) vs POT \(want)")
            }
        }
    }

    @Test func entropicGapUsesTheRegularizedCost() throws {
        let result = try OtlabProcess.run(["monge-gap", "presets/data/monge-rotation.csv", "--reg", "0.05", "--tol", "1e-11", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try object(result.stdout)
        #expect(json["method"] as? String == "entropic")
        #expect(json["reg"] as? Double == 0.05)
        // POT: 1.3577191872141874 - 0.8793510762495101 (make_monge_gap_reference.py).
        let gap = try #require(json["monge_gap"] as? Double)
        #expect(abs(gap - 0.47836811096467724) < 1e-7, "\(gap)")
        #expect((json["plan_cost"] as? Double ?? 0) < (json["wasserstein"] as? Double ?? 0))
    }

    @Test func textSummaryNamesTheThreeFigures() throws {
        let result = try OtlabProcess.run(["monge-gap", "x.csv", "tx.csv", "--cost", "cityblock"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("cityblock, exact"))
        #expect(result.stdout.contains("Monge gap") && result.stdout.contains("100.0% of the transport cost"))
    }

    @Test func badInputExitsTwoNamingTheFile() throws {
        let cases: [([String], [String])] = [
            (["x.csv", "three.csv"], ["three.csv", "has 3 points", "x.csv has 2"]),
            (["x.csv", "nan.csv"], ["nan.csv", "line 3", "finite"]),
            (["empty.csv", "tx.csv"], ["empty.csv", "empty"]),
            (["x.csv"], ["x.csv", "1 coordinate column", "even"]),
            (["x.csv", "tx.csv", "--cost", "cosine"], ["--cost", "cosine"]),
            (["x.csv", "tx.csv", "--reg", "-1"], ["--reg"]),
            (["x.csv", "tx.csv", "--tol", "1e-9"], ["--tol", "--reg"]),
            (["missing.csv", "tx.csv"], ["missing.csv"]),
        ]
        for (arguments, needles) in cases {
            let result = try OtlabProcess.run(["monge-gap"] + arguments, in: directory)
            #expect(result.status == 2, "\(arguments): \(result.status) \(result.stderr)")
            #expect(result.stdout.isEmpty)
            for needle in needles { #expect(result.stderr.contains(needle), "\(arguments): \(result.stderr)") }
        }
    }
}
