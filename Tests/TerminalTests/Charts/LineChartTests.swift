import Foundation
import Testing
import Terminal

@Suite struct LineChartTests {
    private func render(_ chart: LineChart, width: Int, height: Int, glyphs: GlyphSet = .unicode,
                        theme: Theme = .standard) -> Buffer {
        var buffer = Buffer(width: width, height: height)
        chart.render(in: buffer.area, buffer: &buffer, glyphs: glyphs, theme: theme)
        return buffer
    }

    @Test func horizontalLineAtTheTopFillsTheTopRowWithBraille() {
        let chart = LineChart(series: [.init(name: "flat", points: [PlotPoint(x: 0, y: 1), PlotPoint(x: 1, y: 1)], color: .red)],
                              xRange: 0...1, yRange: 0...1, showsLegend: false)
        let buffer = render(chart, width: 20, height: 6)
        let top = Array(buffer.string(row: 0))
        let axis = try! #require(top.firstIndex(of: "┤"))
        #expect(top[(axis + 1)...].allSatisfy { $0 == "⠉" })
        #expect(top.count - axis - 1 >= 15)
        #expect(buffer.cell(x: 19, y: 0).foreground == .red)
        // Nothing else plotted below the line.
        #expect(!buffer.string(row: 2).contains("⠉"))
    }

    @Test func verticalLineOnTheLeftEdge() {
        let chart = LineChart(series: [.init(name: "v", points: [PlotPoint(x: 0, y: 0), PlotPoint(x: 0, y: 1)])],
                              xRange: 0...1, yRange: 0...1, showsLegend: false)
        let buffer = render(chart, width: 20, height: 6)
        let top = Array(buffer.string(row: 0))
        let axis = try! #require(top.firstIndex(of: "┤"))
        for row in 0..<4 {  // plot height = 6 - axis row - label row
            #expect(buffer.cell(x: axis + 1, y: row).glyph == "⡇", "row \(row)")
        }
    }

    @Test func logAxisHasDecadeLabelsLegendAndTitles() {
        let residual = (0..<50).map { pow10(-Double($0) * 6 / 49) }
        let chart = LineChart(series: [.init(name: "residual", values: residual), .init(name: "objective", values: residual.map { $0 * 0.5 })],
                              yScale: .log10, xTitle: "iteration", yTitle: "error")
        let buffer = render(chart, width: 60, height: 20)
        let text = buffer.text
        let labels = (1..<18).map { buffer.string(row: $0).prefix(4).trimmed() }
        #expect(labels.contains("1e-2"))
        #expect(labels.contains("1e-6"))
        #expect(labels.contains("1"))
        #expect(buffer.string(row: 0).contains("■ residual"))
        #expect(buffer.string(row: 0).contains("■ objective"))
        #expect(buffer.string(row: 0).hasPrefix("error"))
        #expect(buffer.string(row: 19).hasSuffix("iteration"))
        #expect(buffer.string(row: 19).contains("0 "))
        #expect(text.contains("└"))
        #expect(text.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) })
    }

    @Test func logScaleSkipsNonPositiveValuesWhenRanging() {
        let chart = LineChart(series: [.init(name: "r", values: [0, -1, 1e-3, .nan, 1e-1])], yScale: .log10)
        #expect(chart.resolvedRanges.y == 1e-3...1e-1)
        let buffer = render(chart, width: 40, height: 12)
        let labels = (1..<10).map { buffer.string(row: $0).prefix(4).trimmed() }
        #expect(labels.contains("1e-3"))
        #expect(labels.contains("1e-2"))
        #expect(labels.contains("1e-1"))
    }

    @Test func asciiGlyphsWithoutUTF8() {
        let chart = LineChart(series: [.init(name: "flat", points: [PlotPoint(x: 0, y: 1), PlotPoint(x: 1, y: 1)])],
                              xTitle: "t", xRange: 0...1, yRange: 0...1)
        let buffer = render(chart, width: 20, height: 7, glyphs: .ascii, theme: .monochrome)
        #expect(buffer.string(row: 0).hasPrefix("*"))  // monochrome legend marker
        #expect(buffer.string(row: 1).hasSuffix("''''''"))
        #expect(!buffer.text.unicodeScalars.contains { $0.value > 0x7F })
    }

    /// Log-axis labels sit where their decade is drawn and equal decades are equally spaced:
    /// 1e-5...1e-1 over 13 plot rows puts the five decades 3 rows apart (rows 0, 3, 6, 9, 12), and
    /// a curve at 1e-3 is drawn on the 1e-3 label's row.
    @Test func logAxisLabelsAtTheirDecadesEquallySpaced() {
        let chart = LineChart(series: [.init(name: "r", points: [PlotPoint(x: 0, y: 1e-5), PlotPoint(x: 1, y: 1e-1)]),
                                       .init(name: "flat", points: [PlotPoint(x: 0, y: 1e-3), PlotPoint(x: 1, y: 1e-3)])],
                              yScale: .log10)
        let buffer = render(chart, width: 40, height: 16)  // legend row + 13 plot rows + axis + labels
        let labelRows = (1...13).filter { !buffer.string(row: $0).prefix(4).trimmed().isEmpty }
        #expect(labelRows == [1, 4, 7, 10, 13])
        #expect(labelRows.map { buffer.string(row: $0).prefix(4).trimmed() } == ["1e-1", "1e-2", "1e-3", "1e-4", "1e-5"])
        // The flat series at 1e-3 fills the 1e-3 row (the second series' colour there).
        let row7 = Array(buffer.string(row: 7))
        #expect(row7[10...].filter { $0 != " " }.count >= 30)
        #expect(buffer.cell(x: 20, y: 7).foreground == Theme.standard.seriesColor(1))
        // The fitted range is exact: decade k is at dot 1.5 + 12 k of 52.
        let layout = chart.layout(in: buffer.area)!
        for (k, exponent) in [-1, -2, -3, -4, -5].enumerated() {
            let t = AxisScale.log10.position(of: pow10(Double(exponent)), in: layout.yRange)!
            #expect(abs((1 - t) * 51 - (1.5 + 12 * Double(k))) < 1e-9)
        }
    }

    /// An iteration axis never shows fractional ticks, even over a few iterations.
    @Test func wholeNumberTicksOnAnIterationAxis() {
        for last in [2, 4, 7] {
            let chart = LineChart(series: [.init(name: "e", points: (1...last).map { PlotPoint(x: Double($0), y: 1 / Double($0)) })],
                                  yScale: .log10, xTitle: "iteration", wholeNumberX: true)
            let buffer = render(chart, width: 80, height: 12)
            let labels = buffer.string(row: 11).split(separator: " ").dropLast()
            #expect(!labels.isEmpty)
            #expect(labels.allSatisfy { Int($0) != nil }, "ticks \(labels)")
        }
        let ticks = AxisTicks.ticks(in: 1...4, scale: .linear, maxCount: 8, wholeNumbers: true)
        #expect(ticks.map(\.value) == [1, 2, 3, 4])
    }

    /// The legend lists only series that are drawn: an error of 0 on a log axis has no curve and
    /// no legend entry; and a legend order keeps the named series when space runs out.
    @Test func legendOnlyForDrawnSeriesInLegendOrder() {
        let chart = LineChart(series: [.init(name: "error emd", points: [PlotPoint(x: 1, y: 0)]),
                                       .init(name: "gap", points: [PlotPoint(x: 1, y: 1e-3), PlotPoint(x: 2, y: 1e-4)])],
                              yScale: .log10)
        let legend = render(chart, width: 60, height: 10).string(row: 0)
        #expect(!legend.contains("error emd"))
        #expect(legend.contains("gap"))
        let crowded = LineChart(series: (0..<6).map { .init(name: "kept run \($0)", values: [1, 0.1]) }
                                    + [.init(name: "duality gap", values: [1, 0.01])],
                                yScale: .log10, legendOrder: [6, 0, 1, 2, 3, 4, 5])
        let row = render(crowded, width: 60, height: 10).string(row: 0)
        #expect(row.contains("duality gap"))
        #expect(!row.contains("kept run 5"))
    }

    /// Without colour, each series has its own glyph in the legend and along its curve.
    @Test func noColorSeriesHaveDistinctGlyphsInLegendAndCurves() {
        let chart = LineChart(series: [.init(name: "error", values: (0..<40).map { pow10(-Double($0) / 8) }),
                                       .init(name: "gap", values: (0..<40).map { pow10(-Double($0) / 5) })],
                              yScale: .log10)
        let buffer = render(chart, width: 60, height: 16, theme: .monochrome)
        let legend = buffer.string(row: 0)
        #expect(legend.contains("* error") && legend.contains("+ gap"))
        let plot = (1..<14).map { String(buffer.string(row: $0).dropFirst(6)) }.joined()
        #expect(plot.filter { $0 == "*" }.count >= 3)
        #expect(plot.filter { $0 == "+" }.count >= 3)
        // With colour the curves stay plain braille.
        let colored = render(chart, width: 60, height: 16)
        #expect(!(1..<14).map { String(colored.string(row: $0).dropFirst(6)) }.joined().contains("*"))
    }

    /// The crosshair marks its column and replaces the legend with its readout.
    @Test func crosshairMarksTheColumnAndReadsOut() {
        var chart = LineChart(series: [.init(name: "e", points: (0...10).map { PlotPoint(x: Double($0), y: pow10(-Double($0))) })],
                              yScale: .log10, xTitle: "iteration", wholeNumberX: true)
        chart.crosshairX = 5
        chart.crosshairReadout = "it 5  error 1e-5"
        let buffer = render(chart, width: 60, height: 16)
        #expect(buffer.string(row: 0).hasPrefix("it 5  error 1e-5"))
        let layout = chart.layout(in: buffer.area)!
        let column = chart.column(of: 5, layout: layout)!
        #expect(buffer.cell(x: column, y: layout.plot.maxY).glyph == "▲")
        #expect(chart.xValue(atColumn: column, layout: layout).map { abs($0 - 5) < 0.5 } == true)
    }
}

private func pow10(_ exponent: Double) -> Double { pow(10, exponent) }

extension Substring {
    fileprivate func trimmed() -> String {
        String(self.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
