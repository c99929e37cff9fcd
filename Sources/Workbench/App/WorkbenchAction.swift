/// Everything a person can ask the workbench to do, independent of how it was asked (key, mouse).
public enum WorkbenchAction: Sendable, Equatable {
    case togglePause
    case singleStep
    case restart
    case pickSolver
    case editParameters
    case increaseRegularization
    case decreaseRegularization
    case openPreset
    case openFiles
    case toggleLogColorScale
    /// The plan's rows and columns in input order, or sorted along the principal axis (`O`).
    case togglePlanOrder
    case keepRunForComparison
    case clearComparison
    case export
    case slower
    case faster
    case toggleTimeAxis
    case focusNext
    case focusPrevious
    case focus(Pane)
    case showHelp
    case dismiss
    case quit
    case toggleExplanation
    case interpolationBackward
    case interpolationForward
    case toggleInterpolationPlayback
    case togglePotentials
    /// On a barycenter: the plan pane shows the barycenter, then each input's plan to it in turn.
    case cycleBarycenterPlan
    case togglePaint
    /// Opens or closes the compare view (`m`).
    case toggleCompare
    /// Opens or closes the regularization sweep view (`w`).
    case toggleSweep
    /// Maximises the focused pane over the whole body, or returns to the tiled layout (`z`).
    case toggleZoom
}

/// The texts that scroll when they are longer than their place (PgUp/PgDn, the mouse wheel).
public enum ScrollTarget: Sendable, Hashable {
    /// The preset's description (`E`).
    case explanation
    /// The help overlay (`?`).
    case help
    /// The statistics pane.
    case statistics
}

/// The panes of the workbench, in focus order (keys 1..5).
public enum Pane: Int, Sendable, CaseIterable {
    case problem = 0
    case plan
    case convergence
    case statistics
    case solver

    public var title: String {
        switch self {
        case .problem: "Problem"
        case .plan: "Transport plan"
        case .convergence: "Convergence"
        case .statistics: "Statistics"
        case .solver: "Solver"
        }
    }
}
