/// The order in which a plan's rows and columns are laid out for display: a permutation of the
/// source points (position -> point) and one of the target points. `SolverRunner` sums the plan
/// into blocks of consecutive positions in this order.
public struct HeatmapOrder: Sendable, Equatable {
    /// Source point at each row position.
    public var rows: [Int]
    /// Target point at each column position.
    public var columns: [Int]

    public init(rows: [Int], columns: [Int]) {
        self.rows = rows
        self.columns = columns
    }
}
