import Foundation
import Testing
import OTCore
@testable import OTData

@Suite struct GeneratorTests {
    /// Settings that make a generator's output depend on the seed (a grid or a shape is exact
    /// unless jittered or shaded).
    static let randomizing: [Generator: [String: ParameterValue]] = [
        .uniformGrid: ["jitter": .real(0.5)],
        .shape: ["noise": .real(0.5)],
    ]

    @Test(arguments: Generator.allCases)
    func deterministicForASeedAndDifferentForAnother(generator: Generator) throws {
        var values = generator.defaultValues
        for (name, value) in Self.randomizing[generator] ?? [:] { try values.set(name, value) }
        try values.set("seed", .integer(1))
        let first = try generator.generate(values)
        let again = try generator.generate(values)
        try values.set("seed", .integer(2))
        let other = try generator.generate(values)
        switch (first, again, other) {
        case (.measure(let a), .measure(let b), .measure(let c)):
            #expect(a == b)
            #expect(a != c)
        case (.problem(let a), .problem(let b), .problem(let c)):
            #expect(a.cost == b.cost && a.a == b.a)
            // The seed changes the costs, or (distillation: fixed classes) the weights.
            #expect(a.cost != c.cost || a.a != c.a)
        default:
            Issue.record("generator \(generator.name) changed its output kind")
        }
    }

    @Test func gaussian1dHistogramIsANormalizedGridMeasure() throws {
        let measure = try #require(Generator.gaussian1d.generate(settings: ["n": "50", "low": "-1", "high": "3"]).measure)
        #expect(measure.count == 50)
        #expect(abs(measure.totalMass - 1) < 1e-12)
        #expect(measure.points?[0, 0] == -1 + 0.04)
        #expect(measure.points?[49, 0] == 3 - 0.04)
        #expect(measure.weights.allSatisfy { $0 >= 0 })
    }

    @Test func gaussian1dHistogramMatchesTheDensity() throws {
        let mixture = try GaussianMixture1D(components: [.init(mean: 0.5, standardDeviation: 0.1)])
        let measure = try mixture.histogram(bins: 101, low: 0, high: 1)
        #expect(measure.weights.firstIndex(of: measure.weights.max() ?? 0) == 50)
        let ratio = measure.weights[60] / measure.weights[50]   // one standard deviation away
        #expect(abs(ratio - exp(-0.5 * pow((measure.points![60, 0] - 0.5) / 0.1, 2))) < 1e-12)
    }

    @Test func gaussian1dSamplesHaveTheMixtureMoments() throws {
        let mixture = try GaussianMixture1D(components: [.init(mean: 2, standardDeviation: 0.5, weight: 1),
                                                         .init(mean: -1, standardDeviation: 1, weight: 3)])
        let measure = mixture.sample(count: 200_000, seed: 5)
        let xs = measure.points!.storage
        let mean = xs.reduce(0, +) / Double(xs.count)
        // Mixture mean 0.25*2 + 0.75*(-1) = -0.25; standard error ~ 1.6/sqrt(2e5) = 0.0036.
        #expect(abs(mean - -0.25) < 0.02)
        #expect(measure.weights.allSatisfy { $0 == 1.0 / 200_000 })
        let samples = try #require(Generator.gaussian1d.generate(settings: ["mode": "samples", "n": "30"]).measure)
        #expect(samples.count == 30 && samples.weights[0] == 1.0 / 30)
    }

    /// With n = 200000 the standard error of each mean is about 0.003 and of each covariance entry
    /// about 0.006; the tolerances (0.02 and 0.03) are several standard errors wide.
    @Test func gaussian2dSampleMeanAndCovarianceMatch() throws {
        let mixture = try GaussianMixture2D(components: [.init(meanX: 1, meanY: -2, varianceX: 2, varianceY: 1, covariance: 0.6)])
        let measure = mixture.sample(count: 200_000, seed: 11)
        let points = try #require(measure.points)
        #expect(points.columns == 2)
        let n = Double(points.rows)
        var mx = 0.0, my = 0.0
        for i in 0..<points.rows { mx += points[i, 0]; my += points[i, 1] }
        mx /= n; my /= n
        var sxx = 0.0, syy = 0.0, sxy = 0.0
        for i in 0..<points.rows {
            let dx = points[i, 0] - mx, dy = points[i, 1] - my
            sxx += dx * dx; syy += dy * dy; sxy += dx * dy
        }
        sxx /= n; syy /= n; sxy /= n
        #expect(abs(mx - 1) < 0.02 && abs(my + 2) < 0.02)
        #expect(abs(sxx - 2) < 0.03 && abs(syy - 1) < 0.03 && abs(sxy - 0.6) < 0.03)
        #expect(abs(measure.totalMass - 1) < 1e-9)
    }

    @Test func gaussian2dFromSettings() throws {
        let measure = try #require(Generator.gaussian2d.generate(settings: ["n": "200", "seed": "1", "components": "4"]).measure)
        #expect(measure.count == 200 && measure.dimension == 2)
        #expect(measure.points?.isFinite == true)
    }

    @Test func moonsAndRingsLieOnTheirShapes() throws {
        let moons = try #require(Generator.moons.generate(settings: ["n": "101", "noise": "0"]).measure?.points)
        #expect(moons.rows == 101)
        for i in 0..<51 { #expect(abs(moons[i, 0] * moons[i, 0] + moons[i, 1] * moons[i, 1] - 1) < 1e-12) }
        for i in 51..<101 {
            let dx = moons[i, 0] - 1, dy = moons[i, 1] - 0.5
            #expect(abs(dx * dx + dy * dy - 1) < 1e-12)
        }
        let rings = try #require(Generator.rings.generate(settings: ["n": "30", "noise": "0", "components": "3"]).measure?.points)
        for i in 0..<30 {
            let radius = (rings[i, 0] * rings[i, 0] + rings[i, 1] * rings[i, 1]).squareRoot()
            #expect(abs(radius - Double(i % 3 + 1)) < 1e-12)
        }
    }

    @Test func randomAssignmentHasUniformMarginalsAndUnitCosts() throws {
        let problem = try #require(Generator.randomAssignment.generate(settings: ["n": "20", "seed": "3"]).problem)
        #expect(problem.cost.rows == 20 && problem.cost.columns == 20)
        #expect(problem.cost.storage.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(problem.a == [Double](repeating: 0.05, count: 20) && problem.b == problem.a)
        #expect(problem.source.points == nil)
    }

    @Test func badNamesSettingsAndComponentsAreInputErrors() throws {
        expectInputError(["unknown generator \"spirals\"", "gaussian1d, gaussian2d, moons, rings, random-assignment"]) { try Generator.named("spirals") }
        #expect(try Generator.named("Gaussian2D") == .gaussian2d)
        expectInputError(["gaussian2d: field size", "unknown parameter", "n, seed, components"]) {
            try Generator.gaussian2d.generate(settings: ["size": "3"])
        }
        expectInputError(["preset.yaml: field n", "\"many\" is not a whole number"]) {
            try Generator.gaussian2d.generate(settings: ["n": "many"], source: "preset.yaml")
        }
        expectInputError(["field n", "out of range", "[1, 4000]"]) { try Generator.randomAssignment.generate(settings: ["n": "100000"]) }
        expectInputError(["gaussian1d: low/high", "expected low < high"]) {
            try Generator.gaussian1d.generate(settings: ["low": "2", "high": "1"])
        }
        expectInputError(["gaussian2d: component 1", "not positive definite"]) {
            try GaussianMixture2D(components: [.init(meanX: 0, meanY: 0, varianceX: 1, varianceY: 1, covariance: 1)])
        }
        expectInputError(["gaussian1d: component 2", "standard deviation 0 must be a positive number"]) {
            try GaussianMixture1D(components: [.init(mean: 0, standardDeviation: 1), .init(mean: 0, standardDeviation: 0)])
        }
        expectInputError(["no mass on [0, 1]"]) {
            try GaussianMixture1D(components: [.init(mean: 1e6, standardDeviation: 1)]).histogram(bins: 10, low: 0, high: 1)
        }
    }

    @Test func valuesOfAnotherGeneratorAreAnErrorNotATrap() {
        expectInputError(["gaussian2d: no value for parameter components"]) {
            try Generator.gaussian2d.generate(Generator.randomAssignment.defaultValues)
        }
    }

    @Test func everyGeneratorDescribesItsParameters() {
        for generator in Generator.allCases {
            let names = generator.parameters.map(\.name)
            // A size (n, or a picture's width and height for shape) and a seed.
            #expect(names.contains("seed"))
            #expect(names.contains("n") || (names.contains("width") && names.contains("height")), "\(generator.name)")
            #expect(!generator.summary.isEmpty)
        }
    }
}
