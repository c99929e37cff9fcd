/// Positions on a plot computed from user data, without traps.
///
/// The values drawn come from files and presets: ±1e308, subnormal numbers, infinities and NaN
/// all reach the views. `Int(Double)` traps on NaN, on infinities and on anything beyond ±9.2e18,
/// and `high - low` overflows to infinity when the ends are near ±1.8e308, which then turns a
/// fraction into NaN. Every view that maps a value to a cell, a bin or a glyph index goes through
/// these helpers, so that no finite or non-finite value can stop the workbench.
public enum PlotPosition {
    /// Where `value` lies between `low` and `high` (0 at `low`, 1 at `high`; outside 0...1 beyond
    /// them). Computed in halves when the span overflows, so any finite ends work; 0 when the span
    /// is empty or not a number, NaN only when `value` is NaN.
    public static func fraction(of value: Double, from low: Double, to high: Double) -> Double {
        guard high > low else { return 0 }
        let span = high - low
        if span.isFinite { return (value - low) / span }
        // The span overflows (e.g. -1e308...1e308): halves of finite numbers never do.
        let halfSpan = high / 2 - low / 2
        guard halfSpan.isFinite, halfSpan > 0 else { return 0 }
        return (value / 2 - low / 2) / halfSpan
    }

    /// The index of the bin that `fraction` (0...1 across `count` bins) falls in, clamped into
    /// `0..<count`; NaN goes to bin 0. `count` must be at least 1.
    public static func bin(_ fraction: Double, count: Int) -> Int {
        clamped(fraction * Double(count), to: 0...(max(1, count) - 1))
    }

    /// A range from `a` to `b` (either order) that can always be formed: NaN ends become 0 and
    /// infinite ends the largest finite number of their sign.
    public static func range(_ a: Double, _ b: Double) -> ClosedRange<Double> {
        func finite(_ x: Double) -> Double {
            x.isNaN ? 0 : min(Double.greatestFiniteMagnitude, max(-Double.greatestFiniteMagnitude, x))
        }
        let x = finite(a), y = finite(b)
        return min(x, y)...max(x, y)
    }

    /// `value` rounded toward zero and clamped into `range`; NaN gives the lower bound.
    public static func clamped(_ value: Double, to range: ClosedRange<Int>) -> Int {
        guard !value.isNaN else { return range.lowerBound }
        if value <= Double(range.lowerBound) { return range.lowerBound }
        if value >= Double(range.upperBound) { return range.upperBound }
        return Int(value)
    }

    /// `value` rounded to the nearest integer and clamped into `range`; NaN gives the lower bound.
    public static func rounded(_ value: Double, to range: ClosedRange<Int>) -> Int {
        clamped(value.rounded(), to: range)
    }
}
