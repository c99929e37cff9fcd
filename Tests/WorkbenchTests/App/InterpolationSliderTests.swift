import Testing
@testable import Workbench

@Suite struct InterpolationSliderTests {
    @Test func bracketsStepByATenthWithinZeroAndOne() {
        var slider = InterpolationSlider()
        #expect(!slider.isActive)
        for _ in 0..<3 { slider.move(by: InterpolationSlider.step) }
        #expect(slider.isActive)
        #expect(abs(slider.t - 0.3) < 1e-12)
        #expect(slider.label == "t = 0.30")
        for _ in 0..<5 { slider.move(by: -InterpolationSlider.step) }
        #expect(slider.t == 0)
        for _ in 0..<14 { slider.move(by: InterpolationSlider.step) }
        #expect(slider.t == 1)
        #expect(slider.label == "t = 1.00")
    }

    @Test func playingSweepsUpThenDownAndAStepStopsIt() {
        var slider = InterpolationSlider()
        let sweep = InterpolationSlider.sweepSeconds
        slider.togglePlaying(now: 10)
        #expect(slider.isPlaying)
        let moved = slider.advance(now: 10 + 0.4 * sweep)
        #expect(moved)
        #expect(abs(slider.t - 0.4) < 1e-9)
        // Past 1 it bounces: 0.4 + 0.8 = 1.2 → 0.8, now going down.
        _ = slider.advance(now: 10 + 1.2 * sweep)
        #expect(abs(slider.t - 0.8) < 1e-9)
        _ = slider.advance(now: 10 + 1.5 * sweep)
        #expect(abs(slider.t - 0.5) < 1e-9)
        slider.move(by: InterpolationSlider.step)
        #expect(!slider.isPlaying)
        #expect(abs(slider.t - 0.6) < 1e-12)
        let stopped = slider.advance(now: 100)
        #expect(!stopped)
    }
}
