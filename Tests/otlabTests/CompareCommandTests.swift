import Foundation
import Testing

/// Drives `otlab compare` as a script would: several solvers on one problem, JSON lines out.
@Suite struct CompareCommandTests {
    let directory: URL

    init() throws {
        directory = try OtlabProcess.temporaryDirectory()
        try "x,y\n0,0\n1,0\n0,1\n1,1\n0.5,0.5\n".write(to: directory.appendingPathComponent("a.csv"), atomically: true, encoding: .utf8)
        try "x,y,weight\n2,2,1\n3,2,2\n2,3,1\n2.5,2.5,1\n".write(to: directory.appendingPathComponent("b.csv"), atomically: true, encoding: .utf8)
    }

    private func objects(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test func jsonListsEverySolverWithTheFiguresOfSingleSolves() throws {
        let flags = ["--reg", "0.5", "--tol", "1e-10", "--normalize"]
        let result = try OtlabProcess.run(["compare", "a.csv", "b.csv", "--solvers", "sinkhorn-log,sns,greenkhorn", "--json"] + flags, in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try objects(result.stdout)
        #expect(lines.map { $0["name"] as? String } == ["sinkhorn-log", "sns", "greenkhorn"])
        for line in lines {
            let name = try #require(line["name"] as? String)
            #expect(line["status"] as? String == "converged", "\(name)")
            let iterations = try #require(line["iterations"] as? Int)
            let error = try #require(line["marginalError"] as? Double)
            let cost = try #require(line["cost"] as? Double)
            #expect(iterations > 0)
            #expect(error < 1e-10, "\(name): final error \(error)")
            #expect(line["seconds"] as? Double != nil)
            let log = try #require(line["log"] as? [[String: Any]])
            #expect(log.last?["iteration"] as? Int == iterations, "\(name): the log ends at the final iteration")
            #expect((log.first?["marginalError"] as? Double ?? 0) > error, "\(name): the error fell")

            // The same solver alone through `otlab solve`: the same iterations, error and cost.
            let alone = try OtlabProcess.run(["solve", "a.csv", "b.csv", "--solver", name, "--json"] + flags, in: directory)
            #expect(alone.status == 0, "\(alone.stderr)")
            let summary = try #require(try objects(alone.stdout).last)
            #expect(summary["iterations"] as? Int == iterations, "\(name)")
            #expect(abs((summary["cost"] as? Double ?? .nan) - cost) <= 1e-12 * abs(cost), "\(name)")
            #expect(abs((summary["marginal_error"] as? Double ?? .nan) - error) <= 1e-12, "\(name)")
        }
        // One entropic problem, three methods: the costs agree to the tolerance.
        let costs = lines.compactMap { $0["cost"] as? Double }
        #expect(costs.max()! - costs.min()! < 1e-8, "\(costs)")
    }

    @Test func concurrentRunsGiveTheSameIterationsAndTheTableHasEveryColumn() throws {
        let flags = ["--solvers", "sinkhorn-log,sinkhorn,emd", "--reg", "0.5", "--normalize"]
        let table = try OtlabProcess.run(["compare", "a.csv", "b.csv", "--concurrent"] + flags, in: directory)
        #expect(table.status == 0, "\(table.stderr)")
        for word in ["solver", "status", "iterations", "seconds", "marginal error", "cost", "sinkhorn-log", "sinkhorn", "emd", "converged"] {
            #expect(table.stdout.contains(word), "missing \(word):\n\(table.stdout)")
        }
        let concurrent = try objects(try OtlabProcess.run(["compare", "a.csv", "b.csv", "--concurrent", "--json"] + flags, in: directory).stdout)
        let sequential = try objects(try OtlabProcess.run(["compare", "a.csv", "b.csv", "--json"] + flags, in: directory).stdout)
        #expect(concurrent.map { $0["iterations"] as? Int } == sequential.map { $0["iterations"] as? Int })
        // --reg is given to the solvers that have one; emd has none and runs exactly.
        let emd = try #require(sequential.last)
        let parameters = try #require(emd["parameters"] as? [String: Any])
        #expect(parameters["reg"] == nil)
    }

    @Test func presetSuppliesTheProblemAndItsParameters() throws {
        let result = try OtlabProcess.run(["compare", "--preset", "welcome", "--solvers", "sinkhorn-log,sinkhorn", "--max-iter", "15", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try objects(result.stdout)
        #expect(lines.count == 2)
        for line in lines {
            #expect(line["iterations"] as? Int == 15)
            #expect(line["status"] as? String == "max_iter")
            let parameters = try #require(line["parameters"] as? [String: Any])
            #expect(parameters["reg"] as? Double == 0.5, "the preset's reg")
        }
    }

    @Test func badSolverListsAreExplained() throws {
        let unknown = try OtlabProcess.run(["compare", "a.csv", "b.csv", "--solvers", "sinkhorn-log,nope", "--normalize"], in: directory)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("--solvers: unknown solver \"nope\""))
        let unequal = try OtlabProcess.run(["compare", "a.csv", "b.csv", "--solvers", "sinkhorn-log,sns"], in: directory)
        #expect(unequal.status == 2)
        #expect(unequal.stderr.contains("sinkhorn-log: sinkhorn-log needs equal masses"))
        let single = try OtlabProcess.run(["compare", "a.csv", "b.csv", "--solver", "sns"], in: directory)
        #expect(single.status == 2)
        #expect(single.stderr.contains("--solvers"))
        let missing = try OtlabProcess.run(["compare", "--solvers", "sns"], in: directory)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("--preset"))
    }
}
