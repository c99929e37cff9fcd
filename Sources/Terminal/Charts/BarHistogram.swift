/// Bars drawn with eighth blocks, for 1-D histograms and marginals; one series or two overlaid.
/// Vertical bars (`▁▂▃▄▅▆▇█`) grow upwards with bins left to right; horizontal bars (`▏▎▍▌▋▊▉█`)
/// grow rightwards with bins top to bottom (e.g. a heatmap's row marginal).
///
/// Bins share the width (or height) evenly (bars are at least one column wide); when there are more bins than
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

    public enum Orientation: Hashable, Sendable {
        case vertical
        case horizontal
    }

    public var series: [Series]
    public var maximum: Double?
    public var orientation: Orientation

    public init(series: [Series], maximum: Double? = nil, orientation: Orientation = .vertical) {
        precondition(series.count <= 2, "BarHistogram overlays at most two series")
        self.series = series
        self.maximum = maximum
        self.orientation = orientation
    }

    public init(values: [Double], color: Color? = nil, orientation: Orientation = .vertical) {
        self.init(series: [Series(values: values, color: color)], orientation: orientation)
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
        guard binCount > 0, !plot.isEmpty else { return }
        let vertical = orientation == .vertical
        // Lanes hold one bin each; bars grow along the other direction.
        let lanes = vertical ? plot.width : plot.height
        let length = vertical ? plot.height : plot.width
        let bins = series.map { BarHistogram.mergedBins($0.values + Array(repeating: 0, count: binCount - $0.values.count),
                                                         columns: lanes) }
        let binsUsed = bins[0].count
        let top = maximum ?? bins.flatMap { $0 }.filter(\.isFinite).max() ?? 0
        guard top > 0 else { return }
        let totalEighths = length * 8
        // Bar length in eighths of a cell for each series and bin.
        let lengths = bins.map { $0.map { value -> Int in
            guard value.isFinite, value > 0 else { return 0 }
            return PlotPosition.rounded(value / top * Double(totalEighths), to: 0...totalEighths)
        } }

        for lane in 0..<lanes {
            let bin = lane * binsUsed / lanes
            let laneLengths = lengths.map { $0[bin] }
            // Index of the series in front (the shorter bar) and behind.
            let front = laneLengths.count == 2 && laneLengths[1] < laneLengths[0] ? 1 : 0
            let back = laneLengths.count == 2 ? 1 - front : front
            for step in 0..<length {
                let base = step * 8
                let frontFill = min(8, max(0, laneLengths[front] - base))
                let backFill = min(8, max(0, laneLengths[back] - base))
                let x = vertical ? plot.x + lane : plot.x + step
                let y = vertical ? plot.maxY - 1 - step : plot.y + lane
                func glyph(_ eighths: Int) -> Character {
                    vertical ? glyphs.bar(eighths: eighths) : glyphs.horizontalBar(eighths: eighths)
                }
                if frontFill > 0 {
                    let behind: Color? = (backFill == 8 && front != back && frontFill < 8) ? color(of: back, theme) : nil
                    buffer.set(x: x, y: y, glyph: glyph(frontFill), style: Style(foreground: color(of: front, theme), background: behind))
                } else if backFill > 0 {
                    buffer.set(x: x, y: y, glyph: glyph(backFill), style: Style(foreground: color(of: back, theme)))
                }
            }
        }
    }

    private func color(of index: Int, _ theme: Theme) -> Color {
        theme.colorEnabled ? (series[index].color ?? theme.seriesColor(index)) : .default
    }
}
