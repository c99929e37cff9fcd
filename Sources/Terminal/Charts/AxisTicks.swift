import Foundation

/// One labelled tick on an axis.
public struct AxisTick: Hashable, Sendable {
    public var value: Double
    public var label: String
}

/// Tick positions and labels: 1-2-5 steps on linear axes, powers of ten on log axes.
public enum AxisTicks {
    /// The smallest of 1, 2, 5 x 10^k that is at least `rawStep`.
    public static func niceStep(_ rawStep: Double) -> Double {
        guard rawStep > 0, rawStep.isFinite else { return 1 }
        let magnitude = pow(10, floor(log10(rawStep)))
        for factor in [1.0, 2.0, 5.0, 10.0] where factor * magnitude >= rawStep * (1 - 1e-9) {
            return factor * magnitude
        }
        return 10 * magnitude
    }

    /// At most `maxCount` ticks inside `range` (at least the two ends when nothing rounder fits).
    /// With `wholeNumbers` (an axis of iterations) linear ticks are whole numbers: the step is at least 1.
    public static func ticks(in range: ClosedRange<Double>, scale: AxisScale, maxCount: Int, wholeNumbers: Bool = false) -> [AxisTick] {
        let count = max(2, maxCount)
        switch scale {
        case .linear:
            let span = range.upperBound - range.lowerBound
            guard span > 0 else { return [AxisTick(value: range.lowerBound, label: NumberFormat.compact(range.lowerBound))] }
            let ends = [range.lowerBound, range.upperBound].map { AxisTick(value: $0, label: NumberFormat.compact($0)) }
            // A span that overflows, or a step below the resolution of the ends (1e17...1e17+16), would
            // never advance the index: the two ends are the ticks.
            guard span.isFinite else { return ends }
            let step = wholeNumbers ? max(1, niceStep(span / Double(count - 1))) : niceStep(span / Double(count - 1))
            var ticks: [AxisTick] = []
            var index = ceil(range.lowerBound / step - 1e-9)
            guard abs(index) < 1e15 else { return ends }
            while index * step <= range.upperBound + step * 1e-9, ticks.count <= 4 * count {
                let value = abs(index * step) < step * 1e-9 ? 0 : index * step
                ticks.append(AxisTick(value: value, label: NumberFormat.compact(value)))
                index += 1
            }
            return ticks
        case .log10:
            guard range.lowerBound > 0 else { return [] }
            let low = PlotPosition.clamped(ceil(log10(range.lowerBound) - 1e-9), to: -400...400)
            let high = PlotPosition.clamped(floor(log10(range.upperBound) + 1e-9), to: -400...400)
            guard low <= high else {
                return [range.lowerBound, range.upperBound].map { AxisTick(value: $0, label: NumberFormat.compact($0, significantDigits: 2)) }
            }
            let stride = max(1, Int(ceil(Double(high - low + 1) / Double(count))))
            return Swift.stride(from: high, through: low, by: -stride).reversed().map { exponent in
                AxisTick(value: pow(10, Double(exponent)), label: decadeLabel(exponent))
            }
        }
    }

    /// `1e-6`, `1e-2`, `1`, `10`, `100`, `1000`, `1e4`.
    public static func decadeLabel(_ exponent: Int) -> String {
        (0...3).contains(exponent) ? String(Int(pow(10, Double(exponent)))) : "1e\(exponent)"
    }
}
