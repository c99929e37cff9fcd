import Foundation
import Testing
import OTCore
import Terminal
@testable import Workbench

@Suite struct PlanViewTests {
    static func weights(_ n: Int, seed: UInt64) -> [Double] {
        var state = seed
        let raw = (0..<n).map { _ -> Double in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return 0.2 + Double(state >> 40) / Double(1 << 24)
        }
        let total = raw.reduce(0, +)
        return raw.map { $0 / total }
    }

    /// The plan pane at `bodyColumns` columns: a pane inner area sized so the body is that wide.
    static func render(plan: DenseMatrix, a: [Double], b: [Double], bodyColumns: Int, bodyRows: Int = 16, logScale: Bool = true,
                       cursor: HeatmapCursor? = nil, points: DenseMatrix? = nil, theme: Theme = .standard,
                       glyphs: GlyphSet = .unicode) -> (Buffer, PlanView.Geometry) {
        let area = Rect(x: 1, y: 1, width: bodyColumns + 2 + PlanView.barWidth, height: bodyRows + 1)
        let size = PlanView.requestedSize(for: area)
        let heatmap = BlockAggregation.aggregate(plan, maxRows: size.rows, maxColumns: size.columns)
        let view = PlanView(heatmap: heatmap, a: a, b: b, sourcePoints: points, targetPoints: points, logScale: logScale, cursor: cursor)
        var buffer = Buffer(width: area.maxX + 1, height: area.maxY + 1)
        view.render(in: area, buffer: &buffer, glyphs: glyphs, theme: theme)
        return (buffer, PlanView.geometry(for: area))
    }

    static func colors(_ buffer: Buffer, _ rect: Rect) -> Set<[Color]> {
        var seen = Set<[Color]>()
        for y in rect.y..<rect.maxY {
            for x in rect.x..<rect.maxX { seen.insert([buffer.cell(x: x, y: y).foreground, buffer.cell(x: x, y: y).background]) }
        }
        return seen
    }

    /// The product plan a ⊗ b is one colour over the whole body, for 300 points in 53 and in 40
    /// columns (blocks of unequal sizes), with uniform and with uneven weights, on log and linear
    /// colour scales; the marginal strips of uniform weights are one colour and exactly as wide
    /// (and as high) as the body.
    @Test(arguments: [53, 40])
    func productPlanIsOneColourAndStripsAlign(columns: Int) {
        let uniform = Array(repeating: 1.0 / 300, count: 300)
        for (a, b) in [(uniform, uniform), (Self.weights(300, seed: 5), Self.weights(300, seed: 6))] {
            for logScale in [true, false] {
                let plan = DenseMatrix(rows: 300, columns: 300) { i, j in a[i] * b[j] }
                let (buffer, geometry) = Self.render(plan: plan, a: a, b: b, bodyColumns: columns, logScale: logScale)
                #expect(geometry.map.width == columns)
                #expect(Self.colors(buffer, geometry.map).count == 1, "body of \(columns) columns, log \(logScale)")
                for x in geometry.map.x..<geometry.map.maxX { #expect(buffer.cell(x: x, y: geometry.map.y).glyph == "▀") }
                guard a == uniform else { continue }
                // Strips: one colour each, cell for cell over the body, nothing beyond it.
                #expect(Self.colors(buffer, geometry.columnStrip).count == 1)
                #expect(Self.colors(buffer, geometry.rowStrip).count == 1)
                let strip = (0..<buffer.width).filter { buffer.cell(x: $0, y: geometry.columnStrip.y).glyph == "▀" }
                #expect(strip == Array(geometry.map.x..<geometry.map.maxX))
                let side = (0..<buffer.height).filter { buffer.cell(x: geometry.rowStrip.x, y: $0).glyph == "▀" }
                #expect(side == Array(geometry.map.y..<geometry.map.maxY))
            }
        }
    }

    /// A plan with structure keeps it: the diagonal plan is bright on the diagonal only.
    @Test func diagonalPlanShowsItsDiagonal() {
        let a = Array(repeating: 1.0 / 300, count: 300)
        let plan = DenseMatrix(rows: 300, columns: 300) { i, j in i == j ? 1.0 / 300 : 0 }
        let (buffer, geometry) = Self.render(plan: plan, a: a, b: a, bodyColumns: 53)
        #expect(Self.colors(buffer, geometry.map).count > 2)
        let top = Colormap.viridis.color(at: 1), bottom = Colormap.viridis.color(at: 0)
        #expect(buffer.cell(x: geometry.map.x, y: geometry.map.y).foreground != .rgb(bottom))
        #expect(Self.colors(buffer, geometry.map).contains { $0[0] == .rgb(top) })
        #expect(buffer.cell(x: geometry.map.maxX - 1, y: geometry.map.y).foreground == .rgb(bottom))
    }

    /// The colour bar names what the colour measures and its range (density 1 for a ⊗ b).
    @Test func colourBarSaysWhatTheColourMeans() {
        let a = Array(repeating: 1.0 / 300, count: 300)
        let plan = DenseMatrix(rows: 300, columns: 300) { _, _ in 1.0 / 90000 }
        let (buffer, geometry) = Self.render(plan: plan, a: a, b: a, bodyColumns: 40, logScale: false)
        #expect(buffer.string(row: geometry.bar.y + 1).contains("P/(ab)"))
        #expect(buffer.string(row: geometry.bar.y).trimmingCharacters(in: .whitespaces).hasSuffix(" 1"))
        #expect(buffer.string(row: geometry.bar.maxY - 1).trimmingCharacters(in: .whitespaces).hasSuffix(" 0"))
    }

    /// The inspect cursor reads off the block: its density, mass, rows and columns, weights and
    /// the points' mean coordinates.
    @Test func inspectCursorReadsTheBlock() throws {
        let n = 300
        let a = Array(repeating: 1.0 / Double(n), count: n)
        let points = DenseMatrix(rows: n, columns: 2) { i, k in k == 0 ? Double(i) : 0 }
        let plan = DenseMatrix(rows: n, columns: n) { _, _ in 1.0 / Double(n * n) }
        let (buffer, _) = Self.render(plan: plan, a: a, b: a, bodyColumns: 40, cursor: HeatmapCursor(row: 0, column: 0), points: points)
        let text = buffer.text
        // 300 points in 32 block rows: the first holds points 0...9 (10 of them), mean x 4.5.
        #expect(text.contains("P/(ab) 1 "))
        #expect(text.contains("rows 0-9 (10)  a 0.0333"))
        #expect(text.contains("mean (4.5, 0)"))
        // 300 points in 40 block columns: the first holds 0...7.
        #expect(text.contains("cols 0-7 (8)  b 0.0267"))
    }

    /// With point labels (protein residues from a PDB file), the readout names the row's and the
    /// column's residue when a block is one point, and the first and last residue of a larger block.
    @Test func inspectCursorNamesTheLabelledPoints() throws {
        let n = 20, m = 300
        let a = Array(repeating: 1.0 / Double(n), count: n), b = Array(repeating: 1.0 / Double(m), count: m)
        let plan = DenseMatrix(rows: n, columns: m) { _, _ in 1.0 / Double(n * m) }
        let area = Rect(x: 1, y: 1, width: 40 + 2 + PlanView.barWidth, height: 17)
        let size = PlanView.requestedSize(for: area)
        let heatmap = BlockAggregation.aggregate(plan, maxRows: size.rows, maxColumns: size.columns)
        let view = PlanView(heatmap: heatmap, a: a, b: b, sourcePoints: nil, targetPoints: nil,
                            sourceLabels: (0..<n).map { "A:GLY \($0 + 1)" }, targetLabels: (0..<m).map { "B:ALA \($0 + 1)" },
                            logScale: true, cursor: HeatmapCursor(row: 3, column: 1))
        var buffer = Buffer(width: area.maxX + 1, height: area.maxY + 1)
        view.render(in: area, buffer: &buffer, glyphs: .unicode, theme: .standard)
        let text = buffer.text
        // 20 source points in 32 pixel rows: one point per block, row 3 is the fourth residue.
        #expect(text.contains("row 3 (1)"))
        #expect(text.contains(" A:GLY 4 "))
        // 300 target points in 40 columns (blocks of 7 and 8): block 1 holds points 8...14.
        #expect(text.contains("cols 8-14 (7)"))
        #expect(text.contains(" B:ALA 9 .. B:ALA 15"))
    }

    /// A click maps back to the block under it, and the cursor drawn there.
    @Test func clickPicksTheBlockUnderThePointer() throws {
        let a = Array(repeating: 1.0 / 300, count: 300)
        let area = Rect(x: 1, y: 1, width: 40 + 2 + PlanView.barWidth, height: 17)
        let size = PlanView.requestedSize(for: area)
        let view = PlanView(heatmap: BlockAggregation.aggregate(DenseMatrix(rows: 300, columns: 300, repeating: 1.0 / 90000),
                                                               maxRows: size.rows, maxColumns: size.columns),
                            a: a, b: a, logScale: true)
        let map = PlanView.geometry(for: area).map
        let block = try #require(view.block(atX: map.x + 10, y: map.y + 3, in: area, glyphs: .unicode, theme: .standard))
        #expect(block == HeatmapCursor(row: 6, column: 10))
        #expect(view.block(atX: map.maxX, y: map.y, in: area, glyphs: .unicode, theme: .standard) == nil)
    }

    /// At 80 x 24 the plan's body is 13 columns wide: the readout spreads over the whole pane,
    /// wraps between its fields and shows every figure, away from the cursor's cell.
    @Test func readoutFitsTheSmallPaneOfAnEightyColumnScreen() throws {
        let n = 300
        let a = Array(repeating: 1.0 / Double(n), count: n)
        let points = DenseMatrix(rows: n, columns: 2) { i, k in k == 0 ? Double(i) + 0.125 : -Double(i) - 0.5 }
        let plan = DenseMatrix(rows: n, columns: n) { _, _ in 1.0 / Double(n * n) }
        for cursor in [HeatmapCursor(row: 2, column: 1), HeatmapCursor(row: 17, column: 12)] {
            let (buffer, geometry) = Self.render(plan: plan, a: a, b: a, bodyColumns: 13, bodyRows: 10, cursor: cursor, points: points)
            let area = Rect(x: 1, y: 1, width: 13 + 2 + PlanView.barWidth, height: 11)
            let view = PlanView(heatmap: nil, a: a, b: a, sourcePoints: points, targetPoints: points, logScale: true)
            let density = try #require(PlanView(heatmap: BlockAggregation.aggregate(plan, maxRows: 20, maxColumns: 13), a: a, b: a, logScale: true)
                .density(in: area, pixelsPerCell: 2))
            let rows = (0..<buffer.height).map { buffer.string(row: $0) }
            for line in view.readout(cursor, density: density) {
                for field in TextWrap.fields(of: line) {
                    #expect(rows.contains { $0.contains(field) }, "\(cursor): \"\(field)\" is missing from \(rows)")
                }
            }
            #expect(geometry.map.width == 13)
        }
    }

    /// A pane too small for the whole readout beside a cursor in its middle: the cursor's cell stays
    /// in sight, the readout keeps its figures (density, rows, columns, weights) in the larger band
    /// beside the cursor's row and says the coordinates are a `z` away.
    @Test func aReadoutThatCannotAvoidTheCursorKeepsItInSight() throws {
        let n = 300
        let a = Array(repeating: 1.0 / Double(n), count: n)
        let points = DenseMatrix(rows: n, columns: 3) { i, k in Double(i) * 1.234567 + Double(k) * 1000.5 }
        let plan = DenseMatrix(rows: n, columns: n) { _, _ in 1.0 / Double(n * n) }
        let cursor = HeatmapCursor(row: 6, column: 6)
        let (buffer, geometry) = Self.render(plan: plan, a: a, b: a, bodyColumns: 13, bodyRows: 6, cursor: cursor, points: points)
        let map = geometry.map
        // The cursor's cell (the upper pixel of block row 6 of 12 is pixel 6: cell row 3).
        let x = map.x + (cursor.column * map.width + 12) / 13, y = map.y + 3
        let cell = buffer.cell(x: x, y: y)
        #expect(cell.foreground == .brightWhite || cell.background == .brightWhite, "the cursor's cell is hidden: \(cell)")
        let text = buffer.text
        for figure in ["P/(ab) 1 ", "rows ", "cols ", "a 0.", "b 0.", "(coordinates: z zooms)"] {
            #expect(text.contains(figure), "\"\(figure)\" missing:\n\(text)")
        }
    }
}
