import OTCore
import OTSession

/// Keeps a lesson statistic's figures current for the workbench: the baselines as soon as the
/// problem is loaded, then the figures of the run's plan, asking the runner for the plan now and
/// then (every 0.3 s, or every n·m / 2e6 s for bigger plans) while the one described is older than
/// the run. The figures themselves are computed by the Session layer's `LessonStatistic`.
struct LessonTracker {
    private(set) var figures: LessonFigures?
    private var setupVersion = -1
    private var planKey: [Int]?
    private var lastRequest = -Double.infinity

    /// Updates the figures from the latest snapshot; true when they changed.
    mutating func update(statistic: (any LessonStatistic)?, setupVersion version: Int, snapshot: RunSnapshot,
                         runner: any RunSource, planSize: Int, now: Double) -> Bool {
        guard let statistic else {
            defer { figures = nil; setupVersion = version }
            return figures != nil
        }
        var changed = false
        if version != setupVersion {
            setupVersion = version
            planKey = nil
            figures = statistic.figures(plan: nil, iteration: nil)
            changed = true
        }
        if let plan = snapshot.plan, let iteration = snapshot.planIteration, planKey != [snapshot.generation, iteration] {
            planKey = [snapshot.generation, iteration]
            figures = statistic.figures(plan: plan, iteration: iteration)
            changed = true
        }
        guard let latest = snapshot.latest, snapshot.startError == nil, runner.acceptsCommands else { return changed }
        let current = planKey == [snapshot.generation, latest.iteration]
        let interval = max(0.3, Double(planSize) / 2e6)
        if !current && now - lastRequest >= interval {
            runner.requestPlan()
            lastRequest = now
        }
        return changed
    }
}
