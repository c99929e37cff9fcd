import Foundation
import OTCore
import Testing
@testable import OTData

/// The problems of `otlab bench --tts` and its marginal-error check, at small sizes, against the
/// generators they are defined by and POT 0.9.7 (`Fixtures/make_tts_reference.py` wrote
/// `tts_reference.json`).
@Suite struct TimeToSolutionSuiteTests {
    struct Reference: Decodable {
        struct SmallReg: Decodable { let a: [Double]; let b: [Double]; let max_cost: Double; let emd2: Double }
        struct Histograms: Decodable {
            let n: Int
            let a: [Double]
            let b: [Double]
            let early_plan: [Double]
            let early_error: Double
            let late_plan: [Double]
            let late_error: Double
        }
        let pot_small_reg: SmallReg
        let histograms: Histograms
    }

    static func reference() throws -> Reference {
        try JSONDecoder().decode(Reference.self, from: Data(contentsOf: URL(fileURLWithPath: fixturePath("tts_reference.json"))))
    }

    static func maxRelativeDifference(_ x: [Double], _ y: [Double]) -> Double {
        zip(x, y).map { abs($0 - $1) / max(abs($1), 1e-300) }.max() ?? .infinity
    }

    @Test func fullSuiteHasSixNamedProblemsWithTheirTolerances() throws {
        // Sizes divided by 25 keep this quick; names, regs and tolerances are the suite's.
        let suite = try TimeToSolutionSuite.problems(scale: 25)
        #expect(suite.map(\.name) == ["clouds-40-reg0.01", "clouds-40-reg2e-3", "assignment-20", "pot-small-reg-4", "histograms-1d-40", "images-8"])
        #expect(suite.map(\.regularization) == [0.01, 0.002, 1.0 / 1200, 1e-5, 1e-3, 1e-3])
        #expect(suite.map(\.tolerance) == [1e-6, 1e-6, 1e-9, 1e-9, 1e-6, 1e-6])
        for tts in suite {
            #expect(abs(tts.problem.source.totalMass - 1) < 1e-12 && abs(tts.problem.target.totalMass - 1) < 1e-12, "\(tts.name)")
            #expect(tts.problem.cost.rows == tts.problem.sourceCount && tts.problem.cost.columns == tts.problem.targetCount)
        }
    }

    @Test func cloudsAreTheBenchCloudsWithTheCostScaledToMaxOne() throws {
        let tts = try TimeToSolutionSuite.clouds(n: 30, regularization: 0.01)
        let cost = tts.problem.cost
        #expect(abs(cost.maximum - 1) < 1e-14)
        #expect(tts.problem.groundCost == .sqeuclidean)
        #expect(tts.problem.a == [Double](repeating: 1.0 / 30, count: 30))
        // The same matrix as the unscaled clouds' cost divided by its maximum (otlab bench's problem).
        let xs = try #require(try Generator.gaussian2d.generate(settings: ["n": "30", "seed": "1"]).measure?.points)
        let xt = try #require(try Generator.gaussian2d.generate(settings: ["n": "30", "seed": "2"]).measure?.points)
        let raw = GroundCost.sqeuclidean.matrix(from: xs, to: xt)
        let top = raw.maximum
        #expect(Self.maxRelativeDifference(cost.storage, raw.storage.map { $0 / top }) < 1e-13)
    }

    @Test func assignmentIsTheSeededRandomAssignment() {
        let tts = TimeToSolutionSuite.assignment(n: 12)
        #expect(tts.problem.cost == RandomAssignment.problem(size: 12, seed: 0).cost)
        #expect(tts.problem.cost.storage.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(tts.regularization == 1.0 / 1200 && tts.tolerance == 1e-9)
    }

    @Test func potSmallRegIsPOTsTestCase() throws {
        let reference = try Self.reference().pot_small_reg
        let tts = TimeToSolutionSuite.potSmallRegularization(n: 100)
        #expect(Self.maxRelativeDifference(tts.problem.a, reference.a) < 1e-13)
        #expect(Self.maxRelativeDifference(tts.problem.b, reference.b) < 1e-13)
        #expect(tts.problem.cost.maximum == reference.max_cost)  // 9801 = 99^2
        #expect(tts.problem.cost[3, 10] == 49)
        #expect(tts.regularization == 1e-5 && tts.tolerance == 1e-9 && tts.reference == 99.31530572)
        // The exact cost is POT's emd2 (99.3153061...); the entropic reference lies within 1e-6 of it.
        #expect(abs(reference.emd2 - 99.31530572) < 1e-6)
    }

    @Test func histogramsAreMake1DGaussMixtures() throws {
        let reference = try Self.reference().histograms
        let tts = TimeToSolutionSuite.histograms1D(n: reference.n)
        #expect(Self.maxRelativeDifference(tts.problem.a, reference.a) < 1e-12)
        #expect(Self.maxRelativeDifference(tts.problem.b, reference.b) < 1e-12)
        #expect(abs(tts.problem.cost.maximum - 1) < 1e-15)
    }

    @Test func imagesAreTwoPicturesInTheUnitSquare() throws {
        let tts = try TimeToSolutionSuite.images(side: 16)
        let xs = try #require(tts.problem.source.points), xt = try #require(tts.problem.target.points)
        #expect(xs.storage.allSatisfy { $0 > 0 && $0 < 1 } && xt.storage.allSatisfy { $0 > 0 && $0 < 1 })
        // A disc of diameter 9.6 pixels lights about pi 4.8^2 = 72 pixels (anti-aliased edges: more).
        #expect((60...110).contains(tts.problem.sourceCount))
        #expect(tts.problem.cost.maximum <= 2)
    }

    @Test func marginalErrorIsCheckedOnThePlan() throws {
        let reference = try Self.reference().histograms
        let tts = TimeToSolutionSuite.histograms1D(n: reference.n)
        let n = reference.n
        let early = TransportPlan.dense(DenseMatrix(rows: n, columns: n, storage: reference.early_plan))
        let late = TransportPlan.dense(DenseMatrix(rows: n, columns: n, storage: reference.late_plan))
        // POT's plans; the errors numpy computed (0.0093 after 3 iterations, 1.7e-16 converged).
        #expect(abs(tts.marginalError(of: early) - reference.early_error) < 1e-15)
        #expect(abs(tts.marginalError(of: late) - reference.late_error) < 1e-15)
        #expect(!tts.meetsTolerance(early) && tts.meetsTolerance(late))
        // A hand-made case: one row 0.1 over and one 0.1 under, columns exact: error 0.2.
        let two = TimeToSolutionProblem(
            name: "two", summary: "", problem: TransportProblem(source: Measure(weights: [0.5, 0.5]), target: Measure(weights: [0.6, 0.4]),
                                                                cost: DenseMatrix(rows: 2, columns: 2, storage: [0, 1, 1, 0])),
            regularization: 1, tolerance: 0.2)
        let plan = TransportPlan.dense(DenseMatrix(rows: 2, columns: 2, storage: [0.5, 0.1, 0.1, 0.3]))
        #expect(abs(two.marginalError(of: plan) - 0.2) < 1e-15)
        #expect(two.meetsTolerance(plan))
    }
}
