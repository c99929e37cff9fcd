import Foundation
import Testing
import OTCore
import OTData
import OTSolvers
import TestReference
@testable import OTSession

/// The Sinkhorn distillation lesson: its statistic and its sweep over the student's shift against
/// numpy/POT (Tests/Reference/lessons/make_distillation_reference.py).
struct DistillationReference: CheckoutReference {
    static let checkoutPath = "Tests/Reference/lessons/distillation_reference.json"

    struct Point: Decodable {
        var shift: Double
        var kl: Double
        var reverse_kl: Double
        var js: Double
        var sinkhorn: Double
        var student: [Double]
    }

    var classes: Int
    var batch: Int
    var width: Double
    var reg: Double
    var seed: Int
    var teacher: [Double]
    var sweep: [Point]
}

@Suite struct DistillationStatisticTests {
    @Test func generatorGivesTheReferenceDistributions() throws {
        let reference = try DistillationReference.load()
        for point in reference.sweep {
            let problem = TeacherStudent.problem(classes: reference.classes, batch: reference.batch, width: reference.width, shift: point.shift, seed: reference.seed)
            for (got, want) in zip(problem.a, reference.teacher) { #expect(abs(got - want) < 1e-15) }
            for (got, want) in zip(problem.b, point.student) { #expect(abs(got - want) < 1e-15, "shift \(point.shift)") }
        }
    }

    @Test func divergencesMatchNumpy() throws {
        let reference = try DistillationReference.load()
        for point in reference.sweep {
            let problem = TeacherStudent.problem(classes: reference.classes, batch: reference.batch, width: reference.width, shift: point.shift, seed: reference.seed)
            let statistic = try DistillationStatistic(problem: problem)
            let figures = statistic.figures(plan: nil, iteration: nil)
            #expect(abs(try #require(figures.number("kl")) - point.kl) < 1e-10 * max(1, point.kl), "shift \(point.shift)")
            #expect(abs(try #require(figures.number("reverse_kl")) - point.reverse_kl) < 1e-10 * max(1, point.reverse_kl))
            #expect(abs(try #require(figures.number("js")) - point.js) < 1e-12)
            #expect(figures.number("sinkhorn") == nil)
        }
    }

    /// The lesson preset's sweep, moved over the reference's shifts at a tight tolerance: every
    /// figure of every point, the Sinkhorn distance from the run's own plan.
    @Test func theLessonSweepMatchesPOT() throws {
        let reference = try DistillationReference.load()
        var preset = try PresetParser.load(path: ReferenceFiles.url("presets/distillation-divergences.yaml").path)
        preset.sweep?.values = reference.sweep.map(\.shift)
        var parameters = SinkhornLog.descriptor.defaults
        try parameters.set("reg", .real(reference.reg))
        try parameters.set("tol", .real(1e-13))
        try parameters.set("max-iter", .integer(1_000_000))
        let sweep = try #require(try LessonSweep.make(preset: preset, solver: SinkhornLog.descriptor, parameters: parameters))
        #expect(sweep.label(1) == "shift=0.5")
        #expect(!sweep.logScale)
        let results = sweep.run()
        #expect(results.count == reference.sweep.count)
        for (result, point) in zip(results, reference.sweep) {
            #expect(result.value == point.shift)
            #expect(result.outcome.status == .converged, "shift \(point.shift): \(result.outcome.status)")
            let sinkhorn = try #require(result.figures.number("sinkhorn"))
            #expect(abs(sinkhorn - point.sinkhorn) < 1e-9, "shift \(point.shift): \(sinkhorn) vs POT \(point.sinkhorn)")
            #expect(abs(try #require(result.figures.number("js")) - point.js) < 1e-12)
        }
        // What the lesson shows: KL grows without bound, JS saturates at log 2, the Sinkhorn
        // distance keeps growing by about the same step per class.
        let normalized = sweep.series(results.map(\.figures))
        #expect(normalized.map(\.key) == ["kl", "reverse_kl", "js", "sinkhorn"])
        let js = normalized[2].values.compactMap { $0 }
        #expect(js.last == 1 && js[js.count - 3] > 0.99)
        let sinkhorn = results.map { $0.figures.number("sinkhorn")! }
        #expect(abs((sinkhorn.last! - sinkhorn[sinkhorn.count - 2]) / 2 - (sinkhorn[8] - sinkhorn[7])) < 1e-3)
    }
}
