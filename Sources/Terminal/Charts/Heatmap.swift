/// A matrix drawn as coloured pixels, two per cell with the upper half block `▀` (foreground = upper
/// pixel, background = lower pixel), with a colour bar labelled with the maximum (top), the minimum
/// (bottom) and, when there is room, the value halfway (geometric mean on a log scale).
///
/// Row 0 of the matrix is at the top. A matrix smaller than the area is stretched; one larger than
/// the area's pixels is first reduced by summing blocks of entries (so the picture stays
/// mass-preserving: every entry lands in exactly one pixel), or by block means with `.mean`.
/// Colours come from a perceptual colormap on a linear or log scale; on a log scale non-positive
/// entries take the lowest colour. NaN entries stay blank. Without colour (`NO_COLOR`) each cell shows a shade glyph (` ░▒▓█` or ` .:+#`);
/// without half blocks (ASCII) each cell is one pixel, a space with a coloured background.
public struct Heatmap: Sendable {
    /// Row-major values, `rows * columns` of them.
    public var values: [Double]
    public var rows: Int
    public var columns: Int
    public var colormap: Colormap
    public var scale: AxisScale
    /// Fixed colour range; nil uses the (aggregated) data's minimum and maximum.
    public var valueRange: ClosedRange<Double>?
    public var showsColorBar: Bool
    /// How entries are combined when the matrix has more entries than pixels.
    public var reduction: Reduction

    public enum Reduction: Hashable, Sendable {
        /// Block sums: mass-preserving, right for transport plans and histograms.
        case sum
        /// Block means: right for images and densities sampled on a grid.
        case mean
    }

    public init(values: [Double], rows: Int, columns: Int, colormap: Colormap = .viridis,
                scale: AxisScale = .linear, valueRange: ClosedRange<Double>? = nil, showsColorBar: Bool = true,
                reduction: Reduction = .sum) {
        precondition(values.count == rows * columns, "Heatmap needs rows * columns values")
        self.values = values
        self.rows = rows
        self.columns = columns
        self.colormap = colormap
        self.scale = scale
        self.valueRange = valueRange
        self.showsColorBar = showsColorBar
        self.reduction = reduction
    }

    /// A heatmap of a matrix given as rows; short rows are padded with NaN (blank).
    public init(matrix: [[Double]], colormap: Colormap = .viridis, scale: AxisScale = .linear,
                valueRange: ClosedRange<Double>? = nil, showsColorBar: Bool = true, reduction: Reduction = .sum) {
        let columns = matrix.map(\.count).max() ?? 0
        let values = matrix.flatMap { $0 + Array(repeating: Double.nan, count: columns - $0.count) }
        self.init(values: values, rows: matrix.count, columns: columns, colormap: colormap, scale: scale,
                  valueRange: valueRange, showsColorBar: showsColorBar, reduction: reduction)
    }

    /// Sums `values` (rows x columns, row-major) over a grid of `targetRows` x `targetColumns`
    /// blocks. Block boundaries are `i * rows / targetRows`, so blocks differ in size by at most one
    /// and every entry is counted exactly once; NaN entries count as zero unless a whole block is NaN.
    public static func blockSums(_ values: [Double], rows: Int, columns: Int,
                                 targetRows: Int, targetColumns: Int) -> [Double] {
        blockReduce(values, rows: rows, columns: columns, targetRows: targetRows, targetColumns: targetColumns, mean: false)
    }

    /// Like `blockSums`, but each block's mean over its non-NaN entries.
    public static func blockMeans(_ values: [Double], rows: Int, columns: Int,
                                  targetRows: Int, targetColumns: Int) -> [Double] {
        blockReduce(values, rows: rows, columns: columns, targetRows: targetRows, targetColumns: targetColumns, mean: true)
    }

    private static func blockReduce(_ values: [Double], rows: Int, columns: Int,
                                    targetRows: Int, targetColumns: Int, mean: Bool) -> [Double] {
        guard targetRows > 0, targetColumns > 0 else { return [] }
        var sums = Array(repeating: 0.0, count: targetRows * targetColumns)
        var counts = Array(repeating: 0, count: targetRows * targetColumns)
        for row in 0..<rows {
            let blockRow = row * targetRows / rows
            for column in 0..<columns {
                let value = values[row * columns + column]
                let index = blockRow * targetColumns + column * targetColumns / columns
                guard !value.isNaN else { continue }
                sums[index] += value
                counts[index] += 1
            }
        }
        return zip(sums, counts).map { sum, count in count == 0 ? .nan : (mean ? sum / Double(count) : sum) }
    }

    /// Columns the colour bar takes at the right (gap, two bar columns, gap, labels).
    func colorBarWidth(labels: [String]) -> Int {
        4 + (labels.map { DisplayWidth.of($0) }.max() ?? 0)
    }

    public func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        guard !area.isEmpty, rows > 0, columns > 0 else { return }
        let useHalfBlocks = theme.colorEnabled && glyphs.upperHalfBlock != nil
        let pixelsPerCell = useHalfBlocks ? 2 : 1

        // Aggregate for the full width, then again for the width left beside the colour bar (whose
        // labels depend on the aggregated range). Labels that grow on the second pass are clipped.
        let pixelRows = area.height * pixelsPerCell
        let gridRows = min(rows, pixelRows)
        func aggregated(toWidth width: Int) -> (grid: [Double], columns: Int) {
            let gridColumns = min(columns, width)
            if gridRows == rows && gridColumns == columns { return (values, columns) }
            return (Heatmap.blockReduce(values, rows: rows, columns: columns, targetRows: gridRows,
                                        targetColumns: gridColumns, mean: reduction == .mean), gridColumns)
        }
        func rangeLabels(for range: ClosedRange<Double>) -> [String] {
            ColorBar(colormap: colormap, scale: scale, range: range).labels
        }
        var mapWidth = area.width
        var (finalGrid, finalColumns) = aggregated(toWidth: mapWidth)
        var finalRange = valueRange ?? autoRange(finalGrid)
        var barWidth = 0
        if showsColorBar {
            barWidth = colorBarWidth(labels: rangeLabels(for: finalRange))
            if area.width - barWidth >= 4 {
                mapWidth = area.width - barWidth
                (finalGrid, finalColumns) = aggregated(toWidth: mapWidth)
                finalRange = valueRange ?? autoRange(finalGrid)
            } else {
                barWidth = 0
            }
        }

        let map = Rect(x: area.x, y: area.y, width: mapWidth, height: area.height)
        func level(atPixelRow pixelRow: Int, column: Int) -> Double? {
            let gridRow = pixelRow * gridRows / pixelRows
            let gridColumn = column * finalColumns / map.width
            let value = finalGrid[gridRow * finalColumns + gridColumn]
            return self.level(of: value, in: finalRange)
        }
        for row in 0..<map.height {
            for column in 0..<map.width {
                let x = map.x + column, y = map.y + row
                if useHalfBlocks {
                    let upper = level(atPixelRow: 2 * row, column: column)
                    let lower = level(atPixelRow: 2 * row + 1, column: column)
                    buffer.set(x: x, y: y, drawHalfBlock(upper: upper, lower: lower, glyphs: glyphs))
                } else if theme.colorEnabled {
                    let background = level(atPixelRow: row, column: column).map { Color.rgb(colormap.color(at: $0)) } ?? .default
                    buffer.set(x: x, y: y, Cell(" ", background: background))
                } else {
                    let shade = level(atPixelRow: row, column: column).map { glyphs.shade($0) } ?? " "
                    buffer.set(x: x, y: y, Cell(shade))
                }
            }
        }

        guard barWidth > 0 else { return }
        ColorBar(colormap: colormap, scale: scale, range: finalRange)
            .render(in: Rect(x: map.maxX + 1, y: area.y, width: area.maxX - map.maxX - 1, height: area.height),
                    buffer: &buffer, glyphs: glyphs, theme: theme)
    }

    /// The colour position 0...1 of a value, nil for NaN (drawn blank).
    public func level(of value: Double, in range: ClosedRange<Double>) -> Double? {
        if value.isNaN { return nil }
        guard let t = scale.position(of: value, in: range) else { return 0 }  // non-positive on log
        return min(1, max(0, t))
    }

    private func autoRange(_ grid: [Double]) -> ClosedRange<Double> {
        var low = Double.infinity, high = -Double.infinity
        for value in grid where scale.accepts(value) {
            low = min(low, value)
            high = max(high, value)
        }
        guard low <= high else { return scale.fallbackRange }
        return low...high
    }

    private func drawHalfBlock(upper: Double?, lower: Double?, glyphs: GlyphSet) -> Cell {
        let foreground = upper.map { Color.rgb(colormap.color(at: $0)) } ?? .default
        let background = lower.map { Color.rgb(colormap.color(at: $0)) } ?? .default
        return Cell(glyphs.upperHalfBlock ?? " ", foreground: foreground, background: background)
    }
}
