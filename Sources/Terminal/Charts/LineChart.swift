import Foundation

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
    public typealias Series = PlotSeries

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
    /// Whether x takes whole numbers only (iterations): ticks are then never fractional.
    public var wholeNumberX: Bool
    /// The order the legend lists the series in (indices into `series`); nil is the series order.
    /// Series are drawn in `series` order whatever the legend says.
    public var legendOrder: [Int]?
    /// An x value to mark with a vertical crosshair (the inspect cursor), if any.
    public var crosshairX: Double?
    /// Text for the legend row while the crosshair is shown (what the crosshair reads off), fields
    /// two spaces apart. When it is wider than the chart, the fields that do not fit the legend row
    /// go on rows at the top of the plot, on the side away from the crosshair: never cut.
    public var crosshairReadout: String?

    public init(series: [Series], xScale: AxisScale = .linear, yScale: AxisScale = .linear,
                xTitle: String = "", yTitle: String = "", xRange: ClosedRange<Double>? = nil,
                yRange: ClosedRange<Double>? = nil, showsLegend: Bool = true, wholeNumberX: Bool = false,
                legendOrder: [Int]? = nil, crosshairX: Double? = nil, crosshairReadout: String? = nil) {
        self.series = series
        self.xScale = xScale
        self.yScale = yScale
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.xRange = xRange
        self.yRange = yRange
        self.showsLegend = showsLegend
        self.wholeNumberX = wholeNumberX
        self.legendOrder = legendOrder
        self.crosshairX = crosshairX
        self.crosshairReadout = crosshairReadout
    }

    /// The x and y ranges the chart will use (given, automatic, or a fallback when there is no data).
    public var resolvedRanges: (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        let usable = series.flatMap(\.points).filter { xScale.accepts($0.x) && yScale.accepts($0.y) }
        let x = xRange ?? xScale.autoRange(usable.map(\.x)) ?? xScale.fallbackRange
        let y = yRange ?? yScale.autoRange(usable.map(\.y)) ?? yScale.fallbackRange
        return (x, y)
    }

    /// Whether a series has a point the chart can draw (finite, and positive on a log axis).
    public func isDrawn(_ index: Int) -> Bool {
        series[index].points.contains { xScale.accepts($0.x) && yScale.accepts($0.y) }
    }

    /// Where the plot goes in `area` and the ranges and ticks it is drawn with.
    public struct Layout: Sendable {
        /// The plotting area (braille cells), right of the y axis and above the x axis.
        public var plot: Rect
        public var legendRows: Int
        public var labelWidth: Int
        public var xRange: ClosedRange<Double>
        public var yRange: ClosedRange<Double>
        public var yTicks: [AxisTick]
    }

    /// The layout in `area`, nil when the area is too small to plot.
    ///
    /// An automatic log y axis is fitted to the plot's rows: the labelled decades are a whole number
    /// of rows apart and each falls in the middle of the row its label is on, so equal decades are
    /// equally spaced and every label sits where its decade is drawn.
    public func layout(in area: Rect) -> Layout? {
        let legendRows = showsLegend && area.height >= 5 ? 1 : 0
        let plotHeight = area.height - legendRows - 2
        guard plotHeight >= 1, area.width >= 4 else { return nil }
        var ranges = resolvedRanges
        var yTicks = AxisTicks.ticks(in: ranges.y, scale: yScale, maxCount: max(2, plotHeight / 2 + 1))
        if yScale == .log10, yRange == nil, let fitted = Self.fittedLogAxis(ranges.y, rows: plotHeight) {
            ranges.y = fitted.range
            yTicks = fitted.ticks
        }
        let labelWidth = min(area.width / 3, yTicks.map { DisplayWidth.of($0.label) }.max() ?? 0)
        let axisX = area.x + labelWidth
        let plot = Rect(x: axisX + 1, y: area.y + legendRows, width: area.maxX - axisX - 1, height: plotHeight)
        guard plot.width >= 1 else { return nil }
        return Layout(plot: plot, legendRows: legendRows, labelWidth: labelWidth, xRange: ranges.x, yRange: ranges.y, yTicks: yTicks)
    }

    /// A log range for `rows` rows in which the labelled decades of `data` (whole decades) are
    /// `rowsPerLabel` rows apart, every `stride` decades, each at the middle of its row (dot 1.5 of
    /// the row's four). Nil when the plot is too short for two labels.
    static func fittedLogAxis(_ data: ClosedRange<Double>, rows: Int) -> (range: ClosedRange<Double>, ticks: [AxisTick])? {
        guard data.lowerBound > 0, rows >= 2 else { return nil }
        // Clamped: an infinite or NaN bound must not trap in Int(_:).
        let low = PlotPosition.clamped(floor(Foundation.log10(data.lowerBound) + 1e-9), to: -400...400)
        let high = max(low + 1, PlotPosition.clamped(ceil(Foundation.log10(data.upperBound) - 1e-9), to: -400...400))
        let decades = high - low
        var choice: (stride: Int, rowsPerLabel: Int)?
        for minimumRows in [2, 1] {
            for stride in 1...decades {
                let intervals = (decades + stride - 1) / stride
                let rowsPerLabel = (rows - 1) / intervals
                if rowsPerLabel >= minimumRows { choice = (stride, rowsPerLabel); break }
            }
            if choice != nil { break }
        }
        guard let (stride, rowsPerLabel) = choice else { return nil }
        let intervals = (decades + stride - 1) / stride
        let top = low + intervals * stride
        let dotsPerDecade = Double(4 * rowsPerLabel) / Double(stride)
        let dotHeight = Double(4 * rows)
        let logHigh = Double(top) + 1.5 / dotsPerDecade
        let logLow = Double(top) - (dotHeight - 1 - 1.5) / dotsPerDecade
        let ticks = (0...intervals).reversed().map { k in
            let exponent = low + k * stride
            return AxisTick(value: pow(10, Double(exponent)), label: AxisTicks.decadeLabel(exponent))
        }
        return (pow(10, logLow)...pow(10, logHigh), ticks)
    }

    public func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        guard let layout = layout(in: area) else { return }
        let plot = layout.plot, legendRows = layout.legendRows, labelWidth = layout.labelWidth
        let ranges = (x: layout.xRange, y: layout.yRange)
        let axisX = plot.x - 1

        if legendRows == 1 {
            if let first = readoutLines(width: area.width).first {
                buffer.setString(first, x: area.x, y: area.y, style: theme.text.with(.bold), clip: area.row(0))
            } else {
                // Only series that are drawn get an entry (a series with no usable point has no curve).
                let order = (legendOrder ?? Array(series.indices)).filter { series.indices.contains($0) && isDrawn($0) }
                let entries = order.map { Legend.Entry(name: series[$0].name, color: color(of: $0, theme), marker: Legend.monochromeMarker($0)) }
                Legend(entries: entries, caption: yTitle).render(in: area.row(0), buffer: &buffer, glyphs: glyphs, theme: theme)
            }
        }

        // Y axis with ticks and labels; a tick's row is the row its value's dot falls in.
        let dotHeight = plot.height * 4
        for row in 0..<plot.height { buffer.set(x: axisX, y: plot.y + row, glyph: glyphs.box.vertical, style: theme.axis) }
        for tick in layout.yTicks {
            guard let t = yScale.position(of: tick.value, in: ranges.y), t >= -1e-9, t <= 1 + 1e-9 else { continue }
            let row = PlotPosition.clamped(((1 - t) * Double(dotHeight - 1)).rounded(.down), to: 0...(dotHeight - 1)) / 4
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
        let xTicks = AxisTicks.ticks(in: ranges.x, scale: xScale, maxCount: max(2, plot.width / 10), wholeNumbers: wholeNumberX)
        for tick in xTicks {
            guard let column = column(of: tick.value, layout: layout) else { continue }
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
        var cells: [[(column: Int, row: Int)]] = []
        for (index, line) in series.enumerated() {
            let lineColor = color(of: index, theme)
            var previous: (Int, Int)?
            var lineCells: [(column: Int, row: Int)] = []
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
                lineCells.append((dot.0 / 2, dot.1 / 4))
            }
            cells.append(lineCells)
        }
        canvas.render(in: plot, buffer: &buffer, glyphs: glyphs)

        // Without colour, curves differ by their legend glyph, repeated along each curve (staggered
        // so that curves running together still show every glyph).
        let drawn = series.indices.filter(isDrawn)
        if !theme.colorEnabled, drawn.count > 1 {
            let spacing = max(4, 3 * drawn.count)
            for (rank, index) in drawn.enumerated() {
                var lastColumn = Int.min
                for cell in cells[index] where cell.column >= 0 && cell.column < plot.width && cell.row >= 0 && cell.row < plot.height {
                    guard cell.column != lastColumn, (cell.column + rank * 3) % spacing == 0 else { continue }
                    lastColumn = cell.column
                    buffer.set(x: plot.x + cell.column, y: plot.y + cell.row, glyph: Legend.monochromeMarker(index), style: theme.text)
                }
            }
        }

        // The crosshair: a dotted column where the plot is empty.
        if let crosshairX, let column = column(of: crosshairX, layout: layout) {
            let blank: Set<Character> = [" ", "\u{2800}"]
            for row in 0..<plot.height where blank.contains(buffer[column, plot.y + row].glyph) {
                buffer.set(x: column, y: plot.y + row, glyph: glyphs.isUnicode ? "┊" : ":", style: theme.dimText)
            }
            buffer.set(x: column, y: axisY, glyph: glyphs.isUnicode ? "▲" : "^", style: theme.text.with(.bold))
            // The readout's further lines, over the top of the plot away from the crosshair.
            let more = readoutLines(width: area.width).dropFirst().prefix(plot.height)
            if legendRows == 1, !more.isEmpty {
                let width = min(plot.width, more.map { DisplayWidth.of($0) }.max() ?? 0)
                let x = column - plot.x < plot.width / 2 ? plot.maxX - width : plot.x
                for (offset, line) in more.enumerated() {
                    let row = Rect(x: x, y: plot.y + offset, width: width, height: 1)
                    buffer.fill(row, with: Cell(" ", style: theme.text))
                    buffer.setString(line, x: x, y: row.y, style: theme.text.with(.bold), clip: row)
                }
            }
        }
    }

    /// The crosshair's readout laid out in lines of at most `width` columns (none without a crosshair).
    func readoutLines(width: Int) -> [String] {
        guard let crosshairReadout, crosshairX != nil else { return [] }
        return TextWrap.fields(TextWrap.fields(of: crosshairReadout), width: width)
    }

    /// The plot column of an x value, nil outside the plot.
    public func column(of x: Double, layout: Layout) -> Int? {
        guard let t = xScale.position(of: x, in: layout.xRange), t >= -1e-9, t <= 1 + 1e-9 else { return nil }
        return layout.plot.x + PlotPosition.rounded(t * Double(layout.plot.width * 2 - 1), to: 0...(layout.plot.width * 2 - 1)) / 2
    }

    /// The x value at the middle of a plot column (for a click on the plot).
    public func xValue(atColumn column: Int, layout: Layout) -> Double? {
        guard column >= layout.plot.x, column < layout.plot.maxX else { return nil }
        let t = (Double(column - layout.plot.x) * 2 + 0.5) / Double(max(1, layout.plot.width * 2 - 1))
        switch xScale {
        case .linear: return layout.xRange.lowerBound + t * (layout.xRange.upperBound - layout.xRange.lowerBound)
        case .log10:
            let low = Foundation.log10(layout.xRange.lowerBound), high = Foundation.log10(layout.xRange.upperBound)
            return pow(10, low + t * (high - low))
        }
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
