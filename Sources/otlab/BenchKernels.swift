import Foundation
import OTCore

/// Micro-benchmarks of the numeric kernels: nanoseconds per element, median of repeats.
enum BenchKernels {
    struct Figure {
        var name: String
        var nanosecondsPerElement: Double
    }

    static func run(repeats: Int) -> [Figure] {
        let count = 1 << 20
        let xs = (0..<count).map { -Double($0 % 1000) / 37.0 }
        var figures: [Figure] = []
        figures.append(Figure(name: "exp, libm (scalar)", nanosecondsPerElement: median(repeats) {
            var total = 0.0
            for x in xs { total += libmExp(x) }
            sink(total)
        } / Double(count)))
        figures.append(Figure(name: "exp, VectorExp (SIMD4)", nanosecondsPerElement: median(repeats) {
            var total = SIMD4<Double>()
            xs.withUnsafeBufferPointer { p in
                let raw = UnsafeRawPointer(p.baseAddress!)
                var k = 0
                while k + 4 <= count {
                    total += VectorExp.exp(raw.loadUnaligned(fromByteOffset: k * 8, as: SIMD4<Double>.self))
                    k += 4
                }
            }
            sink(total.sum())
        } / Double(count)))
        figures.append(Figure(name: "exp, VectorExp (scalar)", nanosecondsPerElement: median(repeats) {
            var total = 0.0
            for x in xs { total += VectorExp.exp(x) }
            sink(total)
        } / Double(count)))
        let n = 1024
        let kernel = DenseMatrix(rows: n, columns: n) { i, j in libmExp(-Double((i - j) * (i - j)) / Double(n * n)) }
        let v = [Double](repeating: 1, count: n)
        var out = [Double](repeating: 0, count: n)
        figures.append(Figure(name: "K v (one pass, parallel), n=1024", nanosecondsPerElement: median(repeats) {
            Kernels.multiply(kernel, v, into: &out)
            sink(out[0])
        } / Double(n * n)))
        let g = [Double](repeating: 0, count: n)
        figures.append(Figure(name: "row log-sum-exp (parallel), n=1024", nanosecondsPerElement: median(repeats) {
            LogSumExp.softminRows(cost: kernel, potential: g, inverseRegularization: 10, into: &out)
            sink(out[0])
        } / Double(n * n)))
        return figures
    }

    /// Median wall time of `body` in nanoseconds.
    static func median(_ repeats: Int, _ body: () -> Void) -> Double {
        var times: [Double] = []
        for _ in 0..<max(1, repeats) {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start))
        }
        times.sort()
        return times[times.count / 2]
    }

    nonisolated(unsafe) static var sunk = 0.0
    @inline(never) static func sink(_ x: Double) { sunk += x }
}
