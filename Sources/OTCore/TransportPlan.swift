/// A transport plan: dense for the entropic methods, sparse (triplets) for exact and sparse methods.
public enum TransportPlan: Sendable, Equatable {
    case dense(DenseMatrix)
    case sparse(SparsePlan)

    public var rows: Int {
        switch self {
        case .dense(let m): m.rows
        case .sparse(let s): s.rows
        }
    }

    public var columns: Int {
        switch self {
        case .dense(let m): m.columns
        case .sparse(let s): s.columns
        }
    }

    /// Row sums (the plan's first marginal).
    public func rowSums() -> [Double] {
        switch self {
        case .dense(let m): return m.rowSums()
        case .sparse(let s):
            var sums = [Double](repeating: 0, count: s.rows)
            for e in s.entries { sums[e.row] += e.value }
            return sums
        }
    }

    /// Column sums (the plan's second marginal).
    public func columnSums() -> [Double] {
        switch self {
        case .dense(let m): return m.columnSums()
        case .sparse(let s):
            var sums = [Double](repeating: 0, count: s.columns)
            for e in s.entries { sums[e.column] += e.value }
            return sums
        }
    }

    /// Total transported mass.
    public var mass: Double { Kernels.sum(rowSums()) }

    /// Transport cost `<P, C>`.
    public func cost(_ c: DenseMatrix) -> Double {
        switch self {
        case .dense(let m): return m.frobeniusDot(c)
        case .sparse(let s):
            var total = 0.0
            for e in s.entries { total += e.value * c[e.row, e.column] }
            return total
        }
    }

    /// Number of entries above `threshold` (structural nonzeros for a sparse plan).
    public func nonzeroCount(threshold: Double = 0) -> Int {
        switch self {
        case .dense(let m): return m.storage.reduce(0) { $0 + ($1 > threshold ? 1 : 0) }
        case .sparse(let s): return s.entries.reduce(0) { $0 + ($1.value > threshold ? 1 : 0) }
        }
    }

    /// L1 norm of the row-sum and column-sum violations against `a` and `b`.
    public func marginalError(a: [Double], b: [Double]) -> Double {
        Kernels.l1Distance(rowSums(), a) + Kernels.l1Distance(columnSums(), b)
    }

    /// The plan as a dense matrix (sparse plans are expanded).
    public func denseMatrix() -> DenseMatrix {
        switch self {
        case .dense(let m): return m
        case .sparse(let s):
            var m = DenseMatrix(rows: s.rows, columns: s.columns)
            for e in s.entries { m[e.row, e.column] += e.value }
            return m
        }
    }
}

/// A sparse plan as (row, column, value) triplets.
public struct SparsePlan: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var row: Int
        public var column: Int
        public var value: Double
        public init(row: Int, column: Int, value: Double) {
            self.row = row
            self.column = column
            self.value = value
        }
    }

    public let rows: Int
    public let columns: Int
    public var entries: [Entry]

    public init(rows: Int, columns: Int, entries: [Entry]) {
        self.rows = rows
        self.columns = columns
        self.entries = entries
    }
}

/// Dual potentials `(f, g)` of a solver that has them, in POT's units (cost units, not scaled by reg).
public struct DualPotentials: Sendable, Equatable {
    public var f: [Double]
    public var g: [Double]
    public init(f: [Double], g: [Double]) {
        self.f = f
        self.g = g
    }
}
