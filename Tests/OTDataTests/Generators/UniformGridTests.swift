import Foundation
import Testing
import OTCore
@testable import OTData

@Suite struct UniformGridTests {
    @Test func twoDimensionalGridIsRowMajorWithUniformWeights() throws {
        let measure = try #require(Generator.uniformGrid.generate(settings: ["n": "5", "dimension": "2", "low": "-1", "high": "1"]).measure)
        let points = try #require(measure.points)
        #expect(measure.count == 25 && points.columns == 2)
        #expect(measure.weights.allSatisfy { $0 == 1.0 / 25 })
        #expect(abs(measure.totalMass - 1) < 1e-15)
        // x varies fastest: point 1 is (-0.5, -1), point 5 is (-1, -0.5), the last is (1, 1).
        #expect(points[0, 0] == -1 && points[0, 1] == -1)
        #expect(points[1, 0] == -0.5 && points[1, 1] == -1)
        #expect(points[5, 0] == -1 && points[5, 1] == -0.5)
        #expect(points[24, 0] == 1 && points[24, 1] == 1)
        // Support: every coordinate on the 5 grid values.
        let values: Set<Double> = [-1, -0.5, 0, 0.5, 1]
        #expect(points.storage.allSatisfy { values.contains($0) })
    }

    @Test func oneDimensionalGridAndASinglePoint() throws {
        let line = try #require(Generator.uniformGrid.generate(settings: ["n": "11", "dimension": "1"]).measure)
        #expect(line.count == 11 && line.points?.columns == 1)
        for i in 0..<11 { #expect(abs(line.points![i, 0] - Double(i) / 10) < 1e-15) }
        let single = try #require(Generator.uniformGrid.generate(settings: ["n": "1", "dimension": "1", "low": "2", "high": "4"]).measure)
        #expect(single.count == 1 && single.points?[0, 0] == 3 && single.weights == [1])
    }

    @Test func exactGridIgnoresTheSeedAndJitterStaysWithinHalfASpacing() throws {
        let a = try UniformGrid(side: 6, dimension: 2).measure(seed: 1)
        let b = try UniformGrid(side: 6, dimension: 2).measure(seed: 2)
        #expect(a == b)
        let grid = try UniformGrid(side: 6, dimension: 2, jitter: 1)
        let jittered = grid.measure(seed: 3)
        #expect(jittered == grid.measure(seed: 3))
        #expect(jittered != grid.measure(seed: 4))
        var largest = 0.0
        for (k, value) in jittered.points!.storage.enumerated() {
            largest = max(largest, abs(value - a.points!.storage[k]))
        }
        #expect(largest > 0 && largest <= grid.spacing / 2 + 1e-15)
    }

    @Test func badSettingsNameTheSetting() {
        expectInputError(["field dimension", "3 is out of range"]) { try Generator.uniformGrid.generate(settings: ["dimension": "3"]) }
        expectInputError(["field n", "1001 points per side", "at most 1000000"]) {
            try Generator.uniformGrid.generate(settings: ["n": "1001", "dimension": "2"])
        }
        expectInputError(["field low/high", "expected low < high"]) { try Generator.uniformGrid.generate(settings: ["low": "1", "high": "1"]) }
        expectInputError(["field jitter"]) { try Generator.uniformGrid.generate(settings: ["jitter": "2"]) }
        expectInputError(["field n", "not a whole number"]) { try Generator.uniformGrid.generate(settings: ["n": "many"]) }
    }
}
