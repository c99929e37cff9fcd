import OTCore

/// Points on a regular grid in 1-D or 2-D with uniform weights: the discretization of a uniform
/// density, and the support on which histograms and images live.
///
/// Along each axis the `side` points are evenly spaced from `low` to `high` inclusive (NumPy's
/// `linspace`; a single point sits at the middle). In 2-D the grid has `side x side` points in
/// row-major order, x varying fastest. With `jitter > 0` every point moves by a uniform amount of
/// up to `jitter` half-spacings along each axis, drawn from the seed, which breaks the ties that
/// make transport on an exact grid degenerate.
public struct UniformGrid: Sendable, Equatable {
    /// The largest number of points a grid may have (as for the other generators).
    public static let maximumPoints = 1_000_000

    public var side: Int
    public var dimension: Int
    public var low: Double
    public var high: Double
    public var jitter: Double

    /// A grid; `source` names the input (preset field, flag) in errors, which name the setting.
    public init(side: Int, dimension: Int, low: Double = 0, high: Double = 1, jitter: Double = 0,
                source: String = "uniform-grid") throws(InputError) {
        guard dimension == 1 || dimension == 2 else {
            throw InputError(source, "field dimension", "\(dimension) is not supported; expected 1 or 2")
        }
        guard side >= 1 else { throw InputError(source, "field n", "\(side) points per side; expected at least 1") }
        let total = dimension == 1 ? side : side.multipliedReportingOverflow(by: side).partialValue
        guard total <= Self.maximumPoints, side <= Self.maximumPoints else {
            throw InputError(source, "field n", "\(side) points per side make \(side)^\(dimension) points; expected at most \(Self.maximumPoints) in all (n <= 1000 in 2-D)")
        }
        guard low.isFinite, high.isFinite, low < high else {
            throw InputError(source, "field low/high", "interval [\(ParameterValue.format(low)), \(ParameterValue.format(high))] is empty; expected low < high")
        }
        guard jitter.isFinite, (0...1).contains(jitter) else {
            throw InputError(source, "field jitter", "\(ParameterValue.format(jitter)) is out of range; expected a number in [0, 1]")
        }
        self.side = side
        self.dimension = dimension
        self.low = low
        self.high = high
        self.jitter = jitter
    }

    /// Number of points, `side^dimension`.
    public var count: Int { dimension == 1 ? side : side * side }

    /// Distance between neighbouring points along an axis (the interval's width for one point).
    public var spacing: Double { side > 1 ? (high - low) / Double(side - 1) : high - low }

    /// The coordinate of the `index`-th point along an axis.
    public func coordinate(_ index: Int) -> Double {
        side > 1 ? low + Double(index) * spacing : (low + high) / 2
    }

    /// The grid as a measure with weights `1 / count`; `seed` draws the jitter (unused without it).
    public func measure(seed: Int) -> Measure {
        var random = SeededRandom(seed: seed)
        let n = count, d = dimension
        var storage = [Double](repeating: 0, count: n * d)
        for point in 0..<n {
            let indices = d == 1 ? [point] : [point % side, point / side]
            for axis in 0..<d {
                var x = coordinate(indices[axis])
                if jitter > 0 { x += jitter * spacing / 2 * random.nextUniform(-1, 1) }
                storage[point * d + axis] = x
            }
        }
        return Measure.uniform(points: DenseMatrix(rows: n, columns: d, storage: storage))
    }

    /// The parameters of the `uniform-grid` generator.
    static let parameters: [ParameterDescriptor] = [
        ParameterDescriptor(name: "n", label: "points per side", kind: .integer(default: 20, range: 1...maximumPoints),
                            help: "Points along each axis; the grid has n points in 1-D and n x n in 2-D (at most 1,000,000 in all)."),
        ParameterDescriptor(name: "dimension", label: "dimension", kind: .integer(default: 2, range: 1...2),
                            help: "1 for points on a line, 2 for a square grid."),
        ParameterDescriptor(name: "low", label: "interval start", kind: .real(default: 0, range: -1e6...1e6, logScale: false),
                            help: "First coordinate along each axis."),
        ParameterDescriptor(name: "high", label: "interval end", kind: .real(default: 1, range: -1e6...1e6, logScale: false),
                            help: "Last coordinate along each axis."),
        ParameterDescriptor(name: "jitter", label: "jitter", kind: .real(default: 0, range: 0...1, logScale: false),
                            help: "Random displacement of each point, as a fraction of half the spacing (0 keeps the exact grid)."),
    ]
}
