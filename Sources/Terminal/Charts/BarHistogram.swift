/// Vertical bars drawn with eighth blocks (`▁▂▃▄▅▆▇█`), for 1-D histograms; one series or two
/// overlaid.
///
/// Bins share the width evenly (bars are at least one column wide); when there are more bins than
/// columns, neighbouring bins are summed so the total mass is kept. Heights are relative to the
/// largest (summed) bin of all series, or to `maximum` when given. With two series the shorter bar of
/// a column is drawn in front in its own colour; where it ends inside a cell the taller bar shows
/// only if it fills that cell, as the cell's background. A legend row appears when any series is named.
public struct BarHistogram: Sendable {
    public struct Series: Hashable, Sendable {
        public var name: String
        public var values: [Double]
        public var color: Color?

        public init(name: String = "", values: [Double], color: Color? = nil) {
            self.name = name
            self.values = values
            self.color = color
        }
    }

    public var series: [Series]
    public var maximum: Double?

    public init(series: [Series], maximum: Double? = nil) {
        precondition(series.count <= 2, "BarHistogram overlays at most two series")
        self.series = series
        self.maximum = maximum
    }

    public init(values: [Double], color: Color? = nil) {
        self.init(series: [Series(values: values, color: color)])
    }

    /// Sums consecutive bins so that at most `columns` remain (mass-preserving).
    public static func mergedBins(_ values: [Double], columns: Int) -> [Double] {
        guard values.count > columns, columns > 0 else { return values }
        var merged = Array(repeating: 0.0, count: columns)
        for (index, value) in values.enumerated() where value.isFinite {
            merged[index * columns / values.count] += value
        }
        return merged
    }

    public func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        guard !area.isEmpty, !series.isEmpty else { return }
        var plot = area
        if series.contains(where: { !$0.name.isEmpty }) && area.height >= 3 {
            let entries = series.enumerated().map { Legend.Entry(name: $0.element.name, color: color(of: $0.offset, theme)) }
            Legend(entries: entries).render(in: area.row(0), buffer: &buffer, glyphs: glyphs, theme: theme)
            plot = area.inset(top: 1)
        }
        let binCount = series.map(\.values.count).max() ?? 0
        guard binCount > 0 else { return }
        let bins = series.map { BarHistogram.mergedBins($0.values + Array(repeating: 0, count: binCount - $0.values.count),
                                                         columns: plot.width) }
        let columnsUsed = bins[0].count
        let top = maximum ?? bins.flatMap { $0 }.filter(\.isFinite).max() ?? 0
        guard top > 0 else { return }
        let totalEighths = plot.height * 8
        // Height in eighths of a cell for each series and bin.
        let heights = bins.map { $0.map { value -> Int in
            guard value.isFinite, value > 0 else { return 0 }
            return min(totalEighths, Int((value / top * Double(totalEighths)).rounded()))
        } }

        for column in 0..<plot.width {
            let bin = column * columnsUsed / plot.width
            let columnHeights = heights.map { $0[bin] }
            // Index of the series in front (the shorter bar) and behind.
            let front = columnHeights.count == 2 && columnHeights[1] < columnHeights[0] ? 1 : 0
            let back = columnHeights.count == 2 ? 1 - front : front
            for row in 0..<plot.height {
                let base = (plot.height - 1 - row) * 8
                let frontFill = min(8, max(0, columnHeights[front] - base))
                let backFill = min(8, max(0, columnHeights[back] - base))
                let x = plot.x + column, y = plot.y + row
                if frontFill > 0 {
                    let behind: Color? = (backFill == 8 && front != back && frontFill < 8) ? color(of: back, theme) : nil
                    buffer.set(x: x, y: y, glyph: glyphs.bar(eighths: frontFill),
                               style: Style(foreground: color(of: front, theme), background: behind))
                } else if backFill > 0 {
                    buffer.set(x: x, y: y, glyph: glyphs.bar(eighths: backFill), style: Style(foreground: color(of: back, theme)))
                }
            }
        }
    }

    private func color(of index: Int, _ theme: Theme) -> Color {
        theme.colorEnabled ? (series[index].color ?? theme.seriesColor(index)) : .default
    }
}
