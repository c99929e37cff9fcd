import Testing
import OTCore
@testable import OTData

/// Seeded pixel samples of a picture's colours.
@Suite struct ColorSamplingTests {
    /// A 64 x 48 gradient: every pixel a different colour.
    static let gradient: RGBImage = {
        let width = 64, height = 48
        var channels = [Double](repeating: 0, count: 3 * width * height)
        for p in 0..<(width * height) {
            channels[3 * p] = Double(p % width) / Double(width - 1)
            channels[3 * p + 1] = Double(p / width) / Double(height - 1)
            channels[3 * p + 2] = 0.5
        }
        return RGBImage(width: width, height: height, channels: channels)
    }()

    @Test func samplingIsSeededAndWithoutReplacement() {
        let a = ColorSampling.sample(Self.gradient, count: 100, seed: 5)
        #expect(a.rows == 100 && a.columns == 3)
        #expect(a == ColorSampling.sample(Self.gradient, count: 100, seed: 5))
        #expect(a != ColorSampling.sample(Self.gradient, count: 100, seed: 6))
        // Distinct pixels of the gradient have distinct colours, so a sample without replacement has distinct rows.
        let rows = Set((0..<a.rows).map { [a[$0, 0], a[$0, 1], a[$0, 2]] })
        #expect(rows.count == 100)
        // Asking for more pixels than the picture has gives every pixel once.
        #expect(ColorSampling.sample(Self.gradient, count: 5000, seed: 1).rows == 64 * 48)
    }

    @Test func problemIsUniformInRGBWithSquaredEuclideanCost() {
        let problem = ColorSampling.problem(source: Self.gradient, target: Self.gradient, samples: 50, seed: 2)
        #expect(problem.sourceCount == 50 && problem.targetCount == 50)
        #expect(problem.a.allSatisfy { abs($0 - 0.02) < 1e-15 })
        // Different seeds for the two sides: not the same pixels.
        #expect(problem.source.points != problem.target.points)
        let x = problem.source.points!, y = problem.target.points!
        let expected = (0..<3).map { (x[0, $0] - y[1, $0]) * (x[0, $0] - y[1, $0]) }.reduce(0, +)
        #expect(abs(problem.cost[0, 1] - expected) < 1e-15)
    }
}
