import Foundation
import Testing

/// A run that must fail numerically, and the cure its reason must name.
struct DivergingRun: Sendable, CustomTestStringConvertible {
    var name: String
    var arguments: [String]
    var solver: String
    var cure: String

    var testDescription: String { name }
}

/// The numerical-failure path of every solver that can fail (issue 7): exit status 1, status
/// "diverged", a reason naming the cure, and no figures. Solvers that work in the log domain
/// must converge on the same problems. Inputs come from `Tests/otlabTests/BadInputs/`.
@Suite struct NumericalFailureTests {
    static let corpus = BadInputTests.corpus

    /// Four points against three (weights 1, 2, 1); sqeuclidean costs up to 13.
    static let clouds = ["solve", "good2d.csv", "heavier.csv", "--normalize"]
    /// Uniform 3-point weights with a cost whose third row is about 1e6 everywhere.
    static let hugeRange = ["solve", "weights3.npy", "weights3.npy", "--cost-matrix", "huge_range_cost.npy"]

    static let diverging: [DivergingRun] = [
        .init(name: "sinkhorn at tiny reg", arguments: clouds + ["--reg", "1e-4"], solver: "sinkhorn", cure: "use sinkhorn-log or a larger reg"),
        .init(name: "greenkhorn at tiny reg", arguments: clouds + ["--reg", "1e-4"], solver: "greenkhorn", cure: "use sinkhorn-log or a larger reg"),
        .init(name: "sinkhorn on a cost with huge range", arguments: hugeRange + ["--reg", "1"], solver: "sinkhorn", cure: "use sinkhorn-log or a larger reg"),
        .init(name: "greenkhorn on a cost with huge range", arguments: hugeRange + ["--reg", "1"], solver: "greenkhorn", cure: "use sinkhorn-log or a larger reg"),
        .init(name: "partial-entropic at small reg", arguments: clouds + ["--reg", "1e-2"], solver: "partial-entropic", cure: "use a larger reg"),
    ]

    private func summary(_ stdout: String) throws -> [String: Any] {
        let line = try #require(stdout.split(separator: "\n").last)
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test(arguments: diverging)
    func divergesWithReasonAndCure(_ run: DivergingRun) throws {
        let result = try OtlabProcess.run(run.arguments + ["--solver", run.solver, "--json"], in: Self.corpus)
        #expect(result.status == 1, "\(run.name): status \(result.status), stderr: \(result.stderr)")
        #expect(result.stderr.contains("\(run.solver) diverged"), "\(result.stderr)")
        #expect(result.stderr.contains(run.cure), "\(result.stderr)")
        let object = try summary(result.stdout)
        #expect(object["solver"] as? String == run.solver)
        #expect(object["status"] as? String == "diverged")
        let reason = try #require(object["reason"] as? String, "a diverged run gives its reason")
        #expect(reason.contains(run.cure), "\(reason)")
        #expect(object["cost"] is NSNull, "a diverged run reports no cost")
        #expect(object["objective"] is NSNull)
    }

    /// Where plain Sinkhorn underflows, the log-domain solvers (and Sinkhorn-Newton-Sparse, which
    /// warms up in the log domain) still finish with a finite cost.
    @Test(arguments: [
        ("sinkhorn-log", clouds + ["--reg", "1e-4"]),
        ("sns", clouds + ["--reg", "1e-4"]),
        ("divergence", clouds + ["--reg", "1e-4"]),
        ("sinkhorn-log", hugeRange + ["--reg", "1"]),
        ("sns", hugeRange + ["--reg", "1"]),
    ])
    func logDomainSolversSurviveWherePlainSinkhornFails(_ solver: String, _ arguments: [String]) throws {
        let plain = try OtlabProcess.run(arguments + ["--solver", "sinkhorn", "--json"], in: Self.corpus)
        #expect(plain.status == 1, "plain sinkhorn must fail on this problem")
        let result = try OtlabProcess.run(arguments + ["--solver", solver, "--json"], in: Self.corpus)
        #expect(result.status == 0, "\(solver): \(result.stderr)")
        let object = try summary(result.stdout)
        let status = object["status"] as? String
        #expect(status == "converged" || status == "max_iter", "\(solver): \(status ?? "nil")")
        let cost = try #require(object["cost"] as? Double, "\(solver) reports a cost")
        #expect(cost.isFinite)
        #expect(!result.stderr.contains("diverged"))
    }

    /// A run whose error floors above an unreachable tol finishes at max_iter with a stall warning
    /// that says what helps; the figures stay valid (not a divergence).
    @Test func stalledRunWarnsAndNamesTheCure() throws {
        let result = try OtlabProcess.run(
            ["solve", "good2d.csv", "good2d.csv", "--solver", "sinkhorn-log", "--reg", "1", "--tol", "1e-18", "--max-iter", "2000", "--json"],
            in: Self.corpus)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try summary(result.stdout)
        #expect(object["status"] as? String == "max_iter")
        let warning = try #require(object["warning"] as? String)
        #expect(warning.hasPrefix("stalled: the marginal error has stayed near"), "\(warning)")
        #expect(warning.contains("raise tol"))
        #expect((object["cost"] as? Double)?.isFinite == true)
    }
}
