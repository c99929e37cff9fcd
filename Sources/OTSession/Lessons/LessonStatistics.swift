import OTCore
import OTData

/// The lesson statistics presets can name, and the one way to make them from a preset's
/// `statistic:` field. To add one: write a type conforming to `LessonStatistic` with a
/// `static let descriptor`, and list the descriptor in `all`.
public enum LessonStatistics {
    public static let all: [LessonStatisticDescriptor] = [
        RoutingStatistic.descriptor,
        EquipartitionStatistic.descriptor,
        AttentionStatistic.descriptor,
        MongeGapStatistic.descriptor,
        DistillationStatistic.descriptor,
        GibbsCouplingStatistic.descriptor,
    ]

    public static var names: [String] { all.map(\.name) }

    public static func descriptor(named name: String) -> LessonStatisticDescriptor? {
        all.first { $0.name == name }
    }

    /// The statistic a preset names, made for its problem; `source` (the preset's path) names the
    /// preset in errors.
    public static func make(_ spec: LessonStatisticSpec, problem: TransportProblem, source: String) throws -> any LessonStatistic {
        guard let descriptor = descriptor(named: spec.name) else {
            throw InputError(source, "field statistic", "unknown lesson statistic \"\(DisplayText.excerpt(spec.name, limit: 40))\"; expected one of \(names.joined(separator: ", "))")
        }
        var values = ParameterValues(defaultsFor: descriptor.parameters)
        for key in spec.settings.keys.sorted() {
            guard values.has(key) else {
                throw InputError(source, "field statistic.\(DisplayText.excerpt(key, limit: 40))", "\(spec.name) has no such setting")
            }
            try values.set(key, text: spec.settings[key] ?? "", source: "\(source): field statistic.\(key)")
        }
        do {
            return try descriptor.make(problem, values)
        } catch let error as InputError {
            throw InputError(source, "field statistic", "\(spec.name): \(error.message)")
        }
    }
}
