/// Stable log-sum-exp kernels for the log-domain solvers.
///
/// The central operation of log-domain Sinkhorn is, for every row i of a cost matrix,
/// `LSE_j((g_j - C_ij) / reg)`; the column version is the same operation on the transposed cost
/// with the other potential. Each row is read twice while it sits in cache: once for the max shift,
/// once for the exponentials.
public enum LogSumExp {
    /// `log(sum(exp(x)))` of a vector, shifted by its maximum; `-infinity` for an empty or all
    /// `-infinity` vector.
    public static func of(_ x: [Double]) -> Double {
        guard let peak = x.max(), peak > -.infinity else { return -.infinity }
        if peak == .infinity { return .infinity }
        var total = 0.0
        for value in x { total += libmExp(value - peak) }
        return peak + libmLog(total)
    }

    /// For every row i: `out[i] = log sum_j exp((potential[j] - cost[i, j]) * inverseRegularization)`.
    ///
    /// Parallel over rows. `potential` has `cost.columns` elements, `out` has `cost.rows`.
    public static func softminRows(
        cost: DenseMatrix, potential: [Double], inverseRegularization: Double, into out: inout [Double]
    ) {
        precondition(potential.count == cost.columns && out.count == cost.rows, "shape mismatch in log-sum-exp")
        let columns = cost.columns
        cost.storage.withUnsafeBufferPointer { c in
            potential.withUnsafeBufferPointer { g in
                out.withUnsafeMutableBufferPointer { o in
                    let cBase = c.baseAddress!, gBase = g.baseAddress!, oBase = o.baseAddress!
                    Parallel.forEachChunk(count: cost.rows, minimumChunk: Kernels.minimumRows(columns: columns) / 4 + 1, SoftminRowsLoop(
                        cost: cBase, columns: columns, potential: gBase, inverseRegularization: inverseRegularization, out: oBase))
                }
            }
        }
    }

    /// One chunk of rows of `softminRows`: `out[i] = rowSoftmin(cost row i, potential)`.
    struct SoftminRowsLoop: ChunkedLoop {
        let cost: UnsafePointer<Double>
        let columns: Int
        let potential: UnsafePointer<Double>
        let inverseRegularization: Double
        let out: UnsafeMutablePointer<Double>

        func run(chunk: Int, range: Range<Int>) {
            for i in range {
                out[i] = rowSoftmin(cost + i * columns, potential, count: columns, inverseRegularization)
            }
        }
    }

    /// `log sum_j exp((g[j] - c[j]) * inverseReg)` for one row, max-shifted.
    @inlinable
    public static func rowSoftmin(
        _ c: UnsafePointer<Double>, _ g: UnsafePointer<Double>, count n: Int, _ inverseReg: Double
    ) -> Double {
        let rc = UnsafeRawPointer(c), rg = UnsafeRawPointer(g)
        var best = SIMD4<Double>(repeating: -.infinity)
        var k = 0
        while k + 4 <= n {
            best = pointwiseMax(best, rg.loadUnaligned(fromByteOffset: k * 8, as: SIMD4<Double>.self)
                - rc.loadUnaligned(fromByteOffset: k * 8, as: SIMD4<Double>.self))
            k += 4
        }
        var peak = best.max()
        while k < n { peak = Swift.max(peak, g[k] - c[k]); k += 1 }
        if peak == -.infinity { return -.infinity }
        if !peak.isFinite { return peak }
        let shift = SIMD4<Double>(repeating: peak)
        let scale = SIMD4<Double>(repeating: inverseReg)
        var acc = SIMD4<Double>()
        k = 0
        while k + 4 <= n {
            let t = (rg.loadUnaligned(fromByteOffset: k * 8, as: SIMD4<Double>.self)
                - rc.loadUnaligned(fromByteOffset: k * 8, as: SIMD4<Double>.self) - shift) * scale
            acc += VectorExp.exp(t)
            k += 4
        }
        var total = acc.sum()
        while k < n { total += VectorExp.exp((g[k] - c[k] - peak) * inverseReg); k += 1 }
        return peak * inverseReg + libmLog(total)
    }
}

#if canImport(Glibc)
import Glibc
public func libmExp(_ x: Double) -> Double { Glibc.exp(x) }
public func libmLog(_ x: Double) -> Double { Glibc.log(x) }
#else
import Darwin
public func libmExp(_ x: Double) -> Double { Darwin.exp(x) }
public func libmLog(_ x: Double) -> Double { Darwin.log(x) }
#endif

extension LogSumExp {
    /// Row sums, column sums and `<P, C>` of the log-domain plan
    /// `P_ij = exp((f_i + g_j - C_ij) / reg)` in one pass over C, without storing P.
    public static func planStatistics(cost: DenseMatrix, f: [Double], g: [Double], regularization: Double) -> PlanStatistics {
        let columns = cost.columns
        let inverse = 1 / regularization
        return PlanStatistics.accumulate(cost: cost) { i, row in
            cost.storage.withUnsafeBufferPointer { cb in
                g.withUnsafeBufferPointer { gb in
                    logPlanRow(cb.baseAddress! + i * columns, gb.baseAddress!, f[i], inverse, count: columns, into: row.baseAddress!)
                }
            }
        }
    }

    /// Writes `exp((f_i + g_j - c_j) * inverseReg)` for one row into `out`.
    @inlinable
    public static func logPlanRow(
        _ c: UnsafePointer<Double>, _ g: UnsafePointer<Double>, _ fi: Double, _ inverseReg: Double,
        count n: Int, into out: UnsafeMutablePointer<Double>
    ) {
        let rc = UnsafeRawPointer(c), rg = UnsafeRawPointer(g), ro = UnsafeMutableRawPointer(out)
        let f = SIMD4<Double>(repeating: fi), scale = SIMD4<Double>(repeating: inverseReg)
        var k = 0
        while k + 4 <= n {
            let t = (f + rg.loadUnaligned(fromByteOffset: k * 8, as: SIMD4<Double>.self)
                - rc.loadUnaligned(fromByteOffset: k * 8, as: SIMD4<Double>.self)) * scale
            ro.storeBytes(of: VectorExp.exp(t), toByteOffset: k * 8, as: SIMD4<Double>.self)
            k += 4
        }
        while k < n { out[k] = VectorExp.exp((fi + g[k] - c[k]) * inverseReg); k += 1 }
    }
}

#if canImport(Glibc)
public func libmFloor(_ x: Double) -> Double { Glibc.floor(x) }
public func libmLog1p(_ x: Double) -> Double { Glibc.log1p(x) }
public func libmLog10(_ x: Double) -> Double { Glibc.log10(x) }
public func libmPow(_ x: Double, _ y: Double) -> Double { Glibc.pow(x, y) }
#else
public func libmFloor(_ x: Double) -> Double { Darwin.floor(x) }
public func libmLog1p(_ x: Double) -> Double { Darwin.log1p(x) }
public func libmLog10(_ x: Double) -> Double { Darwin.log10(x) }
public func libmPow(_ x: Double, _ y: Double) -> Double { Darwin.pow(x, y) }
#endif
