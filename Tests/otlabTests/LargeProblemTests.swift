import Foundation
import Testing

/// Point clouds past `TransportProblem.denseCostLimit` from the command line: the cost stays
/// implicit, solvers that need the matrix say so (naming sinkhorn-online), and the plan is not exported.
@Suite struct LargeProblemTests {
    /// Two 7,100-point CSV clouds (7,100^2 > 50 million cost entries).
    static func clouds() throws -> (URL, URL) {
        let directory = try OtlabProcess.temporaryDirectory()
        func write(_ name: String, shift: Double) throws -> URL {
            var text = "x,y\n"
            for i in 0..<7_100 { text += "\(Double(i % 89) / 89 + shift),\(Double(i % 97) / 97)\n" }
            let url = directory.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return url
        }
        return (try write("a.csv", shift: 0), try write("b.csv", shift: 0.5))
    }

    @Test func denseSolversRefuseAndNameTheTiledOne() throws {
        let (a, b) = try Self.clouds()
        let result = try OtlabProcess.run(["solve", a.path, b.path, "--solver", "sinkhorn-log"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("7100 x 7100 cost matrix"))
        #expect(result.stderr.contains("use sinkhorn-online"))
    }

    @Test func planExportIsRefusedBeforeSolving() throws {
        let (a, b) = try Self.clouds()
        let result = try OtlabProcess.run(["solve", a.path, b.path, "--solver", "sinkhorn-online", "--plan-out", "/tmp/never.npy"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("never.npy: the plan of this 7100 x 7100 problem is not formed"))
    }
}
