import Foundation
import Testing

/// Drives `otlab interpolate`: the written CSV holds μ_t and reads back as a measure.
@Suite struct InterpolateCommandTests {
    let directory: URL

    init() throws {
        directory = try OtlabProcess.temporaryDirectory()
        // 1-D clouds: the target is the source shifted by 10 (in shuffled order), so W2² = 100 and
        // the exact plan matches sorted points.
        try "x\n0\n1\n2\n3\n".write(to: directory.appendingPathComponent("a.csv"), atomically: true, encoding: .utf8)
        try "x\n13\n10\n12\n11\n".write(to: directory.appendingPathComponent("b.csv"), atomically: true, encoding: .utf8)
        try "x,y\n0,0\n1,0\n".write(to: directory.appendingPathComponent("plane.csv"), atomically: true, encoding: .utf8)
    }

    private func rows(_ name: String) throws -> [[Double]] {
        let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { $0.split(separator: ",").compactMap { Double($0) } }
    }

    @Test func writesTheInterpolatedPointsWithWeights() throws {
        let result = try OtlabProcess.run(["interpolate", "a.csv", "b.csv", "--t", "0.3", "--out", "mid.csv"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("t = 0.3"))
        let header = try String(contentsOf: directory.appendingPathComponent("mid.csv"), encoding: .utf8).split(separator: "\n").first
        #expect(header == "x0,weight")
        let points = try rows("mid.csv").sorted { $0[0] < $1[0] }
        #expect(points.count == 4)
        for (i, row) in points.enumerated() {
            #expect(abs(row[0] - (Double(i) + 3)) < 1e-12, "point \(i): \(row[0])")
            #expect(abs(row[1] - 0.25) < 1e-15)
        }
    }

    @Test func outputFeedsBackIntoSolve() throws {
        let made = try OtlabProcess.run(["interpolate", "a.csv", "b.csv", "--t", "0.5", "--out", "half.csv"], in: directory)
        #expect(made.status == 0, "\(made.stderr)")
        // W2²(μ_0.5, μ_1) = (1 − 0.5)² · 100 = 25.
        let solved = try OtlabProcess.run(["solve", "half.csv", "b.csv", "--solver", "emd", "--json"], in: directory)
        #expect(solved.status == 0, "\(solved.stderr)")
        let line = try #require(solved.stdout.split(separator: "\n").last)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(abs((object["cost"] as? Double ?? 0) - 25) < 1e-9)
    }

    @Test func entropicSolverSaysWhatTheThresholdDropped() throws {
        let result = try OtlabProcess.run(["interpolate", "a.csv", "b.csv", "--t", "0.5", "--out", "blur.csv",
                                           "--solver", "sinkhorn-log", "--reg", "1", "--threshold", "1e-3"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("dropped"))
        let points = try rows("blur.csv")
        #expect(points.count > 4 && points.count <= 16)
        #expect(abs(points.reduce(0) { $0 + $1[1] } - 1) < 1e-3)
    }

    @Test func badArgumentsExitTwoNamingTheProblem() throws {
        let late = try OtlabProcess.run(["interpolate", "a.csv", "b.csv", "--t", "1.5", "--out", "x.csv"], in: directory)
        #expect(late.status == 2)
        #expect(late.stderr.contains("--t") && late.stderr.contains("between 0 and 1"))
        let format = try OtlabProcess.run(["interpolate", "a.csv", "b.csv", "--t", "0.5", "--out", "x.npy"], in: directory)
        #expect(format.status == 2)
        #expect(format.stderr.contains("--out"))
        let dimensions = try OtlabProcess.run(["interpolate", "a.csv", "plane.csv", "--t", "0.5", "--out", "x.csv"], in: directory)
        #expect(dimensions.status == 2)
        #expect(dimensions.stderr.contains("plane.csv"), "\(dimensions.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("x.csv").path))

        // Weight vectors with a cost matrix (POT's a, b, M) have nothing to move.
        let inputs = OtlabProcess.repositoryRoot.appendingPathComponent("Tests/otlabTests/BadInputs")
        let vectors = try OtlabProcess.run(["interpolate", inputs.appendingPathComponent("weights3.npy").path, inputs.appendingPathComponent("weights4.npy").path,
                                            "--cost-matrix", inputs.appendingPathComponent("cost3x4.npy").path, "--t", "0.5", "--out", "x.csv"], in: directory)
        #expect(vectors.status == 2)
        #expect(vectors.stderr.contains("weights3.npy") && vectors.stderr.contains("no point coordinates"), "\(vectors.stderr)")
        let missing = try OtlabProcess.run(["interpolate", "nowhere.csv", "b.csv", "--t", "0.5", "--out", "x.csv"], in: directory)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nowhere.csv"))
        #expect(missing.stderr.split(separator: "\n").count == 1, "one line: \(missing.stderr)")
    }
}
