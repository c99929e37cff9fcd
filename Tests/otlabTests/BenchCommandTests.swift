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
}
