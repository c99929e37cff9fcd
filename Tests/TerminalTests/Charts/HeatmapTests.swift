import Testing
import Terminal

@Suite struct HeatmapTests {
    private func render(_ heatmap: Heatmap, width: Int, height: Int, glyphs: GlyphSet = .unicode,
                        theme: Theme = .standard) -> Buffer {
        var buffer = Buffer(width: width, height: height)
        heatmap.render(in: buffer.area, buffer: &buffer, glyphs: glyphs, theme: theme)
        return buffer
    }

    @Test func twoByTwoUsesHalfBlocksWithViridisColours() {
        let heatmap = Heatmap(matrix: [[1, 2], [3, 4]], showsColorBar: false)
        let buffer = render(heatmap, width: 2, height: 1)
        let left = buffer.cell(x: 0, y: 0), right = buffer.cell(x: 1, y: 0)
        #expect(left.glyph == "▀" && right.glyph == "▀")
        #expect(left.foreground == .rgb(Colormap.viridis.color(at: 0)))
        #expect(left.foreground == .rgb(RGB(hex: 0x440154)))
        #expect(left.background == .rgb(Colormap.viridis.color(at: 2.0 / 3)))
        #expect(right.foreground == .rgb(Colormap.viridis.color(at: 1.0 / 3)))
        #expect(right.background == .rgb(RGB(hex: 0xFDE725)))  // highest value: top of viridis
    }

    @Test func stretchesASmallMatrixOverTheArea() {
        let buffer = render(Heatmap(matrix: [[0, 1]], showsColorBar: false), width: 4, height: 2)
        for y in 0..<2 {
            #expect(buffer.cell(x: 0, y: y).foreground == .rgb(RGB(hex: 0x440154)))
            #expect(buffer.cell(x: 1, y: y).background == .rgb(RGB(hex: 0x440154)))
            #expect(buffer.cell(x: 3, y: y).foreground == .rgb(RGB(hex: 0xFDE725)))
        }
    }

    @Test func blockSumsPreserveMass() {
        let values = (1...16).map(Double.init)
        #expect(Heatmap.blockSums(values, rows: 4, columns: 4, targetRows: 2, targetColumns: 2) == [14, 22, 46, 54])
        let uneven = (0..<35).map { Double($0) * 0.37 }
        let sums = Heatmap.blockSums(uneven, rows: 5, columns: 7, targetRows: 2, targetColumns: 3)
        #expect(sums.count == 6)
        #expect(abs(sums.reduce(0, +) - uneven.reduce(0, +)) < 1e-9)
    }

    @Test func largerMatrixIsAggregatedBeforeColouring() {
        let heatmap = Heatmap(values: (1...16).map(Double.init), rows: 4, columns: 4, showsColorBar: false)
        let buffer = render(heatmap, width: 2, height: 1)  // 2 x 2 pixels: sums 14 22 / 46 54
        #expect(buffer.cell(x: 0, y: 0).foreground == .rgb(RGB(hex: 0x440154)))
        #expect(buffer.cell(x: 1, y: 0).background == .rgb(RGB(hex: 0xFDE725)))
        #expect(buffer.cell(x: 0, y: 0).background == .rgb(Colormap.viridis.color(at: 32.0 / 40)))
    }

    @Test func colorBarShowsRangeLabels() {
        let heatmap = Heatmap(matrix: [[0.5, 2], [8, 32]], colormap: .magma)
        let buffer = render(heatmap, width: 20, height: 6)
        #expect(buffer.string(row: 0).hasSuffix("▀▀ 32  "))
        #expect(buffer.string(row: 5).contains("0.5"))
        #expect(buffer.string(row: 2).hasSuffix("▀▀ 16.2"))  // (0.5 + 32) / 2 = 16.25
        let barTop = Array(buffer.string(row: 0)).firstIndex(of: "3")! - 3
        #expect(buffer.cell(x: barTop, y: 0).foreground == .rgb(RGB(hex: 0xFCFDBF)))
        #expect(buffer.cell(x: barTop, y: 5).background == .rgb(RGB(hex: 0x000004)))
    }

    @Test func logColourBarLabelsTheGeometricMiddle() {
        let buffer = render(Heatmap(matrix: [[1e-6, 1]], scale: .log10), width: 20, height: 5)
        #expect(buffer.string(row: 0).hasSuffix(" 1    "))
        #expect(buffer.string(row: 2).hasSuffix(" 0.001"))
        #expect(buffer.string(row: 4).hasSuffix(" 1e-6 "))
    }

    @Test func logScaleColoursByDecade() {
        let heatmap = Heatmap(matrix: [[1e-4, 1e-2, 1], [0, 1, 1]], scale: .log10, showsColorBar: false)
        let buffer = render(heatmap, width: 3, height: 1)
        #expect(buffer.cell(x: 1, y: 0).foreground == .rgb(Colormap.viridis.color(at: 0.5)))
        #expect(buffer.cell(x: 0, y: 0).background == .rgb(Colormap.viridis.color(at: 0)))  // zero: lowest colour
    }

    @Test func noColorFallsBackToShades() {
        let heatmap = Heatmap(matrix: [[0, 1], [0.5, 1]], showsColorBar: false)
        let unicode = render(heatmap, width: 2, height: 2, theme: .monochrome)
        #expect(unicode.string(row: 0) == " █")
        #expect(unicode.string(row: 1) == "▒█")
        #expect(unicode.cell(x: 1, y: 0).foreground == .default)
        let ascii = render(heatmap, width: 2, height: 2, glyphs: .ascii, theme: .monochrome)
        #expect(ascii.string(row: 0) == " #")
        #expect(ascii.string(row: 1) == ":#")
    }

    @Test func asciiWithColourUsesBackgroundCells() {
        let buffer = render(Heatmap(matrix: [[0, 1]], showsColorBar: false), width: 2, height: 1, glyphs: .ascii)
        #expect(buffer.string(row: 0) == "  ")
        #expect(buffer.cell(x: 1, y: 0).background == .rgb(RGB(hex: 0xFDE725)))
    }
}

@Suite struct HeatmapReductionTests {
    @Test func blockMeansForImages() {
        let values: [Double] = [1, 3, 5, 7, .nan, 2, 4, 6]
        #expect(Heatmap.blockMeans(values, rows: 2, columns: 4, targetRows: 1, targetColumns: 2) == [2, 5.5])
        #expect(Heatmap.blockSums(values, rows: 2, columns: 4, targetRows: 1, targetColumns: 2) == [6, 22])
    }
}
