import Testing
@testable import OTCore

/// `KernelFormation` forms `exp(scale * C)` with the SIMD exp over the cores: within 2 ulp of libm
/// everywhere, and exactly libm's value (subnormal or zero) below -708.39, where `VectorExp` alone
/// would flush to zero.
@Suite struct KernelFormationTests {
    /// Arguments spread over [-760, 5] (subnormal and underflowing ones included), 100,003 of them:
    /// several parallel chunks, and a tail that is not a multiple of four.
    static let count = 100_003
    static let input: [Double] = (0..<count).map { k in -760 + 765 * Double(k) / Double(count - 1) }

    @Test func doublesAgreeWithLibmToTwoUlp() {
        var output = [Double](repeating: -1, count: Self.count)
        Self.input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { o in
                KernelFormation.exponentiate(x.baseAddress!, scale: 1, into: o.baseAddress!, count: Self.count)
            }
        }
        var worst = 0.0, subnormals = 0, zeros = 0
        for k in 0..<Self.count {
            let exact = libmExp(Self.input[k])
            if Self.input[k] < -708.39 || exact < Double.leastNormalMagnitude {
                if output[k] != exact { Issue.record("entry \(k): \(output[k]) where libm gives \(exact)") }
                if exact == 0 { zeros += 1 } else if exact < Double.leastNormalMagnitude { subnormals += 1 }
            } else {
                worst = max(worst, abs(output[k] - exact) / exact)
            }
        }
        #expect(worst <= 2 * Double.ulpOfOne)
        // The range reaches both libm's subnormals (-745.13 < x < -708.39) and its zeros.
        #expect(subnormals > 1000 && zeros > 1000)
    }

    @Test func serialAndParallelFormsAreTheSame() {
        var serial = [Double](repeating: 0, count: Self.count), parallel = serial
        Self.input.withUnsafeBufferPointer { x in
            serial.withUnsafeMutableBufferPointer { o in
                KernelFormation.exponentiateSerial(x.baseAddress!, scale: -0.5, into: o.baseAddress!, count: Self.count)
            }
            parallel.withUnsafeMutableBufferPointer { o in
                KernelFormation.exponentiate(x.baseAddress!, scale: -0.5, into: o.baseAddress!, count: Self.count)
            }
        }
        #expect(serial == parallel)
        #expect(abs(serial[0] - libmExp(380)) <= 2 * Double.ulpOfOne * libmExp(380))  // -760 x -0.5
        #expect(serial[Self.count - 1] == libmExp(-2.5))
    }

    @Test func floatsAreTheDoublesRounded() {
        let n = 1_001
        let x = (0..<n).map { -Double($0) / 10 }
        var doubles = [Double](repeating: 0, count: n)
        var floats = [Float](repeating: 0, count: n)
        x.withUnsafeBufferPointer { xb in
            doubles.withUnsafeMutableBufferPointer { KernelFormation.exponentiate(xb.baseAddress!, scale: 1, into: $0.baseAddress!, count: n) }
            floats.withUnsafeMutableBufferPointer { KernelFormation.exponentiate(xb.baseAddress!, scale: 1, into: $0.baseAddress!, count: n) }
        }
        for k in 0..<n { #expect(floats[k] == Float(doubles[k]), "entry \(k)") }
        #expect(floats[n - 1] == Float(libmExp(-100)))
    }

    @Test func gibbsKernelOfALargeCostMatchesLibm() {
        // 300 x 300: formed over the cores; entries within 2 ulp of exp(-C/reg), zeros where libm's are.
        let cost = DenseMatrix(rows: 300, columns: 300) { i, j in Double((i - j) * (i - j)) / 90_000 }
        let kernel = GibbsKernel(cost: cost, regularization: 1e-3)
        var worst = 0.0
        for i in stride(from: 0, to: 300, by: 7) {
            for j in 0..<300 {
                let exact = libmExp(cost[i, j] * (-1 / 1e-3))
                if exact < Double.leastNormalMagnitude { #expect(kernel[i, j] == exact); continue }
                worst = max(worst, abs(kernel[i, j] - exact) / exact)
            }
        }
        #expect(worst <= 2 * Double.ulpOfOne)
    }
}
