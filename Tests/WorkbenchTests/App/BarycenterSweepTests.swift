import Testing
@testable import Workbench

/// λ's path for the `a` key on a barycenter problem.
@Suite struct BarycenterSweepTests {
    /// Three inputs: λ walks the triangle's edges through the corners, always on the simplex.
    @Test func threeInputsWalkTheTriangle() {
        #expect(BarycenterSweep.weights(phase: 0, count: 3) == [1, 0, 0])
        #expect(BarycenterSweep.weights(phase: 1.0 / 3, count: 3) == [0, 1, 0])
        #expect(BarycenterSweep.weights(phase: 2.0 / 3, count: 3) == [0, 0, 1])
        let middle = BarycenterSweep.weights(phase: 1.0 / 6, count: 3)
        #expect(abs(middle[0] - 0.5) < 1e-12 && abs(middle[1] - 0.5) < 1e-12 && middle[2] == 0)
        for step in 0..<100 {
            let weights = BarycenterSweep.weights(phase: Double(step) / 100, count: 3)
            #expect(abs(weights.reduce(0, +) - 1) < 1e-12 && weights.allSatisfy { $0 >= 0 })
        }
    }

    /// Two inputs: from the first to the second and back over one lap.
    @Test func twoInputsGoAndComeBack() {
        #expect(BarycenterSweep.weights(phase: 0, count: 2) == [1, 0])
        #expect(BarycenterSweep.weights(phase: 0.5, count: 2) == [0, 1])
        #expect(BarycenterSweep.weights(phase: 0.25, count: 2) == [0.5, 0.5])
    }

    /// Advancing wraps after a lap; toggling twice stops.
    @Test func advanceWrapsAndToggleStops() {
        var sweep = BarycenterSweep()
        sweep.toggle()
        #expect(sweep.isPlaying)
        for _ in 0..<BarycenterSweep.stepsPerLap { _ = sweep.advance(count: 3) }
        #expect(sweep.phase < 1e-9 || sweep.phase > 1 - 1e-9)
        sweep.toggle()
        #expect(!sweep.isPlaying)
    }
}
