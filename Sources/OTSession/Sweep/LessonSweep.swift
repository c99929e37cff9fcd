import Foundation
import OTCore
import OTData
import OTSolvers

/// A lesson's own sweep (a preset's `sweep:`, see `LessonSweepSpec`): the preset's problem remade
/// with one generator setting at each value (the student's shift in the distillation lesson, the
/// minibatch size in the W-CFM lesson), the preset's solver run on each, and the lesson statistic's
/// figures for each final plan, plotted against the setting by the workbench's sweep view (`w`)
/// and printed by `otlab sweep --preset NAME`. It generalizes `RegularizationSweep` (one problem,
/// the regularization moved, the cost plotted) to any setting and any figures. Nothing here prints.
public struct LessonSweep: Sendable {
    /// One value of the setting: its problem and the statistic made for it.
    public struct Point: Sendable {
        public var value: Double
        public var problem: TransportProblem
        public var statistic: any LessonStatistic
    }

    /// One finished point: the run's outcome and the figures of its final plan.
    public struct Result: Sendable {
        public var value: Double
        public var outcome: RunOutcome
        public var figures: LessonFigures
    }

    public var spec: LessonSweepSpec
    public var points: [Point]
    public var solver: SolverDescriptor
    public var parameters: ParameterValues

    public init(spec: LessonSweepSpec, points: [Point], solver: SolverDescriptor, parameters: ParameterValues) {
        self.spec = spec
        self.points = points
        self.solver = solver
        self.parameters = parameters
    }

    /// The sweep a preset describes: its problem generator run with `spec.setting` at each value,
    /// and its statistic made for each problem. Errors name the preset's field.
    public static func make(preset: Preset, solver: SolverDescriptor, parameters: ParameterValues) throws -> LessonSweep? {
        guard let spec = preset.sweep else { return nil }
        guard let generator = preset.problem.problemGenerator else {
            throw InputError(preset.path, "field sweep", "a lesson sweep moves a setting of problem.generator; this preset's problem has none")
        }
        guard let statistic = preset.statistic else {
            throw InputError(preset.path, "field sweep", "a lesson sweep plots the figures of the preset's statistic; name one with statistic:")
        }
        let points = try spec.values.map { value -> Point in
            var swept = preset
            var settings = generator.settings
            settings[spec.setting] = ParameterValue.format(value)
            swept.problem.problemGenerator = GeneratorSpec(name: generator.name, settings: settings)
            let problem = try PresetResolver.problem(for: swept)
            return Point(value: value, problem: problem, statistic: try LessonStatistics.make(statistic, problem: problem, source: preset.path))
        }
        return LessonSweep(spec: spec, points: points, solver: solver, parameters: parameters)
    }

    public var values: [Double] { points.map(\.value) }

    /// A log-scale x axis when the values are positive and span a factor of 16 or more (batch sizes).
    public var logScale: Bool {
        guard let low = values.min(), let high = values.max(), low > 0 else { return false }
        return high / low >= 16
    }

    /// `setting=value`, the label of a point's run.
    public func label(_ index: Int) -> String { "\(spec.setting)=\(ParameterValue.format(points[index].value))" }

    /// One run per value, each keeping its final plan for the figures.
    public func comparison(evaluation: RunConfiguration.EvaluationPolicy = .finalOnly) -> ComparisonRun {
        ComparisonRun(entries: points.indices.map { index in
            ComparisonRun.Entry(label: label(index), configuration: RunConfiguration(
                problem: points[index].problem, solver: solver, parameters: parameters, evaluation: evaluation, keepsFinalPlan: true))
        })
    }

    /// The figures of point `index` for its run's plan (nil: the figures that need no plan).
    public func figures(at index: Int, plan: TransportPlan?, iteration: Int?) -> LessonFigures {
        points[index].statistic.figures(plan: plan, iteration: iteration)
    }

    /// The plotted figures of every point (nil where a point has no such figure yet), each divided
    /// by its largest value over the sweep when `spec.normalized`.
    public func series(_ figures: [LessonFigures?]) -> [(key: String, values: [Double?])] {
        spec.figures.map { key in
            let raw = figures.map { $0?.number(key) }
            guard spec.normalized, let peak = raw.compactMap({ $0 }).filter(\.isFinite).map(abs).max(), peak > 0 else { return (key, raw) }
            return (key, raw.map { $0.map { $0 / peak } })
        }
    }

    /// Runs every point to its end, one after another, blocking the caller (headless, tests).
    public func run(shouldCancel: () -> Bool = { false }) -> [Result] {
        let entries = comparison().entries
        return points.indices.map { index in
            let runner = SolverRunner(configuration: entries[index].configuration)
            defer { runner.shutdown() }
            while !runner.waitUntilFinished(timeout: 0.001) {
                if shouldCancel() { runner.cancel() }
            }
            var snapshot = runner.snapshot
            if snapshot.plan == nil && snapshot.status.reason == nil { _ = runner.waitUntilFinished(timeout: 1); snapshot = runner.snapshot }
            let plan = snapshot.status.reason == nil ? snapshot.plan : nil
            return Result(value: points[index].value, outcome: RunOutcome(label: entries[index].label, runner: runner),
                          figures: figures(at: index, plan: plan, iteration: snapshot.planIteration ?? snapshot.latest?.iteration))
        }
    }
}
