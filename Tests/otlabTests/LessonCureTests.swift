import Foundation
import Testing
import OTData

/// A lesson that shows a failure names its cure in words (the description) and in its `cure:` block;
/// the cure must converge on the lesson's own problem when run headless with `otlab run NAME --cure`.
@Suite struct LessonCureTests {
    static let presets: [Preset] = {
        let folder = OtlabProcess.repositoryRoot.appendingPathComponent("presets")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".yaml") }.sorted().compactMap { try? PresetParser.load(path: folder.appendingPathComponent($0).path) }
    }()

    static let cured: [String] = presets.filter { $0.cure != nil }.map(\.name)

    /// The lessons that teach a failure (their own run diverges) all carry a cure.
    @Test func everyFailingLessonNamesACure() throws {
        #expect(Self.presets.count >= 12)
        #expect(Self.cured.contains("plain-vs-log"))
        for name in PresetTests.expectedToDiverge {
            #expect(Self.cured.contains(name), "\(name) shows a failure but names no cure")
        }
    }

    /// The cure in the description is the one in the cure block: its solver and every parameter value.
    @Test(arguments: cured)
    func descriptionNamesTheCure(name: String) throws {
        let preset = try #require(Self.presets.first { $0.name == name })
        let cure = try #require(preset.cure)
        let words = preset.description.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("pick \(cure.solver)"), "the description of \(name) does not say to pick \(cure.solver)")
        for (parameter, value) in cure.parameters where parameter != "max-iter" {
            #expect(words.contains("\(parameter) \(value)"), "the description of \(name) does not state \(parameter) \(value)")
        }
    }

    /// `otlab run NAME --cure` ends converged, within the cure's own max-iter.
    @Test(arguments: cured)
    func cureConvergesHeadless(name: String) throws {
        let result = try OtlabProcess.run(["run", name, "--cure", "--json"])
        let line = try #require(result.stdout.split(separator: "\n").last, "no output: \(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let cure = try #require(Self.presets.first { $0.name == name }?.cure)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(object["status"] as? String == "converged")
        #expect(object["solver"] as? String == cure.solver)
        let tolerance = try #require(cure.parameters.first { $0.0 == "tol" }.flatMap { Double($0.1) })
        let error = try #require(object["marginal_error"] as? Double)
        #expect(error < tolerance)
    }

    @Test func cureFlagWithoutACureIsAUsageError() throws {
        let result = try OtlabProcess.run(["run", "welcome", "--cure"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("cure"))
    }
}
