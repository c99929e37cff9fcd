import Foundation
import OTCore

/// Sinkhorn's two scalings in the log domain, a few at a time, for the lessons' baselines ("after
/// k iterations"): `P = diag(e^f) K diag(e^g)` with `log K = -C / reg` (Cuturi 2013; Sinkhorn-Knopp
/// as in Asano et al. 2020 and Sinkformers, Sander et al. 2022). `scaleRows()` makes the row sums
/// `a`, `scaleColumns()` the column sums `b`. In the log domain so any temperature is safe.
public struct LogScalings: Sendable {
    public let logKernel: DenseMatrix
    public let logA: [Double]
    public let logB: [Double]
    public private(set) var f: [Double]
    public private(set) var g: [Double]

    public init(cost: DenseMatrix, a: [Double], b: [Double], reg: Double) {
        logKernel = DenseMatrix(rows: cost.rows, columns: cost.columns, storage: cost.storage.map { -$0 / reg })
        logA = a.map { Foundation.log($0) }
        logB = b.map { Foundation.log($0) }
        f = [Double](repeating: 0, count: cost.rows)
        g = [Double](repeating: 0, count: cost.columns)
    }

    /// `f_i = log a_i - log sum_j exp(log K_ij + g_j)`. Returns the L1 violation of the row sums
    /// before the update, `sum_i |exp(f_i + LSE_i) - a_i|`, measured on the way.
    @discardableResult
    public mutating func scaleRows() -> Double {
        var violation = 0.0
        for i in 0..<logKernel.rows {
            let lse = Self.logSumExp((0..<logKernel.columns).map { logKernel[i, $0] + g[$0] })
            violation += abs(Foundation.exp(f[i] + lse) - Foundation.exp(logA[i]))
            f[i] = logA[i] - lse
        }
        return violation
    }

    /// `g_j = log b_j - log sum_i exp(log K_ij + f_i)`.
    public mutating func scaleColumns() {
        for j in 0..<logKernel.columns {
            g[j] = logB[j] - Self.logSumExp((0..<logKernel.rows).map { logKernel[$0, j] + f[$0] })
        }
    }

    /// The current plan `exp(f_i + log K_ij + g_j)`.
    public var plan: DenseMatrix {
        DenseMatrix(rows: logKernel.rows, columns: logKernel.columns) { i, j in Foundation.exp(f[i] + logKernel[i, j] + g[j]) }
    }

    static func logSumExp(_ values: [Double]) -> Double {
        guard let top = values.max(), top.isFinite else { return values.max() ?? -.infinity }
        return top + Foundation.log(values.reduce(0) { $0 + Foundation.exp($1 - top) })
    }
}
