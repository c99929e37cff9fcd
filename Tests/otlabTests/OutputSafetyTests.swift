import Foundation
import Testing

/// Outputs never damage files: an output that is an input (by name, through a symlink or a hard link)
/// or another output of the same command is refused with exit status 2 before anything is solved or
/// written; an output path that is a symlink is written through to its target, the link kept.
@Suite struct OutputSafetyTests {
    let directory: URL
    let source = "x,y\n0,0\n1,0\n0,1\n1,1\n"

    init() throws {
        directory = try OtlabProcess.temporaryDirectory()
        try source.write(to: url("a.csv"), atomically: true, encoding: .utf8)
        try "x,y\n2,2\n3,2\n2,3\n3,3\n".write(to: url("b.csv"), atomically: true, encoding: .utf8)
    }

    func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    func solve(_ extra: [String]) throws -> OtlabProcess.Result {
        try OtlabProcess.run(["solve", "a.csv", "b.csv", "--solver", "emd"] + extra, in: directory)
    }

    @Test(arguments: [["--plan-out", "a.csv"], ["--plan-out", "./sub/../a.csv"], ["--log-out", "b.csv"]])
    func anOutputThatIsAnInputIsRefused(flags: [String]) throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: url("sub"), withIntermediateDirectories: true)
        let before = try Data(contentsOf: url(flags[1].hasSuffix("b.csv") ? "b.csv" : "a.csv"))
        let result = try solve(flags)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("\(flags[0]): \(flags[1]) is the"), "\(result.stderr)")
        #expect(result.stderr.contains("refusing to replace an input with an output"), "\(result.stderr)")
        #expect(try Data(contentsOf: url(flags[1].hasSuffix("b.csv") ? "b.csv" : "a.csv")) == before)
    }

    @Test func anOutputLinkedToAnInputIsRefused() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createSymbolicLink(atPath: url("link.csv").path, withDestinationPath: "a.csv")
        try FileManager.default.linkItem(at: url("a.csv"), to: url("hard.csv"))
        for name in ["link.csv", "hard.csv"] {
            let result = try solve(["--plan-out", name])
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stderr.contains("--plan-out: \(name) is the source file a.csv"), "\(result.stderr)")
        }
        #expect(try String(contentsOf: url("a.csv"), encoding: .utf8) == source)
    }

    @Test func twoOutputsOnOneFileAreRefused() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try solve(["--plan-out", "out.csv", "--log-out", "out.csv"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("--log-out: out.csv is the same file as --plan-out out.csv; give each output its own file"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: url("out.csv").path), "nothing is written")
    }

    @Test func aSymlinkOutputIsWrittenThroughToItsTarget() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: url("plans"), withIntermediateDirectories: true)
        try "old".write(to: url("plans/real.csv"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: url("plan.csv").path, withDestinationPath: "plans/real.csv")
        // A dangling link: its target is created.
        try FileManager.default.createSymbolicLink(atPath: url("log.csv").path, withDestinationPath: "plans/log-target.csv")
        let result = try solve(["--plan-out", "plan.csv", "--log-out", "log.csv"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: url("plan.csv").path) == "plans/real.csv", "the link stays a link")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: url("log.csv").path) == "plans/log-target.csv")
        let plan = try String(contentsOf: url("plans/real.csv"), encoding: .utf8)
        // emd between two 4-point uniform clouds, shifted by (2, 2): the sparse plan is the identity.
        #expect(plan == "row,column,value\n0,0,0.25\n1,1,0.25\n2,2,0.25\n3,3,0.25\n", "\(plan)")
        #expect(try String(contentsOf: url("plans/log-target.csv"), encoding: .utf8).hasPrefix("iteration"))
        // No temporary file left beside either target.
        #expect(try FileManager.default.contentsOfDirectory(atPath: url("plans").path).sorted() == ["log-target.csv", "real.csv"])
    }

    @Test func runRefusesAnOutputThatIsItsPreset() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let preset = """
            name: mine
            title: Mine
            description: two clouds
            problem:
              source: a.csv
              target: b.csv
            solver: emd
            """
        try preset.write(to: url("mine.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: url("preset-link.csv").path, withDestinationPath: "mine.yaml")
        for (flag, name, role) in [("--log-out", "preset-link.csv", "preset"), ("--plan-out", "b.csv", "target")] {
            let result = try OtlabProcess.run(["run", url("mine.yaml").path, flag, name], in: directory)
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stderr.contains("\(flag): \(name) is the \(role) file"), "\(result.stderr)")
        }
        #expect(try String(contentsOf: url("mine.yaml"), encoding: .utf8) == preset)
    }
}
