import Testing
@testable import OTCore

@Suite struct SimplexProjectionTests {
    /// Sort-based reference (Duchi et al. 2008), as in POT's `projection_simplex`.
    static func sortedProjection(_ y: [Double], _ z: Double) -> [Double] {
        let u = y.sorted(by: >)
        var cumulative = 0.0, tau = 0.0
        for (k, value) in u.enumerated() {
            cumulative += value
            let candidate = (cumulative - z) / Double(k + 1)
            if value - candidate > 0 { tau = candidate }
        }
        return y.map { max($0 - tau, 0) }
    }

    /// A deterministic pseudo-random vector (LCG), so failures reproduce.
    static func vector(_ n: Int, seed: UInt64, spread: Double) -> [Double] {
        var state = seed &* 6364136223846793005 &+ 1442695040888963407
        return (0..<n).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (Double(state >> 11) / Double(1 << 53) - 0.5) * spread
        }
    }

    @Test(arguments: [1, 2, 5, 17, 100, 1000])
    func matchesSortBasedProjection(n: Int) {
        for seed in 0..<20 {
            let y = Self.vector(n, seed: UInt64(seed + 31 * n), spread: seed % 2 == 0 ? 2 : 0.01)
            for z in [1.0, 0.3, 7.5] {
                let x = SimplexProjection.project(y, total: z)
                let reference = Self.sortedProjection(y, z)
                for k in 0..<n { #expect(abs(x[k] - reference[k]) < 1e-12) }
                #expect(abs(x.reduce(0, +) - z) < 1e-12 * max(1, z))
                #expect(x.allSatisfy { $0 >= 0 })
            }
        }
    }

    @Test func knownSmallCases() {
        #expect(SimplexProjection.project([0.5, 0.5], total: 1) == [0.5, 0.5])
        #expect(SimplexProjection.project([2, 0], total: 1) == [1, 0])
        // y = (1, 0.5, -1): tau = 0.25 -> (0.75, 0.25, 0).
        let x = SimplexProjection.project([1, 0.5, -1], total: 1)
        #expect(abs(x[0] - 0.75) < 1e-15 && abs(x[1] - 0.25) < 1e-15 && x[2] == 0)
        // Ties and a zero total.
        #expect(SimplexProjection.project([3, 3, 3], total: 0.3).allSatisfy { abs($0 - 0.1) < 1e-15 })
        #expect(SimplexProjection.project([0.2, -4, 1], total: 0) == [0, 0, 0])
    }

    @Test func topKKeepsTheLargestAndIsTheBestSparseProjection() {
        let n = 12
        var workspace = SimplexProjection.Workspace(capacity: n)
        var out = [Double](repeating: 0, count: n)
        for seed in 0..<30 {
            let y = Self.vector(n, seed: UInt64(seed), spread: 3)
            for k in [1, 2, 3, 5, 12, 20] {
                let kept = y.withUnsafeBufferPointer { ys in
                    out.withUnsafeMutableBufferPointer { SimplexProjection.projectTopK(ys, k: k, total: 1, into: $0, workspace: &workspace) }
                }
                #expect(kept == min(k, n))
                #expect(out.filter { $0 > 0 }.count <= k)
                #expect(abs(out.reduce(0, +) - 1) < 1e-12)
                // Equals the plain projection of the k largest entries.
                let order = (0..<n).sorted { y[$0] > y[$1] }
                let top = Array(order.prefix(k))
                let projected = Self.sortedProjection(top.map { y[$0] }, 1)
                var expected = [Double](repeating: 0, count: n)
                for (t, index) in top.enumerated() { expected[index] = projected[t] }
                for i in 0..<n { #expect(abs(out[i] - expected[i]) < 1e-12) }
                // No other support of size k does better (brute force for k = 2).
                if k == 2 {
                    let best = zip(out, y).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
                    for p in 0..<n {
                        for q in (p + 1)..<n {
                            let pair = Self.sortedProjection([y[p], y[q]], 1)
                            var distance = 0.0
                            for i in 0..<n {
                                let xi = i == p ? pair[0] : (i == q ? pair[1] : 0)
                                distance += (xi - y[i]) * (xi - y[i])
                            }
                            #expect(best <= distance + 1e-12)
                        }
                    }
                }
            }
        }
    }
}
