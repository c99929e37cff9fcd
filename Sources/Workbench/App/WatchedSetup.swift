import OTCore
import OTSession
import OTSolvers

extension ProblemSetup {
    /// Most plan entries for which a watched problem gets an explicit (zero) cost matrix; beyond it
    /// the cost stays implicit so that a 10^5 x 10^5 stream costs no memory here.
    static let watchedDenseLimit = 4_000_000

    /// The setup the workbench shows for a watched stream: the header's sizes and weights (uniform
    /// when the header has none), and a solver descriptor that names the engine and lists the
    /// producer's parameters. The cost is not sent in a stream, so it is zero here (nothing reads
    /// it: the stream carries the figures).
    public static func watching(_ header: StreamHeader, origin: String) -> ProblemSetup {
        let a = header.a ?? [Double](repeating: 1 / Double(header.n), count: header.n)
        let b = header.b ?? [Double](repeating: 1 / Double(header.m), count: header.m)
        let problem: TransportProblem
        if header.n * header.m <= watchedDenseLimit {
            problem = TransportProblem(source: Measure(weights: a, points: header.xs), target: Measure(weights: b, points: header.xt),
                                       cost: DenseMatrix(rows: header.n, columns: header.m))
        } else {
            let xs = DenseMatrix(rows: header.n, columns: 1, storage: (0..<header.n).map(Double.init))
            let ys = DenseMatrix(rows: header.m, columns: 1, storage: (0..<header.m).map(Double.init))
            problem = TransportProblem(source: Measure(weights: a, points: xs), target: Measure(weights: b, points: ys),
                                       implicitCost: PointCloudCost(source: xs, target: ys, groundCost: .sqeuclidean))
        }
        let values = header.parameterValues
        let engine = header.engineLabel
        let solver = SolverDescriptor(
            name: header.solver, title: "\(header.solver) · \(engine)",
            summary: "A run of \(header.solver) by \(engine), read from a record stream.",
            parameters: values.descriptors, requiresEqualMass: false, acceptsImplicitCost: true,
            make: { _, _ in throw InputError("watch", nil, "a watched run is solved by its producer (\(engine)), not here") })
        var setup = ProblemSetup(
            title: "watch \(origin)",
            description: "\(header.solver) solved by \(engine)\(header.problem.map { " on \($0)" } ?? ""), read from \(origin). " +
                "The producer runs the solve: pause, restart and parameter keys do nothing here; c keeps this run on the chart, x exports the latest plan snapshot.",
            problem: problem, solver: solver, parameters: values, speed: nil, origin: origin)
        setup.streamNote = streamNote(header, drawsPoints: header.n * header.m <= watchedDenseLimit)
        return setup
    }

    /// What the problem pane of a watched stream cannot draw, in one line.
    static func streamNote(_ header: StreamHeader, drawsPoints: Bool) -> String {
        let measures: String
        if header.xs != nil && header.xt != nil && drawsPoints {
            measures = "points and weights from the stream"
        } else if header.a != nil && header.b != nil {
            measures = "weights only: the stream sent no points"
        } else {
            measures = "uniform: the stream sent no weights or points"
        }
        return measures + "; the cost is not sent"
    }
}
