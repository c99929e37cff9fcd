import Foundation
import Testing

/// `otlab run NAME` for the lessons with their own statistic (issue 19): the figures are in the
/// `--json` summary under `lesson` and follow the text summary; a preset naming an unknown
/// statistic or setting is refused naming the field. The figures themselves are checked against
/// numpy/POT in OTSessionTests/Lessons; here, that the runs deliver what the lessons promise.
@Suite struct LessonStatisticCommandTests {
    static func lesson(_ preset: String) throws -> (run: [String: Any], figures: [String: Any]) {
        let result = try OtlabProcess.run(["run", preset, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let lesson = try #require(object["lesson"] as? [String: Any], "no lesson in \(result.stdout)")
        return (object, try #require(lesson["figures"] as? [String: Any]))
    }

    @Test func routingReportsLoadsAndImbalance() throws {
        let (run, figures) = try Self.lesson("expert-routing")
        let softmax = try #require(figures["softmax_loads"] as? [Double])
        let plan = try #require(figures["plan_loads"] as? [Double])
        #expect(softmax.count == 8 && plan.count == 8)
        #expect(softmax.reduce(0, +) == 256 && plan.reduce(0, +) == 256)
        // Imbalance is the largest load over the mean, 32.
        let softmaxImbalance = try #require(figures["softmax_imbalance"] as? Double)
        #expect(abs(softmaxImbalance - softmax.max()! / 32) < 1e-12)
        let planImbalance = try #require(figures["plan_imbalance"] as? Double)
        #expect(abs(planImbalance - plan.max()! / 32) < 1e-12)
        #expect(softmaxImbalance > 2 * planImbalance)
        #expect(run["status"] as? String == "converged")
        // The run converges after 10 iterations: its plan routes as the 10-iteration baseline.
        #expect(figures["plan_loads"] as? [Double] == figures["sinkhorn_10_loads"] as? [Double])
    }

    @Test func selfLabellingReachesEqualClusterSizes() throws {
        let (_, figures) = try Self.lesson("self-labelling")
        let soft = try #require(figures["plan_soft_sizes"] as? [Double])
        #expect(soft.count == 4)
        for size in soft { #expect(abs(size - 75) < 1e-8, "soft size \(size) is not N/K = 75") }
        let hard = try #require(figures["plan_sizes"] as? [Double])
        #expect(hard.reduce(0, +) == 300)
        for size in hard { #expect(abs(size - 75) <= 2, "hard size \(size)") }
        let before = try #require(figures["before_sizes"] as? [Double])
        #expect(before.max()! > 1.5 * 75)
    }

    @Test func attentionReportsColumnsAndEntropy() throws {
        let (_, figures) = try Self.lesson("doubly-stochastic")
        let softmax = try #require(figures["softmax_column_deviation"] as? Double)
        let plan = try #require(figures["plan_column_deviation"] as? Double)
        #expect(softmax > 1)
        #expect(plan < 1e-8)
        let entropy = try #require(figures["plan_row_entropy"] as? Double)
        #expect(entropy > 0 && entropy < log(64))
    }

    @Test func textSummaryEndsWithTheLessonRows() throws {
        let result = try OtlabProcess.run(["run", "expert-routing"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("softmax top-1"))
        #expect(result.stdout.contains("sinkhorn k=3"))
        #expect(result.stdout.contains("this plan"))
    }

    @Test func unknownStatisticIsRefusedNamingTheField() throws {
        let directory = try OtlabProcess.temporaryDirectory()
        let path = directory.appendingPathComponent("stat.yaml")
        let base = "name: stat\ndescription: x\nsolver: sinkhorn\nproblem: {generator: gating-logits, n: 16}\n"
        try (base + "statistic: no-such-statistic\n").write(to: path, atomically: true, encoding: .utf8)
        var result = try OtlabProcess.run(["run", path.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("field statistic"), "\(result.stderr)")
        try (base + "statistic: {name: routing, kk: 2}\n").write(to: path, atomically: true, encoding: .utf8)
        result = try OtlabProcess.run(["run", path.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("field statistic.kk"), "\(result.stderr)")
        // A statistic on a problem it does not understand: refused with the reason.
        try "name: stat\ndescription: x\nsolver: sinkhorn\nproblem: {generator: gating-logits, n: 16, experts: 4}\nstatistic: attention\n"
            .write(to: path, atomically: true, encoding: .utf8)
        result = try OtlabProcess.run(["run", path.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("square score matrix"), "\(result.stderr)")
    }
}
