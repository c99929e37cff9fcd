import Foundation
import Testing

/// `otlab` is one self-contained file: copied out of the build folder and run from `/`, it lists
/// every preset of the repository's presets/ (built in), runs them, and adds the presets of the
/// folder `OTLAB_PRESETS` names.
@Suite struct CopiedBinaryTests {
    @Test func copiedBinaryFindsTheBuiltInPresets() throws {
        let folder = try OtlabProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("otlab")
        try FileManager.default.copyItem(at: OtlabProcess.executable, to: copy)
        let root = URL(fileURLWithPath: "/")
        var environment = ["OTLAB_PRESETS": ""]

        let listing = try OtlabProcess.run(["presets"], in: root, environment: environment, executable: copy)
        #expect(listing.status == 0, "\(listing.stderr)")
        let repository = OtlabProcess.repositoryRoot.appendingPathComponent("presets")
        let names = try FileManager.default.contentsOfDirectory(atPath: repository.path)
            .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }
        let listed = Set(listing.stdout.split(separator: "\n").compactMap { $0.dropFirst(4).split(separator: " ").first.map(String.init) })
        #expect(!names.isEmpty && listed == Set(names), "listed \(listed.sorted()), presets/ has \(names.sorted())")

        // A preset whose problem is two pictures in presets/data, read from the built-in copy.
        let run = try OtlabProcess.run(["run", "color-transfer", "--max-iter", "3", "--json"], in: root, environment: environment, executable: copy)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\"solver\":\"sinkhorn-log\""))

        // OTLAB_PRESETS adds a folder of the user's own presets to the built-in ones.
        let mine = folder.appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: mine, withIntermediateDirectories: true)
        let welcome = try String(contentsOf: repository.appendingPathComponent("welcome.yaml"), encoding: .utf8)
        try welcome.replacingOccurrences(of: "name: welcome", with: "name: my-own")
            .write(to: mine.appendingPathComponent("my-own.yaml"), atomically: true, encoding: .utf8)
        environment["OTLAB_PRESETS"] = mine.path
        let both = try OtlabProcess.run(["presets"], in: root, environment: environment, executable: copy)
        #expect(both.status == 0, "\(both.stderr)")
        #expect(both.stdout.contains("my-own") && both.stdout.contains("welcome"))
        let own = try OtlabProcess.run(["run", "my-own", "--max-iter", "2"], in: root, environment: environment, executable: copy)
        #expect(own.status == 0, "\(own.stderr)")

        let version = try OtlabProcess.run(["--version"], in: root, executable: copy)
        #expect(version.status == 0 && !version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
    }
}
