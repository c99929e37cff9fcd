import OTCore
import Terminal

/// The transport plan pane: the plan as a density `P/(a b)` (each block's plan mass per unit of the
/// source and target mass it covers, `PlanDensity`) in a half-block heatmap with a colour bar that
/// names it, and the plan's marginals per point as one-cell strips along the top (columns) and left
/// (rows) edges, on a scale from zero, aligned cell for cell with the body.
///
/// Block sums would show how many points each block holds (300 points in 53 blocks: stripes of 5
/// and 6); the density does not, so the independent plan `a ⊗ b` is one flat colour at any size.
/// The body's grid is never resampled by the widget: a grid larger than the body's pixels is first
/// merged block by block in `PlanDensity`, so every pixel shows one block's exact density.
struct PlanView {
    var heatmap: DenseMatrix?
    /// Source and target weights, for the blocks' masses.
    var a: [Double]
    var b: [Double]
    /// Source and target points (for the inspect readout), when the measures are point clouds.
    var sourcePoints: DenseMatrix?
    var targetPoints: DenseMatrix?
    /// Source and target point labels (protein residues, `A:GLY 12`), named in the inspect readout.
    var sourceLabels: [String]? = nil
    var targetLabels: [String]? = nil
    var logScale: Bool
    /// The display order of the points (nil: input order), as the heatmap was aggregated with.
    var rowOrder: [Int]? = nil
    var columnOrder: [Int]? = nil
    var cursor: HeatmapCursor? = nil

    /// Columns the colour bar takes at the right, with the gap before it.
    static let barWidth = 12

    /// Where the parts go inside the pane's inner area.
    struct Geometry {
        /// The plan's body.
        var map: Rect
        /// The column marginal strip, above the body and as wide.
        var columnStrip: Rect
        /// The row marginal strip, left of the body and as high.
        var rowStrip: Rect
        /// The colour bar and its labels.
        var bar: Rect
    }

    static func geometry(for area: Rect) -> Geometry {
        let map = Rect(x: area.x + 2, y: area.y + 1, width: max(1, area.width - 2 - barWidth), height: max(1, area.height - 1))
        return Geometry(map: map, columnStrip: Rect(x: map.x, y: area.y, width: map.width, height: 1),
                        rowStrip: Rect(x: area.x, y: map.y, width: 1, height: map.height),
                        bar: Rect(x: map.maxX + 1, y: map.y, width: max(0, area.maxX - map.maxX - 1), height: map.height))
    }

    /// The pixel grid to ask the runner for, given the pane's inner area: the body's half-block pixels.
    static func requestedSize(for area: Rect) -> (rows: Int, columns: Int) {
        let map = geometry(for: area).map
        return (map.height * 2, map.width)
    }

    static func usable(_ area: Rect) -> Bool { area.width > 16 && area.height > 3 }

    /// The density grid the body draws in `area`: the runner's block sums over the points' blocks,
    /// merged down to the body's pixels when the pane is smaller than the grid. Nil when there is
    /// no plan yet or it does not match the measures (a stale plan of another problem).
    func density(in area: Rect, pixelsPerCell: Int) -> PlanDensity? {
        guard Self.usable(area) else { return nil }
        let map = Self.geometry(for: area).map
        return Self.density(of: heatmap, a: a, b: b, rowOrder: rowOrder, columnOrder: columnOrder,
                            maxRows: map.height * pixelsPerCell, maxColumns: map.width)
    }

    /// The density of a runner's block sums (`heatmap`, summed over the points' blocks in the given
    /// orders) between weights `a` and `b`, merged down to at most `maxRows x maxColumns` blocks.
    /// Nil when there is no plan or it does not match the measures (a stale plan of another
    /// problem). The plan pane and the sweep's small multiples both draw this.
    static func density(of heatmap: DenseMatrix?, a: [Double], b: [Double], rowOrder: [Int]? = nil, columnOrder: [Int]? = nil,
                        maxRows: Int, maxColumns: Int) -> PlanDensity? {
        guard let heatmap, heatmap.rows > 0, heatmap.columns > 0, heatmap.rows <= a.count, heatmap.columns <= b.count,
              rowOrder.map({ $0.count == a.count }) ?? true, columnOrder.map({ $0.count == b.count }) ?? true,
              maxRows > 0, maxColumns > 0 else { return nil }
        let rows = BlockAxis(count: a.count, limit: heatmap.rows, order: rowOrder)
        let columns = BlockAxis(count: b.count, limit: heatmap.columns, order: columnOrder)
        guard rows.blocks == heatmap.rows, columns.blocks == heatmap.columns else { return nil }
        return PlanDensity(sums: heatmap, rows: rows, columns: columns, a: a, b: b)
            .coarsened(maxRows: maxRows, maxColumns: maxColumns)
    }

    static func pixelsPerCell(glyphs: GlyphSet, theme: Theme) -> Int {
        theme.colorEnabled && glyphs.upperHalfBlock != nil ? 2 : 1
    }

    /// The colour range of plan values (densities or block masses): the top six decades on a log
    /// scale (entropic plans have entries down to 1e-300), zero to the maximum on a linear one; nil
    /// when no value is positive. The plan pane, the sweep and coupling views and the exported
    /// picture (`PlanHeatmapImage`) all colour plans on it.
    static func range(of values: [Double], logScale: Bool) -> ClosedRange<Double>? {
        let peak = values.filter(\.isFinite).max() ?? 0
        guard peak > 0 else { return nil }
        return logScale ? (peak * 1e-6)...peak : 0...peak
    }

    /// A small plan's grid of values (row-major, `rows` x `columns`) drawn into `body` on
    /// `range(of:logScale:)`, without a colour bar or marginals: the plans of the sweep and the
    /// coupling views.
    static func renderGrid(_ values: [Double], rows: Int, columns: Int, logScale: Bool,
                           in body: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        Heatmap(values: values, rows: rows, columns: columns, scale: logScale ? .log10 : .linear,
                valueRange: range(of: values, logScale: logScale), showsColorBar: false)
            .render(in: body, buffer: &buffer, glyphs: glyphs, theme: theme)
    }

    func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        let pixels = Self.pixelsPerCell(glyphs: glyphs, theme: theme)
        guard let density = density(in: area, pixelsPerCell: pixels) else {
            _ = buffer.setString("waiting for the first plan…", x: area.x + 1, y: area.y, style: theme.dimText, clip: area)
            return
        }
        let geometry = Self.geometry(for: area)
        let values = density.densities
        let scale: AxisScale = logScale ? .log10 : .linear
        let range = Self.range(of: values, logScale: logScale) ?? scale.fallbackRange
        let grid = (rows: density.sums.rows, columns: density.sums.columns)
        Heatmap(values: values, rows: grid.rows, columns: grid.columns, scale: scale, valueRange: range, showsColorBar: false)
            .render(in: geometry.map, buffer: &buffer, glyphs: glyphs, theme: theme)
        // The marginals per point, each on its own scale from zero.
        let columnStrip = density.columnMarginalPerPoint, rowStrip = density.rowMarginalPerPoint
        Heatmap(values: columnStrip, rows: 1, columns: grid.columns, valueRange: Self.zeroRange(columnStrip), showsColorBar: false)
            .render(in: geometry.columnStrip, buffer: &buffer, glyphs: glyphs, theme: theme)
        Heatmap(values: rowStrip, rows: grid.rows, columns: 1, valueRange: Self.zeroRange(rowStrip), showsColorBar: false)
            .render(in: geometry.rowStrip, buffer: &buffer, glyphs: glyphs, theme: theme)
        ColorBar(scale: scale, range: range, caption: "P/(ab)")
            .render(in: geometry.bar, buffer: &buffer, glyphs: glyphs, theme: theme)
        if let cursor {
            renderCursor(cursor.clamped(rows: grid.rows, columns: grid.columns), density: density, geometry: geometry,
                         pixelsPerCell: pixels, buffer: &buffer, glyphs: glyphs, theme: theme)
        }
    }

    /// A scale from zero to the largest value (one colour when all are equal).
    static func zeroRange(_ values: [Double]) -> ClosedRange<Double> {
        let peak = values.filter(\.isFinite).max() ?? 0
        return 0...(peak > 0 ? peak : 1)
    }

    // MARK: Inspect

    /// The block under a screen cell of the body (the upper pixel's block on half-block screens).
    func block(atX x: Int, y: Int, in area: Rect, glyphs: GlyphSet, theme: Theme) -> HeatmapCursor? {
        let pixels = Self.pixelsPerCell(glyphs: glyphs, theme: theme)
        guard let density = density(in: area, pixelsPerCell: pixels) else { return nil }
        let map = Self.geometry(for: area).map
        guard map.contains(x: x, y: y) else { return nil }
        let pixelRow = (y - map.y) * pixels
        return HeatmapCursor(row: pixelRow * density.sums.rows / (map.height * pixels),
                             column: (x - map.x) * density.sums.columns / map.width)
    }

    /// The grid a cursor moves over in `area` (rows x columns of blocks), nil without a plan.
    func gridSize(in area: Rect, glyphs: GlyphSet, theme: Theme) -> (rows: Int, columns: Int)? {
        density(in: area, pixelsPerCell: Self.pixelsPerCell(glyphs: glyphs, theme: theme)).map { ($0.sums.rows, $0.sums.columns) }
    }

    private func renderCursor(_ cursor: HeatmapCursor, density: PlanDensity, geometry: Geometry, pixelsPerCell: Int,
                              buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        let map = geometry.map
        let pixelRows = map.height * pixelsPerCell
        // The first pixel of the block (the inverse of pixel -> block), and its cell.
        let pixel = (cursor.row * pixelRows + density.sums.rows - 1) / density.sums.rows
        let x = map.x + (cursor.column * map.width + density.sums.columns - 1) / density.sums.columns
        let y = map.y + pixel / pixelsPerCell
        let cellGlyph: Character
        if pixelsPerCell == 2, let upper = glyphs.upperHalfBlock {
            // Mark only the block's own half of the cell; the other half keeps its colour.
            var cell = buffer[x, y]
            if pixel % 2 == 0 { cell.foreground = .brightWhite } else { cell.background = .brightWhite }
            cell.glyph = upper
            buffer.set(x: x, y: y, cell)
        } else {
            cellGlyph = glyphs.isUnicode ? "◆" : "X"
            buffer.set(x: x, y: y, Cell(cellGlyph, style: theme.selection))
        }
        // Mark the row and column on the strips.
        buffer.set(x: geometry.rowStrip.x + 1, y: y, glyph: glyphs.isUnicode ? "▸" : ">", style: theme.text)
        if geometry.columnStrip.y + 1 == map.y, map.y - 1 >= 0 {
            var top = buffer[x, geometry.columnStrip.y]
            top.attributes.insert(.reverse)
            buffer.set(x: x, y: geometry.columnStrip.y, top)
        }
        let box = readoutBox(readout(cursor, density: density), cursorX: x, cursorY: y, geometry: geometry)
        let style = theme.colorEnabled ? Style(foreground: .brightWhite, background: .palette(236)) : theme.selection
        buffer.fill(box.rect, with: Cell(" ", style: style))
        for (index, line) in box.lines.enumerated() {
            _ = buffer.setString(line, x: box.rect.x + box.inset, y: box.rect.y + index, style: style, clip: box.rect)
        }
    }

    /// Where the readout goes and its lines: over the whole pane (strips and colour bar too, the
    /// body alone is a dozen columns at 80 x 24), each line wrapped between its fields to the
    /// pane's width so no figure is cut (the side margins go first when a line would not fit), in
    /// the corner away from the cursor so the marked cell stays in sight. When the whole readout
    /// cannot avoid the cursor (a small pane, the cursor in its middle) it goes in the larger band
    /// above or below the cursor's row without the points' coordinates, and whatever still does not
    /// fit is counted on its last line with how to see it all (`z` maximises the pane).
    func readoutBox(_ readout: [String], cursorX: Int, cursorY: Int, geometry: Geometry) -> (rect: Rect, lines: [String], inset: Int) {
        let region = Rect(x: geometry.rowStrip.x, y: geometry.columnStrip.y,
                          width: geometry.bar.maxX - geometry.rowStrip.x, height: geometry.map.maxY - geometry.columnStrip.y)
        func wrapped(_ readout: [String], width: Int) -> [String] {
            readout.flatMap { line -> [String] in
                let indent = line.hasPrefix(" ") ? " " : ""
                return TextWrap.fields(TextWrap.fields(of: line), width: max(1, width - indent.count)).map { indent + $0 }
            }
        }
        func layout(_ readout: [String], rows: Int) -> (lines: [String], width: Int, inset: Int) {
            let padded = wrapped(readout, width: region.width - 2), tight = wrapped(readout, width: region.width)
            var (lines, margin) = tight.count < padded.count ? (tight, 0) : (padded, 2)
            if lines.count > rows {
                let hidden = lines.count - rows + 1
                lines = Array(lines.prefix(max(0, rows - 1))) + ["... \(hidden) more (z zooms)"]
            }
            return (lines, min(region.width, (lines.map { DisplayWidth.of($0) }.max() ?? 0) + margin), margin / 2)
        }
        func place(_ lines: [String], width: Int, inset: Int, in band: Rect) -> [(rect: Rect, lines: [String], inset: Int)] {
            let height = min(band.height, lines.count)
            let left = band.x, right = band.maxX - width, top = band.y, bottom = band.maxY - height
            let preferX = cursorX - band.x < band.width / 2 ? right : left
            let preferY = cursorY - band.y < band.height / 2 ? bottom : top
            return [(preferX, preferY), (preferX, preferY == top ? bottom : top), (preferX == left ? right : left, preferY)]
                .map { (Rect(x: $0.0, y: $0.1, width: width, height: height), Array(lines.prefix(height)), inset) }
        }
        let whole = layout(readout, rows: region.height)
        let candidates = place(whole.lines, width: whole.width, inset: whole.inset, in: region)
        if let clear = candidates.first(where: { !$0.rect.contains(x: cursorX, y: cursorY) }) { return clear }
        // The larger band beside the cursor's row, with the coordinates left out when they would not fit.
        let above = Rect(x: region.x, y: region.y, width: region.width, height: max(0, cursorY - region.y))
        let below = Rect(x: region.x, y: cursorY + 1, width: region.width, height: max(0, region.maxY - cursorY - 1))
        let useAbove = above.height >= below.height
        let band = useAbove ? above : below
        guard band.height >= 2 else { return candidates[0] }
        var chosen = readout
        if wrapped(readout, width: region.width).count > band.height, readout.contains(where: { $0.hasPrefix(" ") }) {
            chosen = readout.filter { !$0.hasPrefix(" ") } + ["(coordinates: z zooms)"]
        }
        let short = layout(chosen, rows: band.height)
        let height = min(band.height, short.lines.count)
        let x = cursorX - region.x < region.width / 2 ? region.maxX - short.width : region.x
        return (Rect(x: x, y: useAbove ? band.maxY - height : band.y, width: short.width, height: height), Array(short.lines.prefix(height)), short.inset)
    }

    /// The inspect readout of a block: its density and mass, its rows and columns (point ranges in
    /// display order), their weights, and the points' coordinates (the mean where a block holds
    /// several points). ASCII only, so it reads the same under any locale.
    func readout(_ cursor: HeatmapCursor, density: PlanDensity) -> [String] {
        let value = density.density(row: cursor.row, column: cursor.column)
        var lines = ["P/(ab) \(NumberFormat.compact(value, significantDigits: 4))  P \(NumberFormat.compact(density.sums[cursor.row, cursor.column]))"]
        lines += describe(axis: density.rows, block: cursor.row, name: "row", mass: density.rowMass[cursor.row], massName: "a", points: sourcePoints, labels: sourceLabels)
        lines += describe(axis: density.columns, block: cursor.column, name: "col", mass: density.columnMass[cursor.column], massName: "b", points: targetPoints, labels: targetLabels)
        return lines
    }

    private func describe(axis: BlockAxis, block: Int, name: String, mass: Double, massName: String, points: DenseMatrix?,
                          labels: [String]?) -> [String] {
        let indices = axis.indices(ofBlock: block)
        let positions = axis.positions(ofBlock: block)
        let span: String
        if axis.order == nil {
            span = indices.count == 1 ? "\(name) \(indices[0])" : "\(name)s \(positions.lowerBound)-\(positions.upperBound - 1)"
        } else {
            span = indices.count == 1 ? "\(name) \(indices[0])" : "\(name)s #\(positions.lowerBound)-\(positions.upperBound - 1) sorted"
        }
        var lines = ["\(span) (\(indices.count))  \(massName) \(NumberFormat.compact(mass))"]
        // The point's label (a residue), or the first and last of the block's, in display order.
        if let labels, let first = indices.first, let last = indices.last, indices.allSatisfy({ $0 < labels.count }) {
            lines.append(" " + (indices.count == 1 ? labels[first] : "\(labels[first]) .. \(labels[last])"))
        }
        if let points, points.columns > 0, indices.allSatisfy({ $0 < points.rows }) {
            let mean = (0..<points.columns).map { k in indices.reduce(0.0) { $0 + points[$1, k] } / Double(indices.count) }
            let shown = mean.prefix(3).map { NumberFormat.compact($0) }.joined(separator: ", ")
            lines.append(" \(indices.count == 1 ? "at" : "mean") (\(shown)\(mean.count > 3 ? ", ..." : ""))")
        }
        return lines
    }
}
