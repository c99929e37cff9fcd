import Foundation
import OTCore

/// A mixture of 2-D gaussians, sampled as a point cloud with uniform weights.
///
/// Each component has a mean, a symmetric positive-definite covariance and a relative weight.
/// A sample picks a component with probability proportional to its weight and draws
/// `mean + L z`, where `L` is the Cholesky factor of the covariance and `z` is standard normal.
public struct GaussianMixture2D: Sendable, Equatable {
    /// One gaussian: mean `(meanX, meanY)` and covariance `[[varianceX, covariance], [covariance, varianceY]]`.
    public struct Component: Sendable, Equatable {
        public var meanX: Double
        public var meanY: Double
        public var varianceX: Double
        public var varianceY: Double
        public var covariance: Double
        public var weight: Double

        public init(meanX: Double, meanY: Double, varianceX: Double = 1, varianceY: Double = 1,
                    covariance: Double = 0, weight: Double = 1) {
            self.meanX = meanX
            self.meanY = meanY
            self.varianceX = varianceX
            self.varianceY = varianceY
            self.covariance = covariance
            self.weight = weight
        }

        /// Lower-triangular Cholesky factor `(l11, l21, l22)`, or nil if not positive definite.
        var cholesky: (Double, Double, Double)? {
            guard varianceX > 0 else { return nil }
            let l11 = varianceX.squareRoot()
            let l21 = covariance / l11
            let rest = varianceY - l21 * l21
            guard rest > 0 else { return nil }
            return (l11, l21, rest.squareRoot())
        }
    }

    public private(set) var components: [Component]

    /// A mixture of the given components; `source` names the input (preset field, flag) in errors.
    public init(components: [Component], source: String = "gaussian2d") throws(InputError) {
        guard !components.isEmpty else { throw InputError(source, nil, "a mixture needs at least one component") }
        for (index, c) in components.enumerated() {
            let numbers = [c.meanX, c.meanY, c.varianceX, c.varianceY, c.covariance, c.weight]
            guard numbers.allSatisfy(\.isFinite) else {
                throw InputError(source, "component \(index + 1)", "means, covariance and weight must be finite numbers")
            }
            guard c.cholesky != nil else {
                throw InputError(source, "component \(index + 1)",
                                 "covariance [[\(ParameterValue.format(c.varianceX)), \(ParameterValue.format(c.covariance))], [\(ParameterValue.format(c.covariance)), \(ParameterValue.format(c.varianceY))]] is not positive definite; expected variances > 0 and covariance^2 < varianceX * varianceY")
            }
            guard c.weight >= 0 else { throw InputError(source, "component \(index + 1)", "weight \(ParameterValue.format(c.weight)) must be >= 0") }
        }
        guard components.reduce(0, { $0 + $1.weight }) > 0 else {
            throw InputError(source, nil, "the component weights sum to 0; expected a positive total")
        }
        self.components = components
    }

    /// A random mixture of `count` components, reproducible from `seed`: means uniform in
    /// [-4, 4]^2, standard deviations per axis in [0.4, 1.2], correlation in [-0.6, 0.6],
    /// relative weights in [0.5, 1.5].
    public static func random(components count: Int, seed: Int) -> GaussianMixture2D {
        var random = SeededRandom(seed: seed)
        return GaussianMixture2D.random(components: count, using: &random)
    }

    /// A random mixture drawn from an existing stream (see `random(components:seed:)`).
    public static func random(components count: Int, using random: inout SeededRandom) -> GaussianMixture2D {
        let components = (0..<max(1, count)).map { _ in
            let meanX = random.nextUniform(-4, 4), meanY = random.nextUniform(-4, 4)
            let sx = random.nextUniform(0.4, 1.2), sy = random.nextUniform(0.4, 1.2)
            let correlation = random.nextUniform(-0.6, 0.6)
            return Component(meanX: meanX, meanY: meanY, varianceX: sx * sx, varianceY: sy * sy,
                             covariance: correlation * sx * sy, weight: random.nextUniform(0.5, 1.5))
        }
        return GaussianMixture2D(validated: components)
    }

    private init(validated components: [Component]) {
        self.components = components
    }

    /// `count` points (rows `x, y`) drawn from the mixture, with uniform weights `1/count`.
    public func sample(count: Int, seed: Int) -> Measure {
        var random = SeededRandom(seed: seed)
        return sample(count: count, using: &random)
    }

    /// `count` points drawn from an existing stream, with uniform weights `1/count`.
    public func sample(count: Int, using random: inout SeededRandom) -> Measure {
        let cumulative = SeededRandom.cumulativeSums(components.map(\.weight))
        let factors = components.map { $0.cholesky ?? (0, 0, 0) }
        let n = max(0, count)
        var storage = [Double](repeating: 0, count: 2 * n)
        for i in 0..<n {
            let k = random.nextIndex(weightedBy: cumulative)
            let (l11, l21, l22) = factors[k]
            let z1 = random.nextNormal(), z2 = random.nextNormal()
            storage[2 * i] = components[k].meanX + l11 * z1
            storage[2 * i + 1] = components[k].meanY + l21 * z1 + l22 * z2
        }
        return Measure.uniform(points: DenseMatrix(rows: n, columns: 2, storage: storage))
    }
}
