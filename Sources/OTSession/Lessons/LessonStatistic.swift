import OTCore

/// A lesson's own statistic: the figures the paper behind a lesson cares about (expert loads for
/// balanced routing, cluster sizes for self-labelling, ...), computed from the lesson's problem and
/// the current plan of the run.
///
/// A preset names one with `statistic: NAME` (see `LessonStatistics`). The workbench asks for the
/// current plan now and then while the run goes and shows the figures in the statistics pane (and,
/// where the figures carry bars or labels, in the problem pane); `otlab run NAME --json` adds them
/// to the summary under `lesson`. Implementations are values made once per problem: they compute
/// what does not depend on the plan (the baselines the lesson compares against) when made, and
/// the rest in `figures(plan:iteration:)`, which must be cheap enough to call a few times a second
/// on the problems of the lessons and must not print or touch the UI.
public protocol LessonStatistic: Sendable {
    /// The name presets use (`statistic: NAME`).
    var name: String { get }
    /// The figures for the plan at hand (nil before the run has one), taken at `iteration`. A plan
    /// whose shape does not fit the problem is treated as no plan.
    func figures(plan: TransportPlan?, iteration: Int?) -> LessonFigures
}
