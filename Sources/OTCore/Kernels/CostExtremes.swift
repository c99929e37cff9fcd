/// The extremes of a cost matrix that decide how an entropic problem can be solved, from one
/// read of C: its smallest and largest entries, and the largest over rows and over columns of the
/// smallest entry in it (beyond about 700 x reg such a row or column of exp(-C/reg) underflows
/// whole, and plain scaling cannot start).
///
/// One pass, eight lanes at a time, split over the cores by rows (each chunk keeps its own column
/// minima, reduced afterwards). `auto` reads these before it builds anything. The lanes are
/// compared and replaced with masks (`replace(with:where:)`): the generic `pointwiseMin`/`Max`
/// were not inlined, a call per eight entries, and the pass took 2.5 ms at n = 1000 (quiet
/// machine); the three generic `Sequence.min()`/`max()` passes and the scalar row-and-column loop
/// before that took 7.8 ms.
public struct CostExtremes: Sendable, Equatable {
    /// The smallest entry (`+infinity` for an empty matrix).
    public var minimum: Double
    /// The largest entry (`-infinity` for an empty matrix).
    public var maximum: Double
    /// `max_i min_j C_ij` (`-infinity` without rows).
    public var largestRowMinimum: Double
    /// `max_j min_i C_ij` (`-infinity` without columns).
    public var largestColumnMinimum: Double

    public init(minimum: Double, maximum: Double, largestRowMinimum: Double, largestColumnMinimum: Double) {
        self.minimum = minimum
        self.maximum = maximum
        self.largestRowMinimum = largestRowMinimum
        self.largestColumnMinimum = largestColumnMinimum
    }

    /// The extremes of `cost`, NaN entries ignored as `Swift.min`/`max` on a NaN-free matrix would
    /// (callers check finiteness separately; a problem's cost is checked when it is built).
    public init(of cost: DenseMatrix) {
        let n = cost.rows, m = cost.columns
        guard n > 0, m > 0 else {
            self.init(minimum: .infinity, maximum: -.infinity, largestRowMinimum: -.infinity, largestColumnMinimum: -.infinity)
            return
        }
        let chunks = Parallel.chunkCount(count: n, minimumChunk: Kernels.minimumRows(columns: m))
        var columnMinima = [Double](repeating: .infinity, count: chunks * m)
        var chunkExtremes = [SIMD4<Double>](repeating: SIMD4(.infinity, -.infinity, -.infinity, 0), count: chunks)
        cost.storage.withUnsafeBufferPointer { c in
            columnMinima.withUnsafeMutableBufferPointer { cm in
                chunkExtremes.withUnsafeMutableBufferPointer { ce in
                    Parallel.forEachChunk(count: n, minimumChunk: Kernels.minimumRows(columns: m), CostExtremesLoop(
                        cost: c.baseAddress!, columns: m, columnMinima: cm.baseAddress!, extremes: ce.baseAddress!))
                }
            }
        }
        var minimum = Double.infinity, maximum = -Double.infinity, rowMinimum = -Double.infinity
        for e in chunkExtremes {
            minimum = Swift.min(minimum, e[0])
            maximum = Swift.max(maximum, e[1])
            rowMinimum = Swift.max(rowMinimum, e[2])
        }
        var columnMinimum = -Double.infinity
        for j in 0..<m {
            var x = columnMinima[j]
            for chunk in 1..<Swift.max(1, chunks) { x = Swift.min(x, columnMinima[chunk * m + j]) }
            columnMinimum = Swift.max(columnMinimum, x)
        }
        self.init(minimum: minimum, maximum: maximum, largestRowMinimum: rowMinimum, largestColumnMinimum: columnMinimum)
    }
}

/// One chunk of rows of `CostExtremes.init(of:)`: the chunk's minimum, maximum and largest row
/// minimum into `extremes[chunk]` (lanes 0, 1, 2), its column minima into row `chunk` of
/// `columnMinima`.
struct CostExtremesLoop: ChunkedLoop {
    let cost: UnsafePointer<Double>
    let columns: Int
    let columnMinima: UnsafeMutablePointer<Double>
    let extremes: UnsafeMutablePointer<SIMD4<Double>>

    func run(chunk: Int, range: Range<Int>) {
        let m = columns
        let minima = columnMinima + chunk * m
        minima.update(repeating: .infinity, count: m)
        let rawMinima = UnsafeMutableRawPointer(minima)
        var low = SIMD8<Double>(repeating: .infinity), high = SIMD8<Double>(repeating: -.infinity)
        var lowScalar = Double.infinity, highScalar = -Double.infinity
        var largestRowMinimum = -Double.infinity
        for i in range {
            let row = cost + i * m, rawRow = UnsafeRawPointer(row)
            var rowLow = SIMD8<Double>(repeating: .infinity)
            var rowLowScalar = Double.infinity
            var j = 0
            while j + 8 <= m {
                let x = rawRow.loadUnaligned(fromByteOffset: j &* 8, as: SIMD8<Double>.self)
                rowLow.replace(with: x, where: x .< rowLow)
                high.replace(with: x, where: x .> high)
                var column = rawMinima.loadUnaligned(fromByteOffset: j &* 8, as: SIMD8<Double>.self)
                column.replace(with: x, where: x .< column)
                rawMinima.storeBytes(of: column, toByteOffset: j &* 8, as: SIMD8<Double>.self)
                j += 8
            }
            while j < m {
                let x = row[j]
                rowLowScalar = Swift.min(rowLowScalar, x)
                highScalar = Swift.max(highScalar, x)
                minima[j] = Swift.min(minima[j], x)
                j += 1
            }
            let rowMinimum = Swift.min(rowLow.min(), rowLowScalar)
            low.replace(with: rowLow, where: rowLow .< low)
            lowScalar = Swift.min(lowScalar, rowLowScalar)
            largestRowMinimum = Swift.max(largestRowMinimum, rowMinimum)
        }
        extremes[chunk] = SIMD4(Swift.min(low.min(), lowScalar), Swift.max(high.max(), highScalar), largestRowMinimum, 0)
    }
}
