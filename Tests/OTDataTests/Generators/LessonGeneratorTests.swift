import Foundation
import Testing
import OTCore
@testable import OTData

/// The generators of the distillation and W-CFM lessons.
@Suite struct LessonGeneratorTests {
    @Test func teacherAndStudentAreClassDistributions() throws {
        let same = TeacherStudent.problem(classes: 16, batch: 8, width: 0.8, shift: 0, seed: 1)
        #expect(same.a == same.b)
        let apart = TeacherStudent.problem(classes: 16, batch: 8, width: 0.8, shift: 3, seed: 1)
        #expect(abs(apart.a.reduce(0, +) - 1) < 1e-14 && abs(apart.b.reduce(0, +) - 1) < 1e-14)
        #expect(apart.b.allSatisfy { $0 > 0 }, "softmaxes have full support")
        // Classes 0..15 at k/15 with the cost |x_i - x_j|.
        #expect(abs(apart.cost[0, 15] - 1) < 1e-15 && abs(apart.cost[3, 5] - 2.0 / 15) < 1e-15)
        // The student's mean class moved by about the shift.
        let mean = { (w: [Double]) in w.enumerated().reduce(0.0) { $0 + Double($1.offset) * $1.element } }
        #expect(abs(mean(apart.b) - mean(apart.a) - 3) < 0.01)
        let generated = try Generator.named("distillation").generate(settings: ["shift": "3", "seed": "1"])
        guard case .problem(let problem) = generated else { Issue.record("not a problem"); return }
        #expect(problem.b == apart.b)
    }

    @Test func flowMatchingBatchesAreNested() throws {
        let small = FlowMatchingBatch.problem(size: 8, radius: 2, spread: 0.4, seed: 3)
        let large = FlowMatchingBatch.problem(size: 32, radius: 2, spread: 0.4, seed: 3)
        func rows(_ m: DenseMatrix) -> Set<[Double]> { Set((0..<m.rows).map { [m[$0, 0], m[$0, 1]] }) }
        #expect(rows(small.source.points!).isSubset(of: rows(large.source.points!)))
        #expect(rows(small.target.points!).isSubset(of: rows(large.target.points!)))
        #expect(small.a == [Double](repeating: 1.0 / 8, count: 8))
        // Data points sit on the circle of radius 2 up to the spread.
        let radii = (0..<32).map { i in (large.target.points![i, 0] * large.target.points![i, 0] + large.target.points![i, 1] * large.target.points![i, 1]).squareRoot() }
        #expect(radii.allSatisfy { abs($0 - 2) < 2 })
        #expect(abs(radii.reduce(0, +) / 32 - 2) < 0.3)
    }
}
