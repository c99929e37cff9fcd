import OTCore
import OTData
import OTSolvers

/// What a colour transfer produced: the recoloured picture (nil when the solve diverged), the
/// colour problem that was solved, and the solve's outcome.
public struct ColorTransferResult: Sendable {
    /// The sampled colour clouds (RGB points, uniform weights, squared Euclidean cost).
    public var problem: TransportProblem
    public var status: SolverStatus
    public var iterations: Int
    /// `<P, C>` of the final plan; nil when the solve diverged.
    public var cost: Double?
    /// The source picture recoloured; nil when the solve diverged.
    public var image: RGBImage?

    public init(problem: TransportProblem, status: SolverStatus, iterations: Int, cost: Double? = nil, image: RGBImage? = nil) {
        self.problem = problem
        self.status = status
        self.iterations = iterations
        self.cost = cost
        self.image = image
    }
}
