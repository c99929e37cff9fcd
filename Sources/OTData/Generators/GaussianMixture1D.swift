import Foundation
import OTCore

/// A mixture of 1-D gaussians, turned into a measure in one of two ways:
///
/// - `histogram(bins:low:high:)`: the mixture density evaluated at the centres of `bins` equal bins
///   over `[low, high]`, normalized to total mass 1 (like POT's `ot.datasets.make_1D_gauss`); the
///   bin centres are attached as 1-D points so that a ground cost applies. Deterministic.
/// - `sample(count:seed:)`: `count` points drawn from the mixture, each of weight `1/count`.
public struct GaussianMixture1D: Sendable, Equatable {
    /// One gaussian of the mixture; `weight` is its relative share (the shares need not sum to 1).
    public struct Component: Sendable, Equatable {
        public var mean: Double
        public var standardDeviation: Double
        public var weight: Double

        public init(mean: Double, standardDeviation: Double, weight: Double = 1) {
            self.mean = mean
            self.standardDeviation = standardDeviation
            self.weight = weight
        }
    }

    public private(set) var components: [Component]

    /// A mixture of the given components; `source` names the input (preset field, flag) in errors.
    public init(components: [Component], source: String = "gaussian1d") throws(InputError) {
        guard !components.isEmpty else { throw InputError(source, nil, "a mixture needs at least one component") }
        for (index, c) in components.enumerated() {
            guard c.mean.isFinite else { throw InputError(source, "component \(index + 1)", "mean \(ParameterValue.format(c.mean)) is not finite") }
            guard c.standardDeviation.isFinite, c.standardDeviation > 0 else {
                throw InputError(source, "component \(index + 1)", "standard deviation \(ParameterValue.format(c.standardDeviation)) must be a positive number")
            }
            guard c.weight.isFinite, c.weight >= 0 else {
                throw InputError(source, "component \(index + 1)", "weight \(ParameterValue.format(c.weight)) must be >= 0")
            }
        }
        guard components.reduce(0, { $0 + $1.weight }) > 0 else {
            throw InputError(source, nil, "the component weights sum to 0; expected a positive total")
        }
        self.components = components
    }

    /// A random mixture of `count` components inside `[low, high]`, reproducible from `seed`:
    /// means uniform in the middle 70% of the interval, standard deviations between 4% and 12%
    /// of its width, relative weights uniform in [0.5, 1.5].
    public static func random(components count: Int, seed: Int, low: Double = 0, high: Double = 1) -> GaussianMixture1D {
        var random = SeededRandom(seed: seed)
        return GaussianMixture1D.random(components: count, low: low, high: high, using: &random)
    }

    /// A random mixture drawn from an existing stream (see `random(components:seed:low:high:)`).
    public static func random(components count: Int, low: Double, high: Double, using random: inout SeededRandom) -> GaussianMixture1D {
        let width = high - low
        let components = (0..<max(1, count)).map { _ in
            Component(mean: random.nextUniform(low + 0.15 * width, high - 0.15 * width),
                      standardDeviation: random.nextUniform(0.04 * width, 0.12 * width),
                      weight: random.nextUniform(0.5, 1.5))
        }
        return GaussianMixture1D(validated: components)
    }

    private init(validated components: [Component]) {
        self.components = components
    }

    /// The mixture density at `x` (the weights taken as shares of the total).
    public func density(at x: Double) -> Double {
        let total = components.reduce(0) { $0 + $1.weight }
        var sum = 0.0
        for c in components {
            let z = (x - c.mean) / c.standardDeviation
            sum += c.weight / total * exp(-0.5 * z * z) / (c.standardDeviation * (2 * Double.pi).squareRoot())
        }
        return sum
    }

    /// The mixture as a histogram of `bins` bins over `[low, high]`, total mass 1, bin centres as points.
    public func histogram(bins: Int, low: Double, high: Double, source: String = "gaussian1d") throws(InputError) -> Measure {
        guard bins >= 1 else { throw InputError(source, "n", "\(bins) bins; expected at least 1") }
        guard low.isFinite, high.isFinite, low < high else {
            throw InputError(source, "low/high", "interval [\(ParameterValue.format(low)), \(ParameterValue.format(high))] is empty; expected low < high")
        }
        let width = (high - low) / Double(bins)
        let centres = (0..<bins).map { low + (Double($0) + 0.5) * width }
        let densities = centres.map(density(at:))
        let mass = densities.reduce(0, +)
        guard mass > 0, mass.isFinite else {
            throw InputError(source, nil, "the mixture has no mass on [\(ParameterValue.format(low)), \(ParameterValue.format(high))]; move the means or widen the interval")
        }
        return Measure(weights: densities.map { $0 / mass }, points: DenseMatrix(rows: bins, columns: 1, storage: centres))
    }

    /// `count` points drawn from the mixture with uniform weights `1/count`.
    public func sample(count: Int, seed: Int) -> Measure {
        var random = SeededRandom(seed: seed)
        return sample(count: count, using: &random)
    }

    /// `count` points drawn from an existing stream, with uniform weights `1/count`.
    public func sample(count: Int, using random: inout SeededRandom) -> Measure {
        let cumulative = SeededRandom.cumulativeSums(components.map(\.weight))
        let n = max(0, count)
        var xs = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let c = components[random.nextIndex(weightedBy: cumulative)]
            xs[i] = c.mean + c.standardDeviation * random.nextNormal()
        }
        return Measure.uniform(points: DenseMatrix(rows: n, columns: 1, storage: xs))
    }
}
