import OTCore
import OTSession
import OTSolvers

/// What the workbench opens: a problem with its solver and parameters, and the words that explain it.
public struct ProblemSetup: Sendable {
    public var title: String
    /// What to watch for (a preset's description).
    public var description: String
    public var problem: TransportProblem
    public var solver: SolverDescriptor
    public var parameters: ParameterValues
    /// Iterations per second to start at; nil for unthrottled.
    public var speed: Double?
    /// Where it came from (preset path or file names), for the status line.
    public var origin: String
    /// The pictures of a colour transfer (the problem is their sampled colours); nil otherwise.
    public var colorTransfer: ColorTransferPictures? = nil
    /// The pixel grids when source and target are both pictures, so the pane draws pictures; nil otherwise.
    public var pictures: ProblemPictures? = nil
    /// The lesson's own statistic (a preset's `statistic:`), shown in the statistics pane; nil for none.
    public var lesson: (any LessonStatistic)? = nil
    /// The problem is a map given by paired points (source i is sent to target i, a preset's
    /// `problem: {pairs: FILE}`): the problem pane draws the map as arrows x_i → T(x_i).
    public var mapArrows = false
    /// The lesson's own sweep (a preset's `sweep:`): `w` opens it instead of the regularization sweep.
    public var lessonSweep: LessonSweep? = nil
    /// For a watched stream: what the stream did not send and the problem pane therefore cannot
    /// show (points, the cost), drawn under the measures; nil otherwise.
    public var streamNote: String? = nil

    public init(title: String, description: String, problem: TransportProblem, solver: SolverDescriptor,
                parameters: ParameterValues, speed: Double?, origin: String) {
        self.title = title
        self.description = description
        self.problem = problem
        self.solver = solver
        self.parameters = parameters
        self.speed = speed
        self.origin = origin
    }
}

/// Builds setups from names and paths: presets for `p`, files for `o`. Supplied by the executable
/// (which knows the data layer's loaders), so the workbench stays testable with fixed problems.
public protocol SetupProvider: Sendable {
    /// Presets the picker lists: (name, title, one-line summary).
    func presetList() -> [(name: String, title: String, summary: String)]
    func setup(preset name: String) throws -> ProblemSetup
    func setup(source: String, target: String, solver: SolverDescriptor, parameters: ParameterValues) throws -> ProblemSetup
}
