import Testing
import OTCore

@Suite struct EpsilonScheduleTests {
    @Test func startsAtTheCappedMultipleAndDecaysToTheTarget() {
        var schedule = EpsilonSchedule(
            target: 0.01, tolerance: 1e-9, enabled: true, startFactor: 1000, decay: 0.5, stageIterationLimit: 3, costSpan: 1.5)
        #expect(schedule.current == 1.5)  // 1000 x 0.01 = 10 is capped at the span of the costs
        #expect(schedule.isIntermediate)
        #expect(abs(schedule.stageTolerance - 1e-3 * 0.01 / 1.5) < 1e-20)
        #expect(schedule.shouldAdvance(marginalError: 1e-6))
        #expect(!schedule.shouldAdvance(marginalError: 1e-3))
        for _ in 0..<3 { schedule.beginIteration() }
        #expect(schedule.shouldAdvance(marginalError: 1))  // the stage's iteration limit
        var stages = 0
        while schedule.isIntermediate { schedule.advance(); stages += 1 }
        // 1.5 x 0.5^7 = 0.0117 > 0.01, the eighth halving reaches the target (clamped).
        #expect(stages == 8)
        #expect(schedule.current == 0.01)
        #expect(!schedule.shouldAdvance(marginalError: 0))
    }

    @Test func withoutScalingTheTargetHoldsFromTheStart() {
        let schedule = EpsilonSchedule(
            target: 0.05, tolerance: 1e-6, enabled: false, startFactor: 1000, decay: 0.5, stageIterationLimit: 100, costSpan: 9)
        #expect(schedule.current == 0.05)
        #expect(!schedule.isIntermediate)
    }
}
