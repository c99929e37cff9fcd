import Foundation
import Testing

/// Drives `otlab sweep`: one solver over several regularizations, cost against the exact cost.
@Suite struct SweepCommandTests {
    let directory: URL

    init() throws {
        directory = try OtlabProcess.temporaryDirectory()
        try "x,y\n0,0\n1,0\n0,1\n1,1\n0.5,0.5\n".write(to: directory.appendingPathComponent("a.csv"), atomically: true, encoding: .utf8)
        try "x,y\n2,2\n3,2\n2,3\n2.5,2.5\n4,4\n".write(to: directory.appendingPathComponent("b.csv"), atomically: true, encoding: .utf8)
    }

    private func objects(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test func costsFallTowardTheExactCostAsRegShrinks() throws {
        let result = try OtlabProcess.run(["sweep", "a.csv", "b.csv", "--solver", "sinkhorn-log", "--regs", "10,3,1,0.3",
                                           "--tol", "1e-10", "--max-iter", "200000", "--json"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try objects(result.stdout)
        #expect(lines.map { $0["reg"] as? Double } == [10, 3, 1, 0.3])
        let exact = try #require(lines.first?["exactCost"] as? Double)
        // The exact cost is what `otlab solve --solver emd` reports.
        let emd = try objects(try OtlabProcess.run(["solve", "a.csv", "b.csv", "--solver", "emd", "--json"], in: directory).stdout)
        let emdCost = try #require(emd.last?["cost"] as? Double)
        #expect(abs(exact - emdCost) < 1e-12 * emdCost, "\(exact) vs \(emdCost)")
        #expect(abs(exact - 10) < 1e-9, "POT's emd2 on these clouds: 10.0")

        let costs = try lines.map { try #require($0["cost"] as? Double) }
        let biases = try lines.map { try #require($0["bias"] as? Double) }
        for k in costs.indices {
            #expect(lines[k]["status"] as? String == "converged")
            #expect(abs(biases[k] - (costs[k] - exact)) < 1e-12)
            #expect(biases[k] > 0, "an entropic plan costs more than the exact one")
            if k > 0 { #expect(costs[k] < costs[k - 1], "cost falls as reg shrinks: \(costs)") }
        }
        #expect(biases.first! > 1, "reg 10 is far from exact: \(biases)")
        #expect(biases.last! < 0.12, "reg 0.3 is within 0.12 of exact (POT: 0.1089): \(biases)")
    }

    @Test func tableStatesTheExactCost() throws {
        let result = try OtlabProcess.run(["sweep", "a.csv", "b.csv", "--regs", "1,0.3"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        for word in ["reg", "cost", "bias", "relative bias", "exact cost (emd", "exact cost (emd, converged"] {
            #expect(result.stdout.contains(word), "missing \(word):\n\(result.stdout)")
        }
    }

    @Test func badRegsAndSolversWithoutRegAreInputErrors() throws {
        let bad = try OtlabProcess.run(["sweep", "a.csv", "b.csv", "--regs", "1,abc"], in: directory)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--regs: \"abc\" is not a positive number"))
        let emd = try OtlabProcess.run(["sweep", "a.csv", "b.csv", "--solver", "emd"], in: directory)
        #expect(emd.status == 2)
        #expect(emd.stderr.contains("emd has no regularization"))
    }
}
