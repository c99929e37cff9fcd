import Foundation
import Testing
import OTData

/// `otlab solve --solver gw | fgw | entropic-gw` headless: the GW loss as `cost`, the plan through
/// `--plan-out`, equal to POT 0.9.7's on the committed reference cases
/// (Tests/OTSolversTests/Reference/data/gromov, made by make_reference_gromov.py).
@Suite struct GromovCommandTests {
    let directory: URL

    init() throws { directory = try OtlabProcess.temporaryDirectory() }

    static func reference(_ name: String) -> URL {
        OtlabProcess.repositoryRoot.appendingPathComponent("Tests/OTSolversTests/Reference/data/gromov").appendingPathComponent(name)
    }

    private func json(_ text: String) throws -> [String: Any] {
        let line = try #require(text.split(separator: "\n").last)
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    private func referenceLoss(_ name: String) throws -> Double {
        let data = try Data(contentsOf: Self.reference(name).appendingPathComponent("values.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(object["loss"] as? Double)
    }

    @Test(arguments: [
        ("gw_square", ["--solver", "gw"], 1e-8),
        ("gw_kl", ["--solver", "gw", "--param", "loss=kl_loss"], 1e-8),
        ("fgw_square", ["--solver", "fgw", "--alpha", "0.5"], 1e-8),
        ("entropic_gw_square", ["--solver", "entropic-gw", "--reg", "0.01"], 1e-7),
    ])
    func solveReportsPOTsLossAndPlan(name: String, flags: [String], tolerance: Double) throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let folder = Self.reference(name)
        func file(_ key: String) -> String { folder.appendingPathComponent(key + ".npy").path }
        var arguments = ["solve", file("p"), file("q"), "--intra-costs", file("C1"), file("C2")] + flags
        if FileManager.default.fileExists(atPath: file("M")) { arguments += ["--cost-matrix", file("M")] }
        let planPath = directory.appendingPathComponent("plan.npy").path
        let result = try OtlabProcess.run(arguments + ["--json", "--plan-out", planPath], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try json(result.stdout)
        #expect(object["status"] as? String == "converged")
        let cost = try #require(object["cost"] as? Double)
        let expected = try referenceLoss(name)
        #expect(abs(cost - expected) <= tolerance, "\(name): cost \(cost), POT \(expected)")
        let plan = try NPYReader.read(at: planPath).values
        let reference = try NPYReader.read(at: file("plan")).values
        #expect(plan.count == reference.count)
        let difference = zip(plan, reference).map { abs($0 - $1) }.max() ?? .infinity
        #expect(difference <= tolerance, "\(name): plan differs by \(difference)")
    }

    /// Two clouds of different dimensions: gw takes them (intra costs from each cloud), fgw needs a
    /// feature cost and says how to give one, a linear solver refuses --intra-costs.
    @Test func cloudsOfDifferentDimensions() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try "x,y\n0,0\n1,0\n0,2\n3,1\n".write(to: directory.appendingPathComponent("a.csv"), atomically: true, encoding: .utf8)
        try "x,y,z\n0,0,0\n0,1,0\n0,0,2\n1,0,3\n".write(to: directory.appendingPathComponent("b.csv"), atomically: true, encoding: .utf8)
        let gw = try OtlabProcess.run(["solve", "a.csv", "b.csv", "--solver", "gw", "--restarts", "3", "--seed", "4", "--json"], in: directory)
        #expect(gw.status == 0, "\(gw.stderr)")
        let object = try json(gw.stdout)
        let extras = try #require(object["extras"] as? [String: Any])
        #expect(extras["start"] as? Double == 3)
        #expect((object["cost"] as? Double).map { $0 >= 0 } == true)
        let fgw = try OtlabProcess.run(["solve", "a.csv", "b.csv", "--solver", "fgw"], in: directory)
        #expect(fgw.status == 2)
        #expect(fgw.stderr.contains("feature cost"))
        let linear = try OtlabProcess.run(["solve", "a.csv", "a.csv", "--solver", "emd", "--intra-costs", "x.npy", "y.npy"], in: directory)
        #expect(linear.status == 2)
        #expect(linear.stderr.contains("--intra-costs"))
    }
}

/// The protein lesson runs headless and its plan maps as many residues to their own residue number
/// as its explanation says.
@Suite struct ProteinLessonTests {
    @Test func proteinAlignmentMatchesTheStatedFigure() throws {
        let directory = try OtlabProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let planPath = directory.appendingPathComponent("plan.npy").path
        let result = try OtlabProcess.run(["run", "protein-alignment", "--json", "--plan-out", planPath])
        #expect(result.status == 0, "\(result.stderr)")
        let plan = try NPYReader.read(at: planPath)
        #expect(plan.shape == [214, 214])
        var same = 0
        for i in 0..<214 {
            let row = plan.values[(i * 214)..<((i + 1) * 214)]
            if row.indices.max(by: { row[$0] < row[$1] }) == i * 214 + i { same += 1 }
        }
        #expect(same == 111)
        let preset = try String(contentsOf: OtlabProcess.repositoryRoot.appendingPathComponent("presets/protein-alignment.yaml"), encoding: .utf8)
        #expect(preset.contains("maps 111 of 214"))
        #expect(preset.contains("gives 79 of 214"))
    }
}
