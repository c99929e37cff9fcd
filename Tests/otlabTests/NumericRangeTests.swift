import Foundation
import OTCore
import OTData
import Testing

/// Problems outside the range doubles can solve are refused with the cause named, never solved into
/// a wrong answer reported as right (issue 21): tiny total masses, costs and coordinates near the top
/// of the doubles, negative costs that overflow the kernel. Exit status 2 (bad input); inputs built here.
@Suite struct NumericRangeTests {
    let directory: URL

    init() throws {
        directory = try OtlabProcess.temporaryDirectory()
        func vector(_ name: String, _ values: [Double]) throws { try NPYWriter.write(vector: values, to: path(name)) }
        func matrix(_ name: String, _ rows: [[Double]]) throws { try NPYWriter.write(matrix: DenseMatrix(rows), to: path(name)) }
        try vector("tiny.npy", [0.5e-300, 0.5e-300])
        try vector("subnormal.npy", [Double.leastNonzeroMagnitude * 4, Double.leastNonzeroMagnitude * 4])
        try vector("small-a.npy", [0.5e-12, 0.5e-12])
        try vector("small-b.npy", [0.25e-12, 0.75e-12])
        try vector("ones.npy", [1, 1])
        try matrix("M.npy", [[0, 1], [1, 0]])
        try matrix("M1e308.npy", [[1e308, 1e308], [1e308, 1e308]])
        try matrix("negative.npy", [[-1000, 0], [0, -1000]])
        try "x\n6e153\n-6e153\n".write(to: url("far.csv"), atomically: true, encoding: .utf8)
        try "x\n0\n1\n".write(to: url("near.csv"), atomically: true, encoding: .utf8)
    }

    func url(_ name: String) -> URL { directory.appendingPathComponent(name) }
    func path(_ name: String) -> String { url(name).path }
    func run(_ arguments: [String]) throws -> OtlabProcess.Result { try OtlabProcess.run(arguments, in: directory) }

    @Test(arguments: ["sinkhorn", "sinkhorn-log", "emd", "quadratic"])
    func aTotalMassBelowTheFloorIsRefused(solver: String) throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        for weights in ["tiny.npy", "subnormal.npy"] {
            let result = try run(["solve", weights, weights, "--cost-matrix", "M.npy", "--solver", solver])
            #expect(result.status == 2, "\(solver) \(weights): \(result.stdout) \(result.stderr)")
            #expect(result.stderr.contains("otlab: \(weights): the weights sum to"), "\(result.stderr)")
            #expect(result.stderr.contains("below the floor of 1e-100"), "\(result.stderr)")
            #expect(result.stdout.isEmpty, "no figures for a refused problem")
        }
        // Rescaled to mass 1 the same problem solves, and the cost is the mass-1 cost (0: a = b).
        let normalized = try run(["solve", "tiny.npy", "tiny.npy", "--cost-matrix", "M.npy", "--solver", solver, "--normalize", "--json"])
        #expect(normalized.status == 0, "\(normalized.stderr)")
        #expect(normalized.stdout.contains("\"status\":\"converged\""), "\(normalized.stdout)")
    }

    /// Weights summing to 1e-12: the tolerance is taken relative to the mass. The absolute 1e-9 was
    /// met by the first iterate (the whole mass is 1e-12), which stopped at 2 iterations with a cost
    /// off by far more than tol. POT's sinkhorn2 on the mass-1 problem (reg 0.1, stopThr 1e-12) gives
    /// 0.2500000020611535; scaled by the mass, 2.500000020611535e-13.
    @Test func aSmallMassIsSolvedToARelativeTolerance() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try run(["solve", "small-a.npy", "small-b.npy", "--cost-matrix", "M.npy", "--solver", "sinkhorn", "--reg", "0.1", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let cost = try #require(object["cost"] as? Double)
        #expect(abs(cost - 2.500000020611535e-13) <= 1e-8 * 2.5e-13, "cost \(cost)")
        #expect((object["iterations"] as? Int ?? 0) > 2)
        #expect((object["marginal_error"] as? Double ?? 1) <= 1e-9 * 1e-12)
    }

    @Test(arguments: ["quadratic", "topk", "sinkhorn", "emd"])
    func coordinatesWhoseSquaredDistanceOverflowAreNamed(solver: String) throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try run(["solve", "far.csv", "near.csv", "--solver", solver])
        #expect(result.status == 2, "\(result.stdout) \(result.stderr)")
        #expect(result.stderr.contains("otlab: far.csv: point 0: the squared distance to point 0 of near.csv is 3.6e307"), "\(result.stderr)")
        #expect(result.stderr.contains("rescale the coordinates"), "\(result.stderr)")
        #expect(!result.stdout.contains("max_iter"))
    }

    @Test(arguments: ["emd", "mirror-sinkhorn", "partial", "sinkhorn-log", "sns", "unbalanced"])
    func costsNearTheTopOfTheDoublesAreRefused(solver: String) throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        var arguments = ["solve", "ones.npy", "ones.npy", "--cost-matrix", "M1e308.npy", "--solver", solver, "--json"]
        if solver == "partial" { arguments += ["--mass", "1"] }
        let result = try run(arguments)
        #expect(result.status == 2, "\(result.stdout) \(result.stderr)")
        #expect(result.stderr.contains("M1e308.npy: entry (0, 0): the cost is 1e308 (beyond ±1e150"), "\(result.stderr)")
        #expect(result.stderr.contains("rescale the cost matrix"))
        #expect(!result.stdout.contains("converged"))
    }

    @Test func scoresNearTheTopOfTheDoublesAreRefused() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try run(["solve", "--scores", "M1e308.npy", "--solver", "doubly-stochastic", "--json"])
        #expect(result.status == 2, "\(result.stdout) \(result.stderr)")
        #expect(result.stderr.contains("M1e308.npy: entry (0, 0): the score is 1e308"), "\(result.stderr)")
        #expect(!result.stdout.contains("converged"))
    }

    /// Negative costs make exp(-C/reg) overflow; partial-entropic called that an underflow.
    @Test func partialEntropicNamesAnOverflowAsAnOverflow() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try run(["solve", "ones.npy", "ones.npy", "--cost-matrix", "negative.npy", "--solver", "partial-entropic", "--mass", "1", "--reg", "1"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("exp(-C/reg) overflows at reg=1: the most negative cost -1000 gives -C/reg = 1000"), "\(result.stderr)")
        #expect(!result.stderr.contains("underflow"))
    }
}
