import Testing
@testable import OTCore

/// `Cholesky.solve`, the dense SPD solve shared by Anderson acceleration and SNS's direct Newton
/// solve: exact on a small system, a refusal on a singular one, the solution of a random
/// well-conditioned system to 1e-12, and no reads past `order * order` (Anderson keeps one buffer
/// sized for its full depth).
@Suite struct CholeskyTests {
    @Test func solvesASmallSystem() {
        var a: [Double] = [4, 2, 2, 3]
        var b: [Double] = [2, 1]
        let solved = Cholesky.solve(&a, &b, order: 2)
        #expect(solved)
        #expect(abs(b[0] - 0.5) < 1e-15 && abs(b[1]) < 1e-15)
    }

    @Test func refusesASingularMatrix() {
        var singular: [Double] = [1, 1, 1, 1]
        var rhs: [Double] = [1, 1]
        let failed = !Cholesky.solve(&singular, &rhs, order: 2)
        #expect(failed)
    }

    /// `A = M M^T + I` with M uniform in [-1, 1): symmetric positive definite, condition number in
    /// the hundreds at order 40, so the solve should recover x to about 1e-13.
    static func system(order n: Int) -> (a: [Double], x: [Double], b: [Double]) {
        var state: UInt64 = 7
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) * 2 - 1
        }
        let m = (0..<(n * n)).map { _ in uniform() }
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n {
                var s = i == j ? 1.0 : 0.0
                for k in 0..<n { s += m[i * n + k] * m[j * n + k] }
                a[i * n + j] = s
            }
        }
        let x = (0..<n).map { _ in uniform() }
        let b = (0..<n).map { i in (0..<n).reduce(0.0) { $0 + a[i * n + $1] * x[$1] } }
        return (a, x, b)
    }

    @Test func recoversTheSolutionOfARandomSystem() {
        let n = 40
        let (matrix, x, rhs) = Self.system(order: n)
        var a = matrix, b = rhs
        #expect(Cholesky.solve(&a, &b, order: n))
        let worst = zip(b, x).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst < 1e-12, "largest error \(worst)")
    }

    @Test func readsOnlyTheLeadingOrderSquaredEntries() {
        let n = 12
        let (matrix, _, rhs) = Self.system(order: n)
        var exact = matrix, exactB = rhs
        #expect(Cholesky.solve(&exact, &exactB, order: n))
        // The same system in a buffer sized for order 20, the tail poisoned with NaN.
        var padded = matrix + [Double](repeating: .nan, count: 20 * 20 - n * n)
        var paddedB = rhs + [Double](repeating: .nan, count: 20 - n)
        #expect(Cholesky.solve(&padded, &paddedB, order: n))
        #expect(Array(paddedB.prefix(n)) == exactB)
    }
}
