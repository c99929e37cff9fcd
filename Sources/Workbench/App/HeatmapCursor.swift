/// The plan pane's inspect cursor: a block of the displayed plan grid (block row and block column,
/// in the grid the pane draws). Arrow keys move it one block; a click puts it under the pointer.
/// Kept as block indices and clamped to the grid when drawn, so a resize or a new run never leaves
/// it outside the plan.
public struct HeatmapCursor: Sendable, Equatable {
    public var row: Int
    public var column: Int

    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }

    /// The cursor moved by whole blocks and clamped to a `rows x columns` grid.
    public func moved(rows dr: Int, columns dc: Int, within rows: Int, _ columns: Int) -> HeatmapCursor {
        HeatmapCursor(row: min(max(0, row + dr), max(0, rows - 1)), column: min(max(0, column + dc), max(0, columns - 1)))
    }

    /// The cursor clamped to a `rows x columns` grid.
    public func clamped(rows: Int, columns: Int) -> HeatmapCursor { moved(rows: 0, columns: 0, within: rows, columns) }
}
