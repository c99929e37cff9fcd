import Foundation

/// How values map to positions along an axis.
public enum AxisScale: Hashable, Sendable {
    case linear
    /// Base-10 logarithmic; only finite positive values can be shown.
    case log10

    /// Shorthand for `.log10`.
    public static let log = AxisScale.log10

    /// Whether `value` can be placed on this axis.
    public func accepts(_ value: Double) -> Bool {
        value.isFinite && (self == .linear || value > 0)
    }

    /// Position of `value` within `range`: 0 at the lower bound, 1 at the upper; nil when the value
    /// cannot be shown. Values outside the range give positions outside 0...1.
    public func position(of value: Double, in range: ClosedRange<Double>) -> Double? {
        guard accepts(value) else { return nil }
        switch self {
        case .linear:
            return range.upperBound > range.lowerBound
                ? PlotPosition.fraction(of: value, from: range.lowerBound, to: range.upperBound) : 0.5
        case .log10:
            guard range.lowerBound > 0 else { return nil }
            let low = Foundation.log10(range.lowerBound), span = Foundation.log10(range.upperBound) - low
            return span > 0 ? (Foundation.log10(value) - low) / span : 0.5
        }
    }

    /// A range covering `values` (those this scale accepts), widened to round numbers: whole decades
    /// on a log scale, multiples of a 1-2-5 step on a linear one. Nil when no value is usable.
    public func autoRange<S: Sequence>(_ values: S) -> ClosedRange<Double>? where S.Element == Double {
        var low = Double.infinity, high = -Double.infinity
        for value in values where accepts(value) {
            low = min(low, value)
            high = max(high, value)
        }
        guard low <= high else { return nil }
        switch self {
        case .linear:
            if low == high {
                let pad = low == 0 ? 1 : abs(low) * 0.5
                low -= pad
                high += pad
            }
            let step = AxisTicks.niceStep((high / 2 - low / 2) / 2)
            return PlotPosition.range(floor(low / step) * step, ceil(high / step) * step)
        case .log10:
            let lowExponent = floor(Foundation.log10(low))
            var highExponent = ceil(Foundation.log10(high))
            if lowExponent == highExponent { highExponent += 1 }
            return PlotPosition.range(pow(10, lowExponent), pow(10, highExponent))
        }
    }

    /// A usable range when there is no data.
    public var fallbackRange: ClosedRange<Double> {
        self == .linear ? 0...1 : 0.1...1
    }
}
