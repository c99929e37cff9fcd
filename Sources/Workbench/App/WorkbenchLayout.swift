import Terminal

/// Where each pane goes for a terminal size.
///
/// ```
/// title bar ─────────────────────────────────────────────────────────────
/// ┌ Problem ─────┐┌ Transport plan ──────────────────┐┌ Statistics ───────┐
/// │              ││                                  ││                   │
/// └──────────────┘└──────────────────────────────────┘│                   │
/// ┌ Convergence ─────────────────────────────────────┐├ Solver ──────────┤
/// │                                                  ││                   │
/// └──────────────────────────────────────────────────┘└───────────────────┘
/// status line ────────────────────────────────────────────────────────────
/// ```
public struct WorkbenchLayout: Equatable {
    public static let minimumWidth = 80
    public static let minimumHeight = 24

    public var titleBar: Rect
    public var statusBar: Rect
    public var panes: [Pane: Rect]
    /// False when the terminal is smaller than the minimum; only a message is drawn then.
    public var fits: Bool

    /// The pane drawn over the whole body (`z`), or nil when all five are tiled.
    public var zoomed: Pane?

    /// - Parameter zoomed: a pane to give the whole body (between the title bar and the status
    ///   line); the other panes then have no area.
    public init(width: Int, height: Int, zoomed: Pane? = nil) {
        fits = width >= Self.minimumWidth && height >= Self.minimumHeight
        titleBar = Rect(x: 0, y: 0, width: width, height: 1)
        statusBar = Rect(x: 0, y: max(0, height - 1), width: width, height: 1)
        let bodyTop = 1, bodyHeight = max(0, height - 2)
        let rightWidth = max(34, width * 28 / 100)
        let leftWidth = max(0, width - rightWidth)
        let topHeight = bodyHeight * 58 / 100
        let problemWidth = leftWidth * 38 / 100
        let statisticsHeight = bodyHeight * 56 / 100
        panes = [
            .problem: Rect(x: 0, y: bodyTop, width: problemWidth, height: topHeight),
            .plan: Rect(x: problemWidth, y: bodyTop, width: leftWidth - problemWidth, height: topHeight),
            .convergence: Rect(x: 0, y: bodyTop + topHeight, width: leftWidth, height: bodyHeight - topHeight),
            .statistics: Rect(x: leftWidth, y: bodyTop, width: rightWidth, height: statisticsHeight),
            .solver: Rect(x: leftWidth, y: bodyTop + statisticsHeight, width: rightWidth, height: bodyHeight - statisticsHeight),
        ]
        if let zoomed {
            self.zoomed = zoomed
            panes = [zoomed: Rect(x: 0, y: bodyTop, width: width, height: bodyHeight)]
        }
    }

    public func rect(_ pane: Pane) -> Rect { panes[pane] ?? .zero }

    /// The pane under a cell, for mouse focus.
    public func pane(atX x: Int, y: Int) -> Pane? {
        Pane.allCases.first { rect($0).contains(x: x, y: y) }
    }
}
