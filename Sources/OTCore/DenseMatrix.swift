/// A dense row-major matrix of `Double`, the storage for costs, kernels and plans.
///
/// A value type with copy-on-write storage; hot loops reach the elements through
/// `withUnsafeBufferPointer` so that the numeric kernels run without bounds checks.
public struct DenseMatrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    /// Elements in row-major order: element (i, j) is `storage[i * columns + j]`.
    public var storage: [Double]

    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.storage = [Double](repeating: value, count: rows * columns)
    }

    public init(rows: Int, columns: Int, storage: [Double]) {
        precondition(storage.count == rows * columns, "storage has \(storage.count) elements, expected \(rows * columns)")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// Builds a matrix from nested rows; every row must have the same length.
    public init(_ nested: [[Double]]) {
        let columns = nested.first?.count ?? 0
        precondition(nested.allSatisfy { $0.count == columns }, "ragged rows")
        self.init(rows: nested.count, columns: columns, storage: nested.flatMap { $0 })
    }

    /// Builds a matrix by evaluating `element(i, j)` for every entry.
    public init(rows: Int, columns: Int, element: (Int, Int) -> Double) {
        var storage = [Double](repeating: 0, count: rows * columns)
        storage.withUnsafeMutableBufferPointer { buffer in
            for i in 0..<rows {
                for j in 0..<columns { buffer[i * columns + j] = element(i, j) }
            }
        }
        self.init(rows: rows, columns: columns, storage: storage)
    }

    public subscript(row: Int, column: Int) -> Double {
        get { storage[row * columns + column] }
        set { storage[row * columns + column] = newValue }
    }

    /// Row `i` as a new array.
    public func row(_ i: Int) -> [Double] {
        Array(storage[(i * columns)..<((i + 1) * columns)])
    }

    public var transposed: DenseMatrix {
        DenseMatrix(rows: columns, columns: rows) { i, j in self[j, i] }
    }

    /// The largest element, or `-infinity` for an empty matrix.
    public var maximum: Double { storage.max() ?? -.infinity }
    /// The smallest element, or `+infinity` for an empty matrix.
    public var minimum: Double { storage.min() ?? .infinity }

    /// True when every element is finite (no NaN, no infinity).
    public var isFinite: Bool { storage.allSatisfy { $0.isFinite } }

    /// Sum of each row.
    public func rowSums() -> [Double] {
        var sums = [Double](repeating: 0, count: rows)
        storage.withUnsafeBufferPointer { m in
            for i in 0..<rows {
                var s = 0.0
                for j in 0..<columns { s += m[i * columns + j] }
                sums[i] = s
            }
        }
        return sums
    }

    /// Sum of each column.
    public func columnSums() -> [Double] {
        var sums = [Double](repeating: 0, count: columns)
        storage.withUnsafeBufferPointer { m in
            sums.withUnsafeMutableBufferPointer { out in
                for i in 0..<rows {
                    for j in 0..<columns { out[j] += m[i * columns + j] }
                }
            }
        }
        return sums
    }

    /// Frobenius inner product `<self, other>` (e.g. the transport cost `<P, C>`).
    public func frobeniusDot(_ other: DenseMatrix) -> Double {
        precondition(rows == other.rows && columns == other.columns, "shape mismatch")
        return Kernels.dot(storage, other.storage)
    }
}
