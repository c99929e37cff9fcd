import OTCore
import OTData
import OTSession
import OTSolvers
import Testing

/// The doubly-stochastic attention lesson's figures against numpy/POT
/// (`Reference/make_reference_lessons.py`): column-sum deviation and mean row entropy of the row
/// softmax, after 3 and 10 iterations, and of POT's converged plan.
struct AttentionStatisticTests {
    @Test func figuresMatchNumpyAndPOT() throws {
        let reference = try LessonReference.load("attention")
        let scores = try #require(reference.matrix("scores"))
        let ones = Measure(weights: [Double](repeating: 1, count: scores.rows))
        let problem = TransportProblem(source: ones, target: ones,
                                       cost: DenseMatrix(rows: scores.rows, columns: scores.columns, storage: scores.storage.map { -$0 }))
        var settings = ParameterValues(defaultsFor: AttentionStatistic.descriptor.parameters)
        try settings.set("reg", .real(try #require(reference.number("reg"))))
        let statistic = try AttentionStatistic(problem: problem, settings: settings)
        let figures = statistic.figures(plan: .dense(try #require(reference.matrix("plan"))), iteration: 50)
        for prefix in ["softmax", "sinkhorn_3", "sinkhorn_10", "plan"] {
            for measure in ["column_deviation", "row_entropy"] {
                let key = "\(prefix)_\(measure)"
                let value = try #require(figures.number(key)), expected = try #require(reference.number(key))
                #expect(abs(value - expected) < 1e-10, "\(key): \(value) vs \(expected)")
            }
        }
        // The softmax's columns are far from 1, the converged plan's are not; rows spread out.
        #expect(try #require(figures.number("softmax_column_deviation")) > 1)
        #expect(try #require(figures.number("plan_column_deviation")) < 1e-9)
        let softmaxEntropy = try #require(figures.number("softmax_row_entropy"))
        #expect(try #require(figures.number("plan_row_entropy")) > softmaxEntropy)
    }

    @Test func theBaselinesAreTheSolversIterations() throws {
        // k iterations of the statistic are the doubly-stochastic solver's first k iterations.
        let problem = RandomScores.problem(size: 16, scale: 2, seed: 4)
        var settings = ParameterValues(defaultsFor: AttentionStatistic.descriptor.parameters)
        try settings.set("reg", .real(0.5))
        let statistic = try AttentionStatistic(problem: problem, settings: settings)
        var parameters = ParameterValues(defaultsFor: DoublyStochastic.descriptor.parameters)
        try parameters.set("reg", .real(0.5))
        try parameters.set("tol", .real(0))
        let solver = try DoublyStochastic(problem: problem, parameters: parameters)
        for _ in 0..<3 { _ = solver.step() }
        let figures = statistic.figures(plan: solver.plan(), iteration: 3)
        let fromSolver = try #require(figures.number("plan_column_deviation")), baseline = try #require(figures.number("sinkhorn_3_column_deviation"))
        #expect(abs(fromSolver - baseline) < 1e-12)
        #expect(abs(try #require(figures.number("plan_row_entropy")) - (try #require(figures.number("sinkhorn_3_row_entropy")))) < 1e-12)
    }
}
