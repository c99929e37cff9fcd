/// A lesson's own sweep (`sweep:` in a preset): one setting of the preset's problem generator moved
/// over a list of values, the preset's solver run on the problem at each, and the lesson
/// statistic's figures plotted against the setting, in the workbench's sweep view (`w`) and by
/// `otlab sweep --preset NAME`:
///
/// ```yaml
/// sweep: {setting: shift, values: [0, 1, 2, 4, 8], figures: [kl, js, sinkhorn], normalized: true}
/// ```
///
/// `normalized` divides each figure by its largest value over the sweep, so figures of different
/// units share one chart (their shapes are the point); the table keeps the values.
public struct LessonSweepSpec: Sendable, Equatable {
    /// A setting of the preset's `problem.generator`.
    public var setting: String
    public var values: [Double]
    /// Keys of the lesson statistic's figures to plot.
    public var figures: [String]
    public var normalized: Bool

    public init(setting: String, values: [Double], figures: [String], normalized: Bool = false) {
        self.setting = setting
        self.values = values
        self.figures = figures
        self.normalized = normalized
    }
}
