import Foundation
import Testing
import OTData

/// Drives `otlab solve` as a script would: files in, JSON and files out, exit statuses.
@Suite struct SolveCommandTests {
    let directory: URL

    init() throws {
        directory = try OtlabProcess.temporaryDirectory()
        // Two small clouds; the second has a weight column.
        try "x,y\n0,0\n1,0\n0,1\n1,1\n".write(to: directory.appendingPathComponent("a.csv"), atomically: true, encoding: .utf8)
        try "x,y,weight\n2,2,1\n3,2,2\n2,3,1\n".write(to: directory.appendingPathComponent("b.csv"), atomically: true, encoding: .utf8)
    }

    private func json(_ text: String) throws -> [String: Any] {
        let line = try #require(text.split(separator: "\n").last)
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func jsonSummaryHasTheContractFields() throws {
        let result = try OtlabProcess.run(["solve", "a.csv", "b.csv", "--solver", "sinkhorn-log", "--reg", "0.5", "--normalize", "--json"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try json(result.stdout)
        for key in ["solver", "status", "iterations", "seconds", "cost", "objective", "marginal_error", "mass", "nnz", "parameters"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        #expect(object["status"] as? String == "converged")
        #expect((object["marginal_error"] as? Double ?? 1) < 1e-9)
        #expect(abs((object["mass"] as? Double ?? 0) - 1) < 1e-9)
        let parameters = try #require(object["parameters"] as? [String: Any])
        #expect(parameters["reg"] as? Double == 0.5)
    }

    /// `--solver auto` reports its choice and reason (`auto_choice`) and reaches the tolerance.
    @Test func autoReportsItsChoiceInJSONAndSummary() throws {
        let result = try OtlabProcess.run(["solve", "a.csv", "b.csv", "--solver", "auto", "--reg", "0.5", "--tol", "1e-10", "--normalize", "--json"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try json(result.stdout)
        #expect(object["solver"] as? String == "auto")
        #expect(object["status"] as? String == "converged")
        #expect((object["marginal_error"] as? Double ?? 1) < 1e-10)
        let choice = try #require(object["auto_choice"] as? [String: Any])
        #expect(choice["method"] as? String == "sinkhorn")
        #expect((choice["reason"] as? String ?? "").contains("C/reg reaches"))
        #expect(choice["switches"] is [Any])

        let plain = try OtlabProcess.run(["solve", "a.csv", "b.csv", "--solver", "auto", "--reg", "1/1200", "--normalize"], in: directory)
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stdout.contains("choice          auto -> sns: C/reg reaches"), "\(plain.stdout)")
    }

    @Test func unequalMassesWithoutNormalizeAreExplained() throws {
        // a.csv has uniform weights (mass 1); b.csv's weights sum to 4.
        let result = try OtlabProcess.run(["solve", "a.csv", "b.csv", "--solver", "sinkhorn"], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains("equal masses"))
        #expect(result.stderr.contains("--normalize"))
    }

    @Test func progressStreamsOneJSONLinePerIteration() throws {
        let result = try OtlabProcess.run(["solve", "a.csv", "b.csv", "--normalize", "--solver", "sinkhorn", "--reg", "1", "--max-iter", "7", "--tol", "1e-15", "--progress"], in: directory)
        #expect(result.status == 0)
        // The record stream (docs/record-stream.md): header, seven records, plan snapshots, potentials, summary.
        let lines = try result.stdout.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(lines.map { $0["type"] as? String }.filter { $0 == "record" }.count == 7, "seven iterations")
        #expect(lines.first?["stream"] as? String == "otlab/1")
        #expect(lines.first?["type"] as? String == "header")
        #expect(lines.first?["n"] as? Int == 4)
        #expect(lines.contains { $0["type"] as? String == "plan" })
        #expect(lines.contains { $0["type"] as? String == "potentials" })
        let summary = try json(result.stdout)
        #expect(summary["type"] as? String == "summary")
        #expect(summary["status"] as? String == "max_iter")
        let first = try #require(lines.first { $0["type"] as? String == "record" })
        #expect(first["iteration"] as? Int == 1)
        #expect(first["cost"] as? Double != nil)
    }

    /// `auto`'s first choice is in the stream's header, so a watcher says what runs from the start;
    /// it is the choice the summary reports (no switch on this small problem).
    @Test func progressHeaderSaysWhatAutoChose() throws {
        let result = try OtlabProcess.run(["solve", "a.csv", "b.csv", "--normalize", "--solver", "auto", "--reg", "1", "--tol", "1e-9", "--progress"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try result.stdout.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        let header = try #require(lines.first?["auto_choice"] as? [String: Any])
        let summary = try #require(lines.last?["auto_choice"] as? [String: Any])
        #expect(header["method"] as? String == "sinkhorn")
        #expect((header["reason"] as? String)?.contains("C/reg reaches") == true)
        #expect(header["method"] as? String == summary["method"] as? String)
        #expect(header["reason"] as? String == summary["reason"] as? String)
    }

    @Test func divergenceExitsOneWithTheReasonAndNoFigures() throws {
        let result = try OtlabProcess.run(["solve", "a.csv", "b.csv", "--normalize", "--solver", "sinkhorn", "--reg", "1e-4", "--json"], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr.contains("kernel underflow"))
        #expect(result.stderr.contains("use sinkhorn-log"))
        let object = try json(result.stdout)
        #expect(object["status"] as? String == "diverged")
        #expect(object["cost"] is NSNull, "a diverged run reports no cost")
    }

    @Test func planAndLogAreWritten() throws {
        let result = try OtlabProcess.run(["solve", "a.csv", "b.csv", "--normalize", "--reg", "0.5",
                                           "--plan-out", "plan.npy", "--log-out", "log.csv"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let plan = try Data(contentsOf: directory.appendingPathComponent("plan.npy"))
        #expect(plan.starts(with: [0x93] + Array("NUMPY".utf8)))
        let log = try String(contentsOf: directory.appendingPathComponent("log.csv"), encoding: .utf8)
        #expect(log.hasPrefix("iteration,seconds,marginal_error,cost,objective,dual_objective"))
        #expect(log.split(separator: "\n").count > 2)
    }

    @Test func badCSVNamesFileLineAndProblem() throws {
        try "x,y\n0,0\n1,abc\n".write(to: directory.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
        let result = try OtlabProcess.run(["solve", "bad.csv", "b.csv"], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains("bad.csv"))
        #expect(result.stderr.contains("line 3"))
        #expect(result.stderr.contains("abc"))
    }

    @Test func badNPYNamesFileAndProblem() throws {
        try Data("not a numpy file".utf8).write(to: directory.appendingPathComponent("bad.npy"))
        let result = try OtlabProcess.run(["solve", "bad.npy", "b.csv"], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains("bad.npy"))
    }

    @Test func missingFileIsBadInput() throws {
        let result = try OtlabProcess.run(["solve", "nope.csv", "b.csv"], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains("nope.csv"))
    }

    @Test func scoresGiveADoublyStochasticMatrix() throws {
        // A 3 x 3 score matrix written as .npy by our own writer format (f8, C order).
        let scores: [Double] = [0.5, -1, 2, 1, 0, -0.5, -2, 1.5, 0.25]
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 3), }"
        while (10 + header.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.count), 0])
        data.append(Data(header.utf8))
        for value in scores { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        try data.write(to: directory.appendingPathComponent("S.npy"))
        let result = try OtlabProcess.run(["solve", "--scores", "S.npy", "--solver", "doubly-stochastic", "--reg", "1", "--plan-out", "P.csv", "--json"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try String(contentsOf: directory.appendingPathComponent("P.csv"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: ",").compactMap { Double($0) } }
        #expect(rows.count == 3)
        for i in 0..<3 {
            #expect(abs(rows[i].reduce(0, +) - 1) < 1e-9, "row \(i) sums to 1")
            #expect(abs(rows.map { $0[i] }.reduce(0, +) - 1) < 1e-9, "column \(i) sums to 1")
        }
    }

    @Test func imagesAreDensitiesAndEMDGivesTheirW2() throws {
        // Two 4 x 4 grey pictures, one bright pixel each: W2^2 is the squared pixel distance.
        func pgm(_ bright: (Int, Int)) -> Data {
            var pixels = [UInt8](repeating: 0, count: 16)
            pixels[bright.1 * 4 + bright.0] = 255
            return Data("P5 4 4 255\n".utf8) + Data(pixels)
        }
        try pgm((0, 0)).write(to: directory.appendingPathComponent("a.pgm"))
        try pgm((3, 2)).write(to: directory.appendingPathComponent("b.pgm"))
        let result = try OtlabProcess.run(["solve", "a.pgm", "b.pgm", "--solver", "emd", "--json"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try json(result.stdout)["cost"] as? Double == 13, "3^2 + 2^2")
    }

    @Test func npzArchiveWithABAndM() throws {
        // Written with NumPy's layout: a stored zip of .npy members (our own NPY writer makes them).
        let result = try OtlabProcess.run(["solve", "missing.npz", "--solver", "emd"], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains("missing.npz"))
    }

    @Test func heatmapOutWritesAPNGOfThePlan() throws {
        let result = try OtlabProcess.run(["solve", "a.csv", "b.csv", "--normalize", "--solver", "emd", "--heatmap-out", "plan.png"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        // A 4 x 3 plan in 64-pixel squares.
        let image = try PNGReader.read(at: directory.appendingPathComponent("plan.png").path)
        #expect(image.width == 192 && image.height == 256)
        let wrong = try OtlabProcess.run(["solve", "a.csv", "b.csv", "--normalize", "--heatmap-out", "plan.jpg"], in: directory)
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("--heatmap-out: \"plan.jpg\" has an unsupported extension; expected .png"))
    }
}
