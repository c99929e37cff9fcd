/// A sparse matrix in compressed sparse row (CSR) form with a fixed capacity, refilled in place.
///
/// Built for solvers that re-sparsify a matrix every iteration (e.g. the truncated Hessian of
/// Sinkhorn-Newton-Sparse): the buffers are sized once, so refilling allocates nothing.
public struct SparseRowMatrix: Sendable {
    public let rows: Int
    public let columns: Int
    /// Largest number of stored entries.
    public let capacity: Int
    /// Entries of row i are at `rowStart[i] ..< rowStart[i + 1]`.
    public private(set) var rowStart: [Int]
    public private(set) var columnIndex: [Int]
    public private(set) var values: [Double]
    /// Stored entries.
    public var nonzeroCount: Int { rowStart[rows] }

    public init(rows: Int, columns: Int, capacity: Int) {
        self.rows = rows
        self.columns = columns
        self.capacity = capacity
        rowStart = [Int](repeating: 0, count: rows + 1)
        columnIndex = [Int](repeating: 0, count: capacity)
        values = [Double](repeating: 0, count: capacity)
    }

    /// Refills from a dense row-major matrix, keeping entries `>= threshold` (and > 0) in row order
    /// until the capacity is reached. Returns false when entries had to be dropped for lack of room.
    @discardableResult
    public mutating func fill(fromDense dense: [Double], threshold: Double) -> Bool {
        precondition(dense.count == rows * columns)
        var count = 0
        var complete = true
        let columns = self.columns, capacity = self.capacity
        dense.withUnsafeBufferPointer { d in
            columnIndex.withUnsafeMutableBufferPointer { index in
                values.withUnsafeMutableBufferPointer { stored in
                    for i in 0..<rows {
                        rowStart[i] = count
                        let base = i * columns
                        for j in 0..<columns {
                            let x = d[base + j]
                            guard x >= threshold, x > 0 else { continue }
                            if count == capacity { complete = false; break }
                            index[count] = j
                            stored[count] = x
                            count += 1
                        }
                    }
                }
            }
        }
        rowStart[rows] = count
        return complete
    }

    /// `out += S x` (`x` has `columns` elements, `out` has `rows`).
    public func multiplyAdd(_ x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        rowStart.withUnsafeBufferPointer { start in
            columnIndex.withUnsafeBufferPointer { index in
                values.withUnsafeBufferPointer { v in
                    for i in 0..<rows {
                        var s = 0.0
                        for k in start[i]..<start[i + 1] { s += v[k] * x[index[k]] }
                        out[i] += s
                    }
                }
            }
        }
    }

    /// `out += S^T x` (`x` has `rows` elements, `out` has `columns`).
    public func multiplyTransposedAdd(_ x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        rowStart.withUnsafeBufferPointer { start in
            columnIndex.withUnsafeBufferPointer { index in
                values.withUnsafeBufferPointer { v in
                    for i in 0..<rows {
                        let xi = x[i]
                        if xi == 0 { continue }
                        for k in start[i]..<start[i + 1] { out[index[k]] += v[k] * xi }
                    }
                }
            }
        }
    }
}
