import Foundation
import Testing

/// `otlab bench` at a tiny size: exits 0, prints the table and writes the JSON with its keys.
@Suite struct BenchCommandTests {
    @Test func tinySuiteWritesJSON() throws {
        let directory = try OtlabProcess.temporaryDirectory()
        let path = directory.appendingPathComponent("bench.json").path
        let result = try OtlabProcess.run(["bench", "--sizes", "50", "--repeats", "1", "--json-out", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("sinkhorn-log"))
        #expect(result.stdout.contains("fused-pass floor"))
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for key in ["problem", "repeats", "fixed_iterations", "tol", "results", "floor", "sinkhorn_over_floor_n1000"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        // The floor is timed in alternation with Sinkhorn iterations on the same problem.
        let floors = try #require(object["floor"] as? [[String: Any]])
        #expect(floors.count == 1)
        for key in ["kv_ms", "fused_ms", "sinkhorn_ms", "ratio", "ratio_over_kv"] {
            #expect((floors.first?[key] as? Double ?? 0) > 0, "floor \(key)")
        }
        let rows = try #require(object["results"] as? [[String: Any]])
        #expect(Set(rows.compactMap { $0["solver"] as? String }) == ["sinkhorn", "sinkhorn-log", "sinkhorn-f32", "emd"])
        for row in rows {
            for key in ["solver", "n", "ms_per_iter", "iterations_to_tol", "seconds_to_tol", "seconds", "cost", "peak_mb"] {
                #expect(row[key] != nil, "missing \(key) in \(row)")
            }
            #expect(row["n"] as? Int == 50)
            #expect((row["cost"] as? Double ?? 0) > 0)
        }
    }

    @Test func exportsProblemsAsNPY() throws {
        let directory = try OtlabProcess.temporaryDirectory()
        let result = try OtlabProcess.run(["bench", "--sizes", "20", "--export-problems", directory.path])
        #expect(result.status == 0, "\(result.stderr)")
        for name in ["M.npy", "a.npy", "b.npy", "xs.npy", "xt.npy"] {
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("n20/\(name)").path), "missing \(name)")
        }
    }

    /// `--tts` on the small 1-D histograms (sizes divided by 25): every candidate is reported, and
    /// the ones that converge have their marginal error checked on the plan they return.
    @Test func timeToSolutionSuiteChecksThePlans() throws {
        let directory = try OtlabProcess.temporaryDirectory()
        let path = directory.appendingPathComponent("tts.json").path
        let result = try OtlabProcess.run(["bench", "--tts", "--tts-scale", "25", "--tts-only", "histograms", "--startup-runs", "0",
                                           "--no-floor", "--repeats", "1", "--tts-budget", "10", "--json-out", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("histograms-1d-40") && result.stdout.contains("best by hand"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        let problems = try #require(object["problems"] as? [[String: Any]])
        #expect(problems.count == 1)
        let problem = try #require(problems.first)
        #expect(problem["tol"] as? Double == 1e-6 && problem["reg"] as? Double == 1e-3)
        let outcomes = try #require(problem["outcomes"] as? [[String: Any]])
        #expect(outcomes.contains { $0["label"] as? String == "sinkhorn-log" })
        let log = try #require(outcomes.first { $0["label"] as? String == "sinkhorn-log" })
        #expect(log["status"] as? String == "converged")
        #expect((log["checked_error"] as? Double ?? 1) <= 1e-6 && log["met"] as? Bool == true)
        #expect(problem["best_by_hand"] is String)
    }

    @Test func exportsTheTimeToSolutionProblems() throws {
        let directory = try OtlabProcess.temporaryDirectory()
        let result = try OtlabProcess.run(["bench", "--tts", "--tts-scale", "25", "--export-problems", directory.path])
        #expect(result.status == 0, "\(result.stderr)")
        for problem in ["clouds-40-reg0.01", "clouds-40-reg2e-3", "assignment-20", "pot-small-reg-4", "histograms-1d-40", "images-8"] {
            for name in ["M.npy", "a.npy", "b.npy", "problem.json"] {
                #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("\(problem)/\(name)").path), "missing \(problem)/\(name)")
            }
        }
        let meta = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("assignment-20/problem.json"))) as? [String: Any])
        #expect(meta["tol"] as? Double == 1e-9 && meta["n"] as? Int == 20)
        #expect(abs((meta["reg"] as? Double ?? 0) - 1.0 / 1200) < 1e-18)
    }
}
