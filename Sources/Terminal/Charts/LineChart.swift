/// A line chart at braille resolution (2 x 4 dots per cell) with axes, tick labels and a legend.
///
/// Layout inside the area, top to bottom: a legend row (y title, then one entry per series), the
/// plot with y tick labels on its left, the x axis line, and a row of x tick labels ending with the
/// x axis title. Consecutive usable points of a series are joined by straight lines; a point the
/// scale cannot show (NaN, infinite, or non-positive on a log axis) breaks the line. Ranges are
/// automatic unless given. Series are drawn in order, so where two share a cell the later one's
/// colour shows.
public struct LineChart: Sendable {
    /// One named line.
    public struct Series: Hashable, Sendable {
        public var name: String
        public var points: [PlotPoint]
        /// Nil picks the theme's series colour for this position.
        public var color: Color?

        public init(name: String, points: [PlotPoint], color: Color? = nil) {
            self.name = name
            self.points = points
            self.color = color
        }

        /// A series whose x values are the indices 0, 1, 2, ... of `values`.
        public init(name: String, values: [Double], color: Color? = nil) {
            self.init(name: name, points: values.enumerated().map { PlotPoint(x: Double($0.offset), y: $0.element) },
                      color: color)
        }
    }

    public var series: [Series]
    public var xScale: AxisScale
    public var yScale: AxisScale
    /// Axis title for x, e.g. "iteration" or "seconds".
    public var xTitle: String
    /// Axis title for y, shown at the start of the legend row.
    public var yTitle: String
    /// Fixed ranges; nil means automatic.
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?
    public var showsLegend: Bool

    public init(series: [Series], xScale: AxisScale = .linear, yScale: AxisScale = .linear,
                xTitle: String = "", yTitle: String = "", xRange: ClosedRange<Double>? = nil,
                yRange: ClosedRange<Double>? = nil, showsLegend: Bool = true) {
        self.series = series
        self.xScale = xScale
        self.yScale = yScale
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.xRange = xRange
        self.yRange = yRange
        self.showsLegend = showsLegend
    }

    /// The x and y ranges the chart will use (given, automatic, or a fallback when there is no data).
    public var resolvedRanges: (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        let usable = series.flatMap(\.points).filter { xScale.accepts($0.x) && yScale.accepts($0.y) }
        let x = xRange ?? xScale.autoRange(usable.map(\.x)) ?? xScale.fallbackRange
        let y = yRange ?? yScale.autoRange(usable.map(\.y)) ?? yScale.fallbackRange
        return (x, y)
    }

    public func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        let legendRows = showsLegend && area.height >= 5 ? 1 : 0
        let plotHeight = area.height - legendRows - 2
        guard plotHeight >= 1, area.width >= 4 else { return }
        let ranges = resolvedRanges

        let yTicks = AxisTicks.ticks(in: ranges.y, scale: yScale, maxCount: max(2, plotHeight / 2 + 1))
        let labelWidth = min(area.width / 3, yTicks.map { DisplayWidth.of($0.label) }.max() ?? 0)
        let axisX = area.x + labelWidth
        let plot = Rect(x: axisX + 1, y: area.y + legendRows, width: area.maxX - axisX - 1, height: plotHeight)
        guard plot.width >= 1 else { return }

        if legendRows == 1 {
            let entries = series.enumerated().map { Legend.Entry(name: $0.element.name, color: color(of: $0.offset, theme)) }
            Legend(entries: entries, caption: yTitle).render(in: area.row(0), buffer: &buffer, glyphs: glyphs, theme: theme)
        }

        // Y axis with ticks and labels.
        let dotHeight = plot.height * 4
        for row in 0..<plot.height { buffer.set(x: axisX, y: plot.y + row, glyph: glyphs.box.vertical, style: theme.axis) }
        for tick in yTicks {
            guard let t = yScale.position(of: tick.value, in: ranges.y), t >= -1e-9, t <= 1 + 1e-9 else { continue }
            let row = PlotPosition.rounded((1 - t) * Double(dotHeight - 1), to: 0...(dotHeight - 1)) / 4
            buffer.set(x: axisX, y: plot.y + row, glyph: glyphs.box.verticalTick, style: theme.axis)
            let label = DisplayWidth.truncate(tick.label, toColumns: labelWidth)
            buffer.setString(label, x: axisX - DisplayWidth.of(label), y: plot.y + row, style: theme.axisLabel, clip: area)
        }

        // X axis line, ticks, labels and title.
        let axisY = plot.maxY, labelY = plot.maxY + 1
        buffer.set(x: axisX, y: axisY, glyph: glyphs.box.bottomLeft, style: theme.axis)
        for x in plot.x..<plot.maxX { buffer.set(x: x, y: axisY, glyph: glyphs.box.horizontal, style: theme.axis) }
        var titleStart = area.maxX
        if !xTitle.isEmpty {
            let title = DisplayWidth.truncate(xTitle, toColumns: plot.width)
            titleStart = area.maxX - DisplayWidth.of(title)
            buffer.setString(title, x: titleStart, y: labelY, style: theme.dimText, clip: area)
        }
        let dotWidth = plot.width * 2
        var nextFree = area.x
        let xTicks = AxisTicks.ticks(in: ranges.x, scale: xScale, maxCount: max(2, plot.width / 10))
        for tick in xTicks {
            guard let t = xScale.position(of: tick.value, in: ranges.x), t >= -1e-9, t <= 1 + 1e-9 else { continue }
            let column = plot.x + PlotPosition.rounded(t * Double(dotWidth - 1), to: 0...(dotWidth - 1)) / 2
            buffer.set(x: column, y: axisY, glyph: glyphs.box.horizontalTick, style: theme.axis)
            let width = DisplayWidth.of(tick.label)
            let start = min(max(column - width / 2, area.x), area.maxX - width)
            let limit = xTitle.isEmpty ? area.maxX : titleStart - 1
            guard start >= nextFree, start + width <= limit else { continue }
            buffer.setString(tick.label, x: start, y: labelY, style: theme.axisLabel, clip: area)
            nextFree = start + width + 1
        }

        // Data.
        var canvas = BrailleCanvas(columns: plot.width, rows: plot.height)
        for (index, line) in series.enumerated() {
            let lineColor = color(of: index, theme)
            var previous: (Int, Int)?
            for point in line.points {
                guard let tx = xScale.position(of: point.x, in: ranges.x),
                      let ty = yScale.position(of: point.y, in: ranges.y) else {
                    previous = nil
                    continue
                }
                let dot = (Self.dotCoordinate(tx, dotWidth), Self.dotCoordinate(1 - ty, dotHeight))
                if let from = previous {
                    canvas.drawLine(fromX: from.0, y: from.1, toX: dot.0, y: dot.1, color: lineColor)
                } else {
                    canvas.setDot(x: dot.0, y: dot.1, color: lineColor)
                }
                previous = dot
            }
        }
        canvas.render(in: plot, buffer: &buffer, glyphs: glyphs)
    }

    private func color(of index: Int, _ theme: Theme) -> Color {
        theme.colorEnabled ? (series[index].color ?? theme.seriesColor(index)) : .default
    }

    /// Maps a position in 0...1 to a dot index in 0..<count, clamping far-away values so that line
    /// drawing stays bounded (points off the plot are clipped by the canvas).
    static func dotCoordinate(_ t: Double, _ count: Int) -> Int {
        let scaled = t * Double(count - 1)
        return PlotPosition.rounded(scaled, to: (-count * 4)...(count * 5))
    }
}
