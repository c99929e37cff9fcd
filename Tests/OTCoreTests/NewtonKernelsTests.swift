import Foundation
import Testing
@testable import OTCore

/// The kernels added for Sinkhorn-Newton-Sparse and Sinkhorn acceleration.
@Suite struct NewtonKernelsTests {
    @Test func kthLargestMatchesSorting() {
        var state: UInt64 = 42
        for size in [1, 2, 7, 100, 1001] {
            // Values with many duplicates.
            let values = (0..<size).map { _ -> Double in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return Double((state >> 33) % 17)
            }
            let sorted = values.sorted(by: >)
            for k in Set([1, (size + 1) / 2, size]) {
                var scratch = values
                let found = scratch.withUnsafeMutableBufferPointer { Selection.kthLargest($0, k: k) }
                #expect(found == sorted[k - 1], "size \(size) k \(k)")
            }
        }
    }

    @Test func expRemainderKeepsFullRelativePrecision() {
        // phi(x) = e^x - 1 - x; references from the series (small x) and from exp (large x).
        func series(_ x: Double) -> Double {
            var term = x * x / 2, total = 0.0
            for n in 3...60 { total += term; term *= x / Double(n) }
            return total
        }
        // Series branch (|x| < 0.1): full precision.
        for x in [1e-12, -1e-9, 3e-5, -0.04, 0.099] {
            #expect(abs(ExpRemainder.phi(x) - series(x)) <= 4e-16 * series(x), "x = \(x)")
        }
        // expm1 branch: at most ~20x cancellation at |x| = 0.1, none for large |x|.
        for x in [0.1, -0.1, -0.5, 2.0] {
            #expect(abs(ExpRemainder.phi(x) - series(x)) <= 4e-15 * series(x), "x = \(x)")
        }
        #expect(abs(ExpRemainder.phi(-30) - (29 + exp(-30.0))) <= 1e-15 * 29)
        #expect(ExpRemainder.phi(1000) == .infinity)
    }

    @Test func planWeightedSumMatchesTheDirectSum() {
        let rows = 3, columns = 4
        let plan = (0..<(rows * columns)).map { 0.01 * Double($0 + 1) }
        let shifts = [0.1, -0.2, 0.05, 0.3, -0.1, 0.0, 0.2]
        var partial: [Double] = []
        let sum = ExpRemainder.planWeightedSum(plan: plan, rows: rows, columns: columns, shifts: shifts, scale: 2, partialSums: &partial)
        var direct = 0.0
        for i in 0..<rows { for j in 0..<columns { direct += plan[i * columns + j] * ExpRemainder.phi(2 * (shifts[i] + shifts[rows + j])) } }
        #expect(abs(sum - direct) < 1e-16)
    }

    @Test func sparseProductsMatchTheDenseOnes() {
        let dense: [Double] = [5, 0, 1, 0, 0, 2, 0, 3, 4, 0, 0, 1]  // 3 x 4
        var s = SparseRowMatrix(rows: 3, columns: 4, capacity: 12)
        let complete = s.fill(fromDense: dense, threshold: 0.5)
        #expect(complete)
        #expect(s.nonzeroCount == 6)
        let x = [1.0, -1.0, 2.0, 0.5], y = [1.0, 2.0, -1.0]
        var sx = [Double](repeating: 0, count: 3), sty = [Double](repeating: 0, count: 4)
        x.withUnsafeBufferPointer { xb in sx.withUnsafeMutableBufferPointer { s.multiplyAdd(xb.baseAddress!, into: $0.baseAddress!) } }
        y.withUnsafeBufferPointer { yb in sty.withUnsafeMutableBufferPointer { s.multiplyTransposedAdd(yb.baseAddress!, into: $0.baseAddress!) } }
        #expect(sx == [7, -0.5, 4.5])
        #expect(sty == [1, 4, 1, 5])
        // Threshold and capacity both truncate.
        var small = SparseRowMatrix(rows: 3, columns: 4, capacity: 2)
        let truncated = !small.fill(fromDense: dense, threshold: 0.5)
        #expect(truncated)
        #expect(small.nonzeroCount == 2)
    }

    @Test func conjugateGradientSolvesAnSPDSystemAndHonoursFrozenCoordinates() {
        // A = tridiag(-1, 4, -1), 6 x 6.
        let n = 6
        func apply(_ v: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) {
            for i in 0..<n { out[i] = 4 * v[i] - (i > 0 ? v[i - 1] : 0) - (i < n - 1 ? v[i + 1] : 0) }
        }
        let truth = [1.0, -2, 3, 0.5, -1, 2]
        var rhs = [Double](repeating: 0, count: n)
        truth.withUnsafeBufferPointer { t in rhs.withUnsafeMutableBufferPointer { apply(t.baseAddress!, $0.baseAddress!) } }
        var x = [Double](repeating: 0, count: n)
        var workspace = ConjugateGradient.Workspace(count: n)
        let result = ConjugateGradient.solve(
            apply: apply, inverseDiagonal: [Double](repeating: 0.25, count: n), rhs: rhs, solution: &x,
            tolerance: 1e-14, maxIterations: 50, workspace: &workspace)
        #expect(result.relativeResidual < 1e-14 && result.iterations <= n + 1)
        for i in 0..<n { #expect(abs(x[i] - truth[i]) < 1e-13) }
        // Freezing the last coordinate at 0 solves the leading 5 x 5 system instead.
        var frozen = [Double](repeating: 0, count: n)
        var inverse = [Double](repeating: 0.25, count: n)
        inverse[n - 1] = 0
        _ = ConjugateGradient.solve(apply: apply, inverseDiagonal: inverse, rhs: rhs, solution: &frozen,
                                    tolerance: 1e-14, maxIterations: 50, workspace: &workspace)
        #expect(frozen[n - 1] == 0)
        var check = [Double](repeating: 0, count: n)
        frozen.withUnsafeBufferPointer { f in check.withUnsafeMutableBufferPointer { apply(f.baseAddress!, $0.baseAddress!) } }
        for i in 0..<(n - 1) { #expect(abs(check[i] - rhs[i]) < 1e-12) }
    }

    @Test func andersonSpeedsUpALinearFixedPointIteration() {
        // x <- M x + c with a slowly contracting M (spectral radius 0.95).
        let n = 5
        func map(_ x: [Double]) -> [Double] {
            (0..<n).map { i in 0.95 * x[(i + 1) % n] * (i % 2 == 0 ? 1 : -1) + Double(i) }
        }
        func iterations(depth: Int) -> Int {
            var anderson = depth > 0 ? AndersonAcceleration(depth: depth, count: n) : nil
            var x = [Double](repeating: 0, count: n)
            for k in 1...5000 {
                var next = map(x)
                let residual = zip(next, x).reduce(0) { $0 + abs($1.0 - $1.1) }
                if residual < 1e-10 { return k }
                anderson?.extrapolate(point: x, image: &next, active: [Bool](repeating: true, count: n))
                x = next
            }
            return 5000
        }
        let plain = iterations(depth: 0), accelerated = iterations(depth: 5)
        #expect(plain > 200)
        #expect(accelerated < 30, "Anderson \(accelerated) vs plain \(plain)")
    }
}
