import OTCore
import Testing
@testable import OTSolvers

/// Fixed-support and free-support barycenters against POT 0.9.7 (`make_reference_barycenters.py`).
/// POT ran with stopThr = 0, so exactly the stated number of iterations; otlab runs the same number
/// with tol = 0. Entries are compared by maximum absolute difference.
@Suite("Barycenters against POT")
struct BarycenterReferenceTests {
    /// Steps a barycenter solver `iterations` times (or to its end) and returns it.
    static func run(_ name: String, _ problem: BarycenterProblem, reg: Double?, iterations: Int, tol: Double = 0) throws -> any BarycenterSolver {
        let descriptor = try #require(SolverRegistry.descriptor(named: name))
        var parameters = descriptor.defaults
        if let reg { try parameters.set("reg", .real(reg)) }
        try parameters.set("tol", .real(tol))
        try parameters.set("max-iter", .integer(iterations))
        let solver = try descriptor.makeSolver(problem: TransportProblem(barycenter: problem), parameters: parameters)
        var status = SolverStatus.running
        while status == .running && solver.iteration < iterations { status = solver.step() }
        #expect(status.reason == nil, "\(name): \(status)")
        return try #require(solver as? any BarycenterSolver)
    }

    static func section(_ name: String) throws -> [String: Any] {
        try BarycenterReference.section("bregman")[name] as? [String: Any] ?? BarycenterReference.section("convolutional")[name] as? [String: Any] ?? [:]
    }

    /// Squared distances between unit-grid points (row-major pixels) or linspace points.
    static func gridCost(rows: Int, columns: Int) -> DenseMatrix {
        let n = rows * columns
        return DenseMatrix(rows: n, columns: n) { p, q in
            let di = BarycenterProblem.unitCoordinate(p / columns, count: rows) - BarycenterProblem.unitCoordinate(q / columns, count: rows)
            let dj = BarycenterProblem.unitCoordinate(p % columns, count: columns) - BarycenterProblem.unitCoordinate(q % columns, count: columns)
            return di * di + dj * dj
        }
    }

    static func pictures(_ prefix: String, count: Int) throws -> [Measure] {
        try (1...count).map { Measure(weights: try BarycenterReference.vector("\(prefix)_\($0)")) }
    }

    /// `ot.bregman.barycenter` of two 1-D histograms (n = 60, reg 2e-3, λ = (0.3, 0.7), 300
    /// iterations), scaling and log domain: every entry to 1e-8.
    @Test(arguments: [("bregman", "sinkhorn"), ("bregman-log", "sinkhorn_log")])
    func histograms1D(method: String, pot: String) throws {
        let values = try Self.section("hist1d")
        let measures = try Self.pictures("hist1d", count: 2)
        let problem = BarycenterProblem(measures: measures, weights: [0.3, 0.7], support: .shared(cost: Self.gridCost(rows: 60, columns: 1)))
        let solver = try Self.run(method, problem, reg: try #require(values["reg"] as? Double), iterations: try #require(values["iterations"] as? Int))
        let expected = try BarycenterReference.vector("hist1d_bar_\(pot)")
        let difference = BarycenterReference.maxDifference(solver.barycenterWeights, expected)
        #expect(difference <= 1e-8, "\(method): max abs difference \(difference)")
        #expect(solver.marginalError.isFinite)
    }

    /// `ot.bregman.barycenter` of three 32 x 32 pictures on the unit grid (reg 4e-3, 60 iterations).
    @Test(arguments: [("bregman", "sinkhorn"), ("bregman-log", "sinkhorn_log")])
    func pictures32(method: String, pot: String) throws {
        let values = try Self.section("pic32")
        let problem = BarycenterProblem(measures: try Self.pictures("pic32", count: 3), weights: [0.5, 0.3, 0.2],
                                        support: .shared(cost: Self.gridCost(rows: 32, columns: 32)))
        let solver = try Self.run(method, problem, reg: 4e-3, iterations: try #require(values["iterations"] as? Int))
        let expected = try BarycenterReference.vector("pic32_bar_\(pot)")
        let difference = BarycenterReference.maxDifference(solver.barycenterWeights, expected)
        #expect(difference <= 1e-8, "\(method): max abs difference \(difference)")
        // The plan between input 1 and the barycenter has input 1 as its row marginal.
        let plan = try #require(solver.inputPlan(0))
        #expect(BarycenterReference.maxDifference(plan.rowSums(), problem.measures[0].weights) <= 1e-12)
    }

    /// The convolutional barycenters (plain, log, debiased, debiased log) on 32 x 32 (three pictures,
    /// λ = (0.5, 0.3, 0.2), reg 4e-3, 50 iterations) and 64 x 64 (two pictures, reg 2e-3, 40
    /// iterations): every pixel to 1e-8.
    @Test(arguments: ["pic32", "pic64"], ConvolutionalBarycenter.Method.allCases)
    func convolutional(size: String, method: ConvolutionalBarycenter.Method) throws {
        let values = try BarycenterReference.section("convolutional")[size] as? [String: Any] ?? [:]
        let side = size == "pic32" ? 32 : 64
        let lambdas = try #require(values["weights"] as? [Double])
        let problem = BarycenterProblem(measures: try Self.pictures(size, count: lambdas.count), weights: lambdas, support: .grid(rows: side, columns: side))
        let solver = try Self.run(method.rawValue, problem, reg: try #require(values["reg"] as? Double), iterations: try #require(values["iterations"] as? Int))
        let file = "\(size)_\(method.isDebiased ? "debiased" : "conv")_\(method.isLog ? "sinkhorn_log" : "sinkhorn")"
        let expected = try BarycenterReference.vector(file)
        let difference = BarycenterReference.maxDifference(solver.barycenterWeights, expected)
        #expect(difference <= 1e-8, "\(method.rawValue) \(size): max abs difference \(difference)")
        if case .dense(let picture) = solver.plan() {
            #expect(picture.rows == side && picture.columns == side)
        } else {
            Issue.record("the plan of a grid barycenter is its picture")
        }
    }

    /// POT's own stopping rule (stopThr 1e-6, error tested every 10 iterations): otlab with tol 1e-6
    /// stops at the same iteration with the same picture.
    @Test func convolutionalStopsWherePOTStops() throws {
        let values = try BarycenterReference.section("convolutional")["pic64_stop"] as? [String: Any] ?? [:]
        let problem = BarycenterProblem(measures: try Self.pictures("pic64", count: 2), weights: [0.5, 0.5], support: .grid(rows: 64, columns: 64))
        let solver = try Self.run("convolutional", problem, reg: 2e-3, iterations: 10_000, tol: 1e-6)
        #expect(solver.iteration == (try #require(values["niter"] as? Int)))
        #expect(abs(solver.marginalError - (try #require(values["last_err"] as? Double))) <= 1e-12)
        let expected = try BarycenterReference.vector("pic64_conv_stop")
        #expect(BarycenterReference.maxDifference(solver.barycenterWeights, expected) <= 1e-8)
    }

    /// `ot.lp.free_support_barycenter` of three weighted 2-D clouds from the same 15 initial points:
    /// the locations to 1e-8 and the same number of iterations, the displacements as POT's.
    @Test func freeSupportMatchesPOT() throws {
        let values = try BarycenterReference.section("free_support")
        let clouds = try (1...3).map { Measure(weights: try BarycenterReference.vector("free_w\($0)"), points: try BarycenterReference.matrix("free_x\($0)")) }
        let initial = try BarycenterReference.matrix("free_init")
        let lambdas = try #require(values["weights"] as? [Double])
        let problem = BarycenterProblem(measures: clouds, weights: lambdas,
                                        support: .free(initial: initial, weights: [Double](repeating: 1.0 / Double(initial.rows), count: initial.rows)))
        let solver = try Self.run("free-support", problem, reg: nil, iterations: 100, tol: 1e-7)
        let iterations = try #require(values["iterations"] as? Int)
        #expect(solver.iteration == iterations)
        let expected = try BarycenterReference.matrix("free_bar")
        guard case .dense(let support) = solver.plan() else { Issue.record("the plan is the support"); return }
        let difference = BarycenterReference.maxDifference(support.storage, expected.storage)
        #expect(difference <= 1e-8, "max abs difference \(difference)")
        let displacements = try #require(values["displacements"] as? [Double])
        #expect(abs(solver.marginalError - displacements.last!) <= 1e-8)
    }

    /// `ot.bregman.free_support_sinkhorn_barycenter` (reg 0.5; POT's inner `ot.sinkhorn` run to
    /// stopThr 1e-12, reached in at most 421 of its 1000 iterations, as otlab's inner sinkhorn stops
    /// at an L1 marginal error of 1e-12): the locations to 1e-8 from the same 15 initial points, the
    /// same number of iterations and the last displacement.
    @Test func freeSupportWithSinkhornInnerSolvesMatchesPOT() throws {
        let values = try BarycenterReference.section("free_support_sinkhorn")
        let clouds = try (1...3).map { Measure(weights: try BarycenterReference.vector("free_w\($0)"), points: try BarycenterReference.matrix("free_x\($0)")) }
        let initial = try BarycenterReference.matrix("free_init")
        let lambdas = try #require(values["weights"] as? [Double])
        let problem = BarycenterProblem(measures: clouds, weights: lambdas,
                                        support: .free(initial: initial, weights: [Double](repeating: 1.0 / Double(initial.rows), count: initial.rows)))
        let descriptor = FreeSupportBarycenter.descriptor
        var parameters = descriptor.defaults
        try parameters.set("inner", .choice("sinkhorn"))
        try parameters.set("reg", .real(try #require(values["reg"] as? Double)))
        try parameters.set("tol", .real(1e-7))
        try parameters.set("max-iter", .integer(100))
        let solver = try descriptor.makeSolver(problem: TransportProblem(barycenter: problem), parameters: parameters)
        var status = SolverStatus.running
        while status == .running && solver.iteration < 100 { status = solver.step() }
        #expect(status == .converged)
        #expect(solver.iteration == (try #require(values["iterations"] as? Int)))
        let expected = try BarycenterReference.matrix("free_sinkhorn_bar")
        guard case .dense(let support) = solver.plan() else { Issue.record("the plan is the support"); return }
        let difference = BarycenterReference.maxDifference(support.storage, expected.storage)
        #expect(difference <= 1e-8, "max abs difference \(difference)")
        let displacements = try #require(values["displacements"] as? [Double])
        #expect(abs(solver.marginalError - displacements.last!) <= 1e-9)
    }

    /// A linear solver refuses a barycenter problem and a barycenter solver a linear one, by name.
    @Test func kindsAreChecked() throws {
        let problem = BarycenterProblem(measures: try Self.pictures("pic32", count: 2), weights: [0.5, 0.5], support: .grid(rows: 32, columns: 32))
        #expect(throws: InputError.self) {
            _ = try Sinkhorn.descriptor.makeSolver(problem: TransportProblem(barycenter: problem), parameters: Sinkhorn.descriptor.defaults)
        }
        let linear = try BarycenterReference.cloudProblem()
        let descriptor = try #require(SolverRegistry.descriptor(named: "convolutional"))
        #expect(throws: InputError.self) { _ = try descriptor.makeSolver(problem: linear, parameters: descriptor.defaults) }
    }
}
