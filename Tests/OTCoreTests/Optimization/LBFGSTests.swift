import Testing
@testable import OTCore

@Suite struct LBFGSTests {
    /// Rosenbrock in n dimensions: sum 100 (x_{k+1} - x_k^2)^2 + (1 - x_k)^2, minimum 0 at all ones.
    static func rosenbrock(_ x: UnsafeBufferPointer<Double>, _ g: UnsafeMutableBufferPointer<Double>) -> Double {
        var f = 0.0
        for k in 0..<x.count { g[k] = 0 }
        for k in 0..<(x.count - 1) {
            let t = x[k + 1] - x[k] * x[k], u = 1 - x[k]
            f += 100 * t * t + u * u
            g[k] += -400 * x[k] * t - 2 * u
            g[k + 1] += 200 * t
        }
        return f
    }

    @Test func minimizesRosenbrock() {
        var x0 = [Double](repeating: 0, count: 10)
        for k in stride(from: 0, to: 10, by: 2) { x0[k] = -1.2; x0[k + 1] = 1 }
        var solver = LBFGS(initialPoint: x0, memory: 7, objective: Self.rosenbrock)
        var iterations = 0
        while solver.gradientNorm > 1e-10 && iterations < 500 {
            let outcome = solver.step(Self.rosenbrock)
            if case .stalled = outcome { break }
            #expect(outcome != .notFinite)
            iterations += 1
        }
        #expect(solver.gradientNorm < 1e-8, "gradient norm \(solver.gradientNorm) after \(iterations) iterations")
        #expect(solver.value < 1e-16)
        for k in 0..<10 { #expect(abs(solver.x[k] - 1) < 1e-8) }
        // A quasi-Newton method takes a few dozen iterations here, not thousands.
        #expect(iterations < 150, "took \(iterations) iterations")
    }

    @Test func valueDecreasesEveryIteration() {
        var solver = LBFGS(initialPoint: [-1.2, 1, -1.2, 1], memory: 5, objective: Self.rosenbrock)
        var previous = solver.value
        for _ in 0..<30 {
            guard solver.step(Self.rosenbrock) == .progressed else { break }
            #expect(solver.value < previous)
            previous = solver.value
        }
    }

    @Test func quadraticConvergesInFewStepsAndHitsTheSolution() {
        // f(x) = 1/2 x^T A x - b^T x with A = diag(1..20) + 0.5 * ones: the minimizer solves A x = b.
        let n = 20
        func quadratic(_ x: UnsafeBufferPointer<Double>, _ g: UnsafeMutableBufferPointer<Double>) -> Double {
            var sumX = 0.0
            for k in 0..<n { sumX += x[k] }
            var f = 0.0
            for k in 0..<n {
                g[k] = Double(k + 1) * x[k] + 0.5 * sumX - 1
                f += 0.5 * Double(k + 1) * x[k] * x[k] - x[k]
            }
            return f + 0.25 * sumX * sumX
        }
        var solver = LBFGS(initialPoint: [Double](repeating: 0, count: n), memory: 10, objective: quadratic)
        var iterations = 0
        while solver.gradientMaxNorm > 1e-12 && iterations < 200 {
            guard solver.step(quadratic) == .progressed else { break }
            iterations += 1
        }
        #expect(solver.gradientMaxNorm < 1e-11)
        // Exact solution by Sherman-Morrison: x = D^-1 1 - D^-1 1 (0.5 * 1^T D^-1 1) / (1 + 0.5 * 1^T D^-1 1).
        let dInv = (1...n).map { 1.0 / Double($0) }
        let s = dInv.reduce(0, +)
        for k in 0..<n {
            let exact = dInv[k] - dInv[k] * 0.5 * s / (1 + 0.5 * s)
            #expect(abs(solver.x[k] - exact) < 1e-10)
        }
        #expect(iterations < 60, "took \(iterations) iterations")
    }

    @Test func stallsWithoutMovingAtTheMinimum() {
        func bowl(_ x: UnsafeBufferPointer<Double>, _ g: UnsafeMutableBufferPointer<Double>) -> Double {
            g[0] = 2 * x[0]
            return x[0] * x[0]
        }
        var solver = LBFGS(initialPoint: [0], objective: bowl)
        guard case .stalled = solver.step(bowl) else {
            Issue.record("expected a stall at the exact minimum")
            return
        }
        #expect(solver.x == [0])
        #expect(solver.iterations == 0)
    }

    @Test func reportsNotFiniteObjective() {
        func broken(_ x: UnsafeBufferPointer<Double>, _ g: UnsafeMutableBufferPointer<Double>) -> Double {
            g[0] = .nan
            return .nan
        }
        var solver = LBFGS(initialPoint: [1], objective: broken)
        #expect(solver.step(broken) == .notFinite)
    }
}
