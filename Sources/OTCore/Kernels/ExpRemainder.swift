/// The second-order remainder of the exponential, `phi(x) = e^x - 1 - x`, computed without
/// cancellation, and plan-weighted sums of it.
///
/// Newton-type entropic solvers compare dual objectives that differ by 1e-20 and less near
/// convergence. Written as `L(new) - L(old) = t <d, grad> - reg * sum_ij P_ij phi(t s_ij / reg)`,
/// both terms are second order in the step, so the increment keeps full relative precision where
/// the difference of two objective values would be pure round-off.
public enum ExpRemainder {
    /// `e^x - 1 - x` to full relative precision (a Taylor series for |x| < 0.1, `expm1` beyond).
    @inlinable
    public static func phi(_ x: Double) -> Double {
        if abs(x) < 0.1 {
            // x^2/2 (1 + x/3 (1 + x/4 (... (1 + x/11)))): the first omitted term is x^12/12!, below
            // 1e-20 of the result.
            var p = 1 + x / 11
            p = 1 + x / 10 * p
            p = 1 + x / 9 * p
            p = 1 + x / 8 * p
            p = 1 + x / 7 * p
            p = 1 + x / 6 * p
            p = 1 + x / 5 * p
            p = 1 + x / 4 * p
            p = 1 + x / 3 * p
            return 0.5 * x * x * p
        }
        return libmExpm1(x) - x
    }

    /// `sum_ij P_ij phi(scale * (x_i + y_j))` over a dense row-major `rows x columns` plan `P`, where
    /// `shifts` holds x (rows elements) followed by y (columns elements). Parallel over rows;
    /// infinite when an exponential overflows (a step that is far too long).
    public static func planWeightedSum(
        plan: [Double], rows: Int, columns: Int, shifts: [Double], scale: Double, partialSums: inout [Double]
    ) -> Double {
        precondition(plan.count == rows * columns && shifts.count == rows + columns)
        let minimumChunk = Kernels.minimumRows(columns: columns) / 4 + 1
        let chunks = Parallel.chunkCount(count: rows, minimumChunk: minimumChunk)
        if partialSums.count < chunks { partialSums = [Double](repeating: 0, count: chunks) }
        plan.withUnsafeBufferPointer { p in
            shifts.withUnsafeBufferPointer { xs in
                do {
                    let ys = UnsafeBufferPointer(rebasing: xs[rows...])
                    partialSums.withUnsafeMutableBufferPointer { out in
                        Parallel.forEachChunk(count: rows, minimumChunk: minimumChunk, PlanWeightedSumLoop(
                            plan: p.baseAddress!, columns: columns, x: xs.baseAddress!, y: ys.baseAddress!,
                            scale: scale, partialSums: out.baseAddress!))
                    }
                }
            }
        }
        var total = 0.0
        for c in 0..<chunks { total += partialSums[c] }
        return total
    }

    /// One chunk of rows of `planWeightedSum`: `sum P_ij phi(scale (x_i + y_j))` over the rows, into
    /// `partialSums[chunk]`.
    struct PlanWeightedSumLoop: ChunkedLoop {
        let plan: UnsafePointer<Double>
        let columns: Int
        let x: UnsafePointer<Double>
        let y: UnsafePointer<Double>
        let scale: Double
        let partialSums: UnsafeMutablePointer<Double>

        func run(chunk: Int, range: Range<Int>) {
            var total = 0.0
            for i in range {
                let base = i * columns
                let xi = x[i]
                for j in 0..<columns {
                    let weight = plan[base + j]
                    if weight > 0 { total += weight * phi(scale * (xi + y[j])) }
                }
            }
            partialSums[chunk] = total
        }
    }
}

#if canImport(Glibc)
import Glibc
public func libmExpm1(_ x: Double) -> Double { Glibc.expm1(x) }
#else
import Darwin
public func libmExpm1(_ x: Double) -> Double { Darwin.expm1(x) }
#endif
