import Foundation
import Testing
import OTCore
@testable import OTSolvers

/// GW compares distances only, so a cloud and a rotated copy of it (here rotated into 3-D) are at
/// GW loss zero, matched point to point; and the building blocks agree with direct formulas.
@Suite struct GromovInvarianceTests {
    /// 40 points of a seeded 2-D cloud with distinct pairwise distances.
    static func cloud(count: Int = 40) -> DenseMatrix {
        var generator = SplitMix64(seed: 7)
        return DenseMatrix(rows: count, columns: 2) { _, _ in generator.nextUnit() * 2 - 1 }
    }

    /// The cloud rotated by 0.7 rad in the plane, lifted to 3-D and turned 0.4 rad about the x axis.
    static func rotated(_ x: DenseMatrix) -> DenseMatrix {
        let c = cos(0.7), s = sin(0.7), ct = cos(0.4), st = sin(0.4)
        return DenseMatrix(rows: x.rows, columns: 3) { i, k in
            let u = c * x[i, 0] - s * x[i, 1], v = s * x[i, 0] + c * x[i, 1]
            return [u, ct * v, st * v][k]
        }
    }

    @Test(arguments: ["gw", "fgw"])
    func rotatedCloudIsMatchedToItself(solverName: String) throws {
        let x = Self.cloud(), y = Self.rotated(x)
        let n = x.rows
        // fgw's feature: each point's distance to the cloud's centroid (rotation-invariant too).
        let feature = DenseMatrix(rows: n, columns: n) { i, j in
            let r = x[i, 0] * x[i, 0] + x[i, 1] * x[i, 1]
            let t = y[j, 0] * y[j, 0] + y[j, 1] * y[j, 1] + y[j, 2] * y[j, 2]
            return (r - t) * (r - t)
        }
        let problem = TransportProblem(
            source: .uniform(points: x), target: .uniform(points: y), intraCosts: .fromPoints(x, y),
            featureCost: solverName == "fgw" ? feature : nil)
        let descriptor = try #require(SolverRegistry.descriptor(named: solverName))
        let parameters = descriptor.defaults
        let solver = try descriptor.makeSolver(problem: problem, parameters: parameters)
        var status = SolverStatus.running
        while status == .running { status = solver.step() }
        let plan = solver.plan().denseMatrix()
        // Every source point sends (nearly) all its mass to its own rotated copy.
        for i in 0..<n {
            let row = plan.row(i)
            let j = row.indices.max { row[$0] < row[$1] }!
            #expect(j == i, "\(solverName): point \(i) matched to \(j)")
        }
        #expect(status == .converged)
        #expect(solver.evaluate().cost < 1e-10)
        #expect(abs(plan[0, 0] - 1 / Double(n)) < 1e-12)
    }

    /// The tensor product through the decomposition equals the 4-index sum on a small problem, for
    /// both losses and asymmetric costs.
    @Test(arguments: GromovLoss.Kind.allCases)
    func lossEqualsTheFourIndexSum(kind: GromovLoss.Kind) {
        var generator = SplitMix64(seed: 3)
        let n = 5, m = 6
        let c1 = DenseMatrix(rows: n, columns: n) { _, _ in 0.1 + generator.nextUnit() }
        let c2 = DenseMatrix(rows: m, columns: m) { _, _ in 0.1 + generator.nextUnit() }
        let p = [Double](repeating: 1 / Double(n), count: n), q = [Double](repeating: 1 / Double(m), count: m)
        let t = GromovStart.random(p, q, seed: 1, start: 2)
        func inner(_ a: Double, _ b: Double) -> Double {
            kind == .square ? (a - b) * (a - b) : a * log(a / b) - a + b
        }
        var direct = 0.0
        for i in 0..<n { for k in 0..<n { for j in 0..<m { for l in 0..<m {
            direct += inner(c1[i, k], c2[j, l]) * t[i, j] * t[k, l]
        } } } }
        let loss = GromovLoss(kind: kind, c1: c1, c2: c2, p: p, q: q)
        #expect(!loss.symmetric)
        var workspace = GromovLoss.Workspace(rows: n, columns: m)
        #expect(abs(loss.loss(t, workspace: &workspace) - direct) < 1e-12 * max(1, abs(direct)))
    }

    /// `MatrixProduct.multiply` equals the triple loop on shapes with ragged tiles and more than one
    /// inner block.
    @Test(arguments: [(1, 1, 1), (3, 5, 7), (4, 16, 16), (9, 300, 37), (33, 17, 50)])
    func matrixProductEqualsTheTripleLoop(shape: (Int, Int, Int)) {
        let (n, k, m) = shape
        var generator = SplitMix64(seed: UInt64(n * 1000 + k * 10 + m))
        let a = DenseMatrix(rows: n, columns: k) { _, _ in generator.nextUnit() - 0.5 }
        let b = DenseMatrix(rows: k, columns: m) { _, _ in generator.nextUnit() - 0.5 }
        let c = MatrixProduct.multiply(a, b)
        for i in 0..<n {
            for j in 0..<m {
                var s = 0.0
                for p in 0..<k { s += a[i, p] * b[p, j] }
                #expect(abs(c[i, j] - s) < 1e-12, "entry (\(i), \(j))")
            }
        }
    }

    /// The squared-distance costs of a 2-D and a 3-D cloud (150 and 160 points) have rank 4 and 5:
    /// the factored tensor product equals the dense one to 1e-12 (square and kl losses; the kl loss's
    /// `log C2` is not of low rank and stays dense), and a cost without low rank is not factored.
    @Test(arguments: GromovLoss.Kind.allCases)
    func lowRankProductEqualsTheDenseOne(kind: GromovLoss.Kind) {
        var generator = SplitMix64(seed: 11)
        let x = DenseMatrix(rows: 150, columns: 2) { _, _ in generator.nextUnit() * 2 - 1 }
        let y = DenseMatrix(rows: 160, columns: 3) { _, _ in generator.nextUnit() * 2 - 1 }
        let shift = kind == .kl ? 0.1 : 0
        let c1 = DenseMatrix(rows: 150, columns: 150) { i, k in (0..<2).reduce(shift) { $0 + pow(x[i, $1] - x[k, $1], 2) } }
        let c2 = DenseMatrix(rows: 160, columns: 160) { j, l in (0..<3).reduce(shift) { $0 + pow(y[j, $1] - y[l, $1], 2) } }
        let p = [Double](repeating: 1.0 / 150, count: 150), q = [Double](repeating: 1.0 / 160, count: 160)
        let factored = GromovLoss(kind: kind, c1: c1, c2: c2, p: p, q: q)
        let dense = GromovLoss(kind: kind, c1: c1, c2: c2, p: p, q: q, factorize: false)
        #expect(factored.factorRanks.h1 == 4)
        #expect(factored.factorRanks.h2 == (kind == .square ? 5 : nil))
        #expect(dense.factorRanks.h1 == nil && dense.factorRanks.h2 == nil)
        let t = GromovStart.random(p, q, seed: 3, start: 2)
        var a = DenseMatrix(rows: 150, columns: 160), b = DenseMatrix(rows: 150, columns: 160)
        var workspace = GromovLoss.Workspace(rows: 150, columns: 160)
        factored.product(t, into: &a, workspace: &workspace)
        dense.product(t, into: &b, workspace: &workspace)
        let scale = b.storage.map(abs).max() ?? 1
        let difference = zip(a.storage, b.storage).map { abs($0 - $1) }.max() ?? .infinity
        #expect(difference <= 1e-12 * scale, "factored product differs by \(difference)")
        #expect(abs(factored.loss(t, workspace: &workspace) - dense.loss(t, workspace: &workspace)) <= 1e-12)
        // A cost of full rank: no factor.
        let noise = DenseMatrix(rows: 150, columns: 150) { i, k in i == k ? 0 : Double((i * 7919 + k * 104729) % 1000) / 1000 }
        #expect(LowRankFactor.factor(noise, maxRank: 15) == nil)
    }

    /// Random starts are couplings of the given marginals.
    @Test func randomStartHasTheMarginals() {
        let p = [0.1, 0.2, 0.3, 0.4], q = [0.25, 0.25, 0.5]
        let t = GromovStart.random(p, q, seed: 5, start: 2)
        #expect(TransportPlan.dense(t).marginalError(a: p, b: q) < 1e-13)
        #expect(t.storage.allSatisfy { $0 > 0 })
    }
}
