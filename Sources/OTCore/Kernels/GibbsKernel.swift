/// The Gibbs kernel `K = exp(-C / reg)` of scaling-form Sinkhorn, stored row-major in `Double` or
/// in `Float` (`Precision.f32`: half the memory traffic per sweep, entries rounded to 24 bits).
///
/// Whatever the storage, the kernels read entries widened to `Double`, so every sum is a `Double` sum.
public struct GibbsKernel: Sendable {
    public let rows: Int
    public let columns: Int
    public let precision: Precision
    /// Entries when `precision == .f64` (empty otherwise).
    let doubles: [Double]
    /// Entries when `precision == .f32` (empty otherwise).
    let floats: [Float]

    /// Forms `exp(-C / reg)` (POT's convention: `reg` absolute) in the given precision.
    public init(cost: DenseMatrix, regularization: Double, precision: Precision = .f64) {
        rows = cost.rows
        columns = cost.columns
        self.precision = precision
        let inverse = -1 / regularization
        let count = cost.storage.count
        // Formed straight from the cost's storage (no copy of C), with the SIMD exp over the cores
        // (`KernelFormation`; `otlab bench --formation` times it against libm on one core).
        switch precision {
        case .f64:
            doubles = cost.storage.withUnsafeBufferPointer { c in
                LargeBuffer.doubles(count: count) { k in
                    if count > 0 { KernelFormation.exponentiate(c.baseAddress!, scale: inverse, into: k.baseAddress!, count: count) }
                }
            }
            floats = []
        case .f32:
            doubles = []
            floats = cost.storage.withUnsafeBufferPointer { c in
                LargeBuffer.floats(count: count) { k in
                    if count > 0 { KernelFormation.exponentiate(c.baseAddress!, scale: inverse, into: k.baseAddress!, count: count) }
                }
            }
        }
    }

    /// Entry (i, j) widened to `Double`.
    public subscript(row: Int, column: Int) -> Double {
        switch precision {
        case .f64: doubles[row * columns + column]
        case .f32: Double(floats[row * columns + column])
        }
    }

    /// Bytes held by the entries.
    public var byteCount: Int { doubles.count * 8 + floats.count * 4 }
}
