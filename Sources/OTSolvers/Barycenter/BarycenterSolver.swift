import OTCore

/// A solver of the barycenter kind (DESIGN.md "Problem kinds"). It keeps the one contract
/// (`step()`, records, `evaluate()`), and its `plan()` is the current barycenter: a `rows x columns`
/// picture for grid problems, a `1 x n` histogram on a shared support, the `k x d` support points
/// for a free-support barycenter. `marginalError` is the barycenter's constraint violation as POT
/// measures it (named in each solver's summary).
public protocol BarycenterSolver: TransportSolver {
    /// The current barycenter's weights on its support (pixels row-major, histogram entries, or the
    /// free support's fixed weights).
    var barycenterWeights: [Double] { get }

    /// The plan between input `k` and the current barycenter (input points as rows), where the
    /// method can form it; nil otherwise (grid problems too large for an N x N matrix).
    func inputPlan(_ k: Int) -> TransportPlan?

    /// The plan between input `k` (rows) and the current barycenter (columns) summed into at most
    /// `maxRows x maxColumns` blocks (`BlockAggregation`), for the plan pane's `k` key; nil where
    /// the method cannot give it. Methods whose plans are too large to form sum them without
    /// forming them (the convolutional barycenters).
    func aggregatedInputPlan(_ k: Int, maxRows: Int, maxColumns: Int) -> DenseMatrix?
}

extension BarycenterSolver {
    public func inputPlan(_ k: Int) -> TransportPlan? { nil }

    public func aggregatedInputPlan(_ k: Int, maxRows: Int, maxColumns: Int) -> DenseMatrix? {
        inputPlan(k).map { BlockAggregation.aggregate($0, maxRows: maxRows, maxColumns: maxColumns) }
    }
}

/// Parameters and helpers shared by the barycenter solvers.
enum BarycenterSupport {
    /// POT's stopping schedule: the error is tested at 0-based iteration `ii` with `ii % 10 == phase`.
    static func isCheckIteration(_ iteration: Int, phase: Int) -> Bool { (iteration - 1) % 10 == phase }

    /// `sum_pixels std_k(x_k[pixel])` (population standard deviation, NumPy's `std`): how far the K
    /// plans' barycenter-side marginals are from agreeing, POT's barycenter error.
    static func spread(_ columns: [[Double]], transform: (Int, Int) -> Double) -> Double {
        let k = columns.count, n = columns[0].count
        var total = 0.0
        for i in 0..<n {
            var mean = 0.0
            for c in 0..<k { mean += transform(c, i) }
            mean /= Double(k)
            var variance = 0.0
            for c in 0..<k {
                let d = transform(c, i) - mean
                variance += d * d
            }
            total += (variance / Double(k)).squareRoot()
        }
        return total
    }

    static func tolerance(default value: Double) -> ParameterDescriptor {
        ParameterDescriptor(
            name: "tol", label: "tolerance", kind: .real(default: value, range: 0...1, logScale: true),
            help: "Stop when POT's barycenter error (sum over the support of the standard deviation of the K plans' barycenter-side marginals) falls below this; tested every 10 iterations as POT does.")
    }

    static func regularization(default value: Double) -> ParameterDescriptor {
        ParameterDescriptor(
            name: "reg", label: "regularization", kind: .real(default: value, range: 1e-6...1e6, logScale: true),
            unit: "cost units",
            help: "Entropic regularization, absolute as in POT: the kernel is exp(-C/reg) (on pictures C is the squared distance on the grid scaled to [0, 1]).")
    }
}
