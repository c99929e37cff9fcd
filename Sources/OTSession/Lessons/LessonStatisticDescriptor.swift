import OTCore

/// Describes one lesson statistic once: its name, a line on what it measures, the settings a
/// preset may give it (`statistic: {name: routing, k: 2}`), and how to make it for a problem.
/// The preset parser checks settings with these descriptors; `LessonStatistics` makes statistics.
public struct LessonStatisticDescriptor: Sendable {
    public let name: String
    public let summary: String
    public let parameters: [ParameterDescriptor]
    /// Makes the statistic for a problem and validated settings; throws an `InputError` when the
    /// problem is not one the statistic understands (e.g. a routing statistic on a 3-D cloud).
    public let make: @Sendable (TransportProblem, ParameterValues) throws -> any LessonStatistic

    public init(name: String, summary: String, parameters: [ParameterDescriptor],
                make: @escaping @Sendable (TransportProblem, ParameterValues) throws -> any LessonStatistic) {
        self.name = name
        self.summary = summary
        self.parameters = parameters
        self.make = make
    }
}
