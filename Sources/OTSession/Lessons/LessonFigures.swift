/// What a lesson statistic reports for one plan: named values for `--json` and tests, the rows the
/// statistics pane shows, and optionally bars or point labels for the problem pane.
public struct LessonFigures: Sendable, Equatable {
    /// One named value: a number or a vector (e.g. the load of every expert).
    public struct Figure: Sendable, Equatable {
        public enum Value: Sendable, Equatable {
            case number(Double)
            case numbers([Double])
        }

        /// The key in `--json` (snake_case).
        public var key: String
        public var value: Value

        public init(_ key: String, _ value: Double) {
            self.key = key
            self.value = .number(value)
        }

        public init(_ key: String, _ values: [Double]) {
            self.key = key
            self.value = .numbers(values)
        }
    }

    /// One row of the statistics pane.
    public struct Row: Sendable, Equatable {
        public var label: String
        public var value: String

        public init(_ label: String, _ value: String) {
            self.label = label
            self.value = value
        }
    }

    /// Bars for the problem pane: one value per category (e.g. per expert) for each series, with
    /// an optional reference level (e.g. the balanced load).
    public struct Bars: Sendable, Equatable {
        public struct Series: Sendable, Equatable {
            public var name: String
            public var values: [Double]

            public init(name: String, values: [Double]) {
                self.name = name
                self.values = values
            }
        }

        public var title: String
        public var categories: [String]
        public var series: [Series]
        public var reference: Double?

        public init(title: String, categories: [String], series: [Series], reference: Double? = nil) {
            self.title = title
            self.categories = categories
            self.series = series
            self.reference = reference
        }
    }

    /// Labels of the source points for the problem pane's scatter: one labelling per panel (e.g.
    /// before and after), each label in `0..<classes` (or -1 for a point without one).
    public struct Labels: Sendable, Equatable {
        public struct Labelling: Sendable, Equatable {
            public var name: String
            public var labels: [Int]

            public init(name: String, labels: [Int]) {
                self.name = name
                self.labels = labels
            }
        }

        public var classes: Int
        public var labellings: [Labelling]

        public init(classes: Int, labellings: [Labelling]) {
            self.classes = classes
            self.labellings = labellings
        }
    }

    /// The statistic's name (`statistic:` in the preset).
    public var statistic: String
    /// The iteration of the plan the figures describe; nil when they describe no plan.
    public var iteration: Int?
    public var figures: [Figure]
    public var rows: [Row]
    public var bars: Bars?
    public var labels: Labels?

    public init(statistic: String, iteration: Int?, figures: [Figure], rows: [Row], bars: Bars? = nil, labels: Labels? = nil) {
        self.statistic = statistic
        self.iteration = iteration
        self.figures = figures
        self.rows = rows
        self.bars = bars
        self.labels = labels
    }

    /// The number named `key`, or nil.
    public func number(_ key: String) -> Double? {
        guard case .number(let x)? = figures.first(where: { $0.key == key })?.value else { return nil }
        return x
    }

    /// The vector named `key`, or nil.
    public func numbers(_ key: String) -> [Double]? {
        guard case .numbers(let x)? = figures.first(where: { $0.key == key })?.value else { return nil }
        return x
    }
}
