import OTCore
import OTSolvers

/// The first line of a record stream: what is solved, by which solver and engine, where.
public struct StreamHeader: Sendable, Equatable {
    /// The format version the producer wrote (`otlab/1`).
    public var stream: String
    /// The engine that runs the solve: `swift` (otlab), `pot`, `ott`, or any other producer's name.
    public var engine: String
    /// The engine's version, where known (e.g. POT's `0.9.7`).
    public var engineVersion: String?
    /// The machine the solve runs on.
    public var host: String?
    /// The solver's name in the engine's terms (e.g. `sinkhorn-log`, `sinkhorn_log`, `ott-sinkhorn`).
    public var solver: String
    /// The parameters as the producer names them, in its order.
    public var parameters: [(name: String, value: ParameterValue)]
    /// Source and target sizes (the plan is n x m).
    public var n: Int
    public var m: Int
    /// A one-line description of the problem (file names, a preset), where the producer has one.
    public var problem: String?
    /// The source and target weights, for problems up to `RecordStream.vectorLimit`; optional.
    public var a: [Double]?
    public var b: [Double]?
    /// The source and target points (one row per point, POT's `xs` and `xt`), for problems up to
    /// `RecordStream.vectorLimit` whose measures are point clouds; optional.
    public var xs: DenseMatrix?
    public var xt: DenseMatrix?
    /// What a delegating solver (`auto`) chose to run first and why (`auto_choice`), where the
    /// producer knows it before the first record; switches mid-run are in the summary.
    public var choice: SolverChoice?

    public init(engine: String, engineVersion: String? = nil, host: String? = nil, solver: String,
                parameters: [(name: String, value: ParameterValue)], n: Int, m: Int, problem: String? = nil,
                a: [Double]? = nil, b: [Double]? = nil, xs: DenseMatrix? = nil, xt: DenseMatrix? = nil,
                choice: SolverChoice? = nil, stream: String = RecordStream.version) {
        self.stream = stream
        self.engine = engine
        self.engineVersion = engineVersion
        self.host = host
        self.solver = solver
        self.parameters = parameters
        self.n = n
        self.m = m
        self.problem = problem
        self.a = a
        self.b = b
        self.xs = xs
        self.xt = xt
        self.choice = choice
    }

    public static func == (lhs: StreamHeader, rhs: StreamHeader) -> Bool {
        lhs.stream == rhs.stream && lhs.engine == rhs.engine && lhs.engineVersion == rhs.engineVersion && lhs.host == rhs.host
            && lhs.solver == rhs.solver && lhs.n == rhs.n && lhs.m == rhs.m && lhs.problem == rhs.problem && lhs.a == rhs.a && lhs.b == rhs.b
            && lhs.xs?.storage == rhs.xs?.storage && lhs.xt?.storage == rhs.xt?.storage && lhs.xs?.columns == rhs.xs?.columns
            && lhs.xt?.columns == rhs.xt?.columns && lhs.choice == rhs.choice
            && lhs.parameters.map(\.name) == rhs.parameters.map(\.name)
            && zip(lhs.parameters, rhs.parameters).allSatisfy { sameValue($0.value, $1.value) }
    }

    /// Parameter values as JSON carries them: a real with a whole value (`momentum` 1) is written
    /// `1` and reads back as an integer, and is the same value.
    private static func sameValue(_ x: ParameterValue, _ y: ParameterValue) -> Bool {
        switch (x, y) {
        case (.real(let r), .integer(let i)), (.integer(let i), .real(let r)): r == Double(i)
        default: x == y
        }
    }

    /// "pot 0.9.7 on gpu-box": where the run comes from, for titles.
    public var engineLabel: String {
        var label = engine
        if let engineVersion { label += " \(engineVersion)" }
        if let host { label += " on \(host)" }
        return label
    }
}
