import Foundation
import Testing

/// Every preset in presets/ parses and runs headless to the end it is meant to reach.
@Suite struct PresetTests {
    static let names: [String] = {
        let folder = OtlabProcess.repositoryRoot.appendingPathComponent("presets")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }()

    /// Presets that teach a failure: they must fail, with the reason.
    static let expectedToDiverge: Set<String> = ["plain-vs-log"]

    /// Presets whose iterations take seconds (large problems): run for two iterations only.
    static let heavy: Set<String> = ["large-clouds"]

    /// The data issue asks for at least 12, covering every solver in the registry.
    @Test func thereArePresetsForEverySolver() throws {
        #expect(Self.names.count >= 12)
        let folder = OtlabProcess.repositoryRoot.appendingPathComponent("presets")
        var solvers = Set<String>()
        for name in Self.names {
            let text = try String(contentsOf: folder.appendingPathComponent(name + ".yaml"), encoding: .utf8)
            for line in text.split(separator: "\n") where line.hasPrefix("solver:") {
                solvers.insert(line.dropFirst("solver:".count).trimmingCharacters(in: .whitespaces))
            }
        }
        let listing = try OtlabProcess.run(["solvers"])
        let registry = listing.stdout.split(separator: "\n").compactMap { line -> String? in
            guard let range = line.range(of: "  —  ") else { return nil }
            return String(line[..<range.lowerBound])
        }
        #expect(registry.count >= 15)
        #expect(Set(registry).subtracting(solvers).isEmpty, "solvers without a preset: \(Set(registry).subtracting(solvers).sorted())")
    }

    @Test(arguments: names)
    func presetRunsHeadless(name: String) throws {
        let result = try OtlabProcess.run(["run", name, "--json"] + (Self.heavy.contains(name) ? ["--max-iter", "2"] : []))
        let line = try #require(result.stdout.split(separator: "\n").last, "no output: \(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let status = object["status"] as? String
        if Self.expectedToDiverge.contains(name) {
            #expect(result.status == 1)
            #expect(status == "diverged")
            #expect((object["reason"] as? String)?.contains("sinkhorn-log") == true)
        } else {
            #expect(result.status == 0, "\(result.stderr)")
            #expect(status == "converged" || status == "max_iter")
            #expect((object["cost"] as? Double)?.isFinite == true)
        }
    }

    @Test func malformedPresetNamesTheField() throws {
        let directory = try OtlabProcess.temporaryDirectory()
        let path = directory.appendingPathComponent("broken.yaml")
        try "name: broken\ndescription: x\nsolver: sinkhorn\nproblem:\n  source: {generator: gaussian2d, n: 0}\n  target: {generator: gaussian2d}\n"
            .write(to: path, atomically: true, encoding: .utf8)
        let result = try OtlabProcess.run(["run", path.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("broken.yaml"))
        #expect(result.stderr.contains("field n"))
    }

    @Test func unknownPresetListsTheKnownOnes() throws {
        let result = try OtlabProcess.run(["run", "no-such-preset"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("welcome"))
    }
}
