import Testing
import Terminal

@Suite struct AxisTicksTests {
    @Test func linearTicksUseOneTwoFiveSteps() {
        #expect(AxisTicks.niceStep(0.3) == 0.5)
        #expect(AxisTicks.niceStep(12.25) == 20)
        #expect(AxisTicks.niceStep(1) == 1)
        let ticks = AxisTicks.ticks(in: 0...1, scale: .linear, maxCount: 3)
        #expect(ticks.map(\.label) == ["0", "0.5", "1"])
        #expect(AxisTicks.ticks(in: -2...2, scale: .linear, maxCount: 5).map(\.label) == ["-2", "-1", "0", "1", "2"])
    }

    @Test func logTicksAreDecades() {
        let ticks = AxisTicks.ticks(in: 1e-6...1, scale: .log10, maxCount: 10)
        #expect(ticks.map(\.label) == ["1e-6", "1e-5", "1e-4", "1e-3", "1e-2", "1e-1", "1"])
        let sparse = AxisTicks.ticks(in: 1e-12...1e2, scale: .log10, maxCount: 4)
        #expect(sparse.count <= 4 && sparse.last?.label == "100")
        #expect(AxisTicks.decadeLabel(4) == "1e4")
        // No whole decade inside: the ends are labelled.
        #expect(AxisTicks.ticks(in: 2e-3...5e-3, scale: .log10, maxCount: 5).map(\.label) == ["0.002", "0.005"])
    }

    @Test func autoRangesRoundOutward() {
        #expect(AxisScale.linear.autoRange([0.3, 4.2]) == 0...5)
        #expect(AxisScale.log10.autoRange([3e-5, 0.2, 0, -1, .infinity]) == 1e-5...1)
        #expect(AxisScale.log10.autoRange([0, -3]) == nil)
        #expect(AxisScale.linear.autoRange([2, 2]) == 1...3)
        #expect(AxisScale.log10.position(of: 1e-3, in: 1e-6...1) == 0.5)
        #expect(AxisScale.log10.position(of: 0, in: 1e-6...1) == nil)
    }
}
