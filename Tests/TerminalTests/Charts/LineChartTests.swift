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
}

private func pow10(_ exponent: Double) -> Double { pow(10, exponent) }

extension Substring {
    fileprivate func trimmed() -> String {
        String(self.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
