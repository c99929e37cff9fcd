import Testing
import Terminal

@Suite struct BarHistogramTests {
    @Test func eighthBlocksScaleToTheTallestBin() {
        var buffer = Buffer(width: 4, height: 1)
        BarHistogram(values: [1, 2, 4, 8], color: .blue).render(in: buffer.area, buffer: &buffer, glyphs: .unicode, theme: .standard)
        #expect(buffer.string(row: 0) == "▁▂▄█")
        #expect(buffer.cell(x: 3, y: 0).foreground == .blue)

        var tall = Buffer(width: 2, height: 2)
        BarHistogram(values: [1, 4]).render(in: tall.area, buffer: &tall, glyphs: .unicode, theme: .standard)
        #expect(tall.string(row: 0) == " █")
        #expect(tall.string(row: 1) == "▄█")
    }

    @Test func twoSeriesOverlayShorterInFront() {
        var buffer = Buffer(width: 2, height: 1)
        let histogram = BarHistogram(series: [.init(values: [8, 8], color: .red), .init(values: [4, 8], color: .green)])
        histogram.render(in: buffer.area, buffer: &buffer, glyphs: .unicode, theme: .standard)
        #expect(buffer.cell(x: 0, y: 0) == Cell("▄", foreground: .green, background: .red))
        #expect(buffer.cell(x: 1, y: 0) == Cell("█", foreground: .red))
    }

    @Test func moreBinsThanColumnsAreSummed() {
        #expect(BarHistogram.mergedBins([1, 2, 3, 4, 5, 6], columns: 3) == [3, 7, 11])
        #expect(BarHistogram.mergedBins([1, 2], columns: 5) == [1, 2])
    }

    @Test func legendAndAsciiBars() {
        var buffer = Buffer(width: 20, height: 4)
        BarHistogram(series: [.init(name: "source", values: [1, 2]), .init(name: "target", values: [2, 1])])
            .render(in: buffer.area, buffer: &buffer, glyphs: .ascii, theme: .standard)
        #expect(buffer.string(row: 0).hasPrefix("# source  # target"))
        #expect(buffer.string(row: 3).allSatisfy { $0 == "#" })
    }
}

@Suite struct HorizontalBarTests {
    @Test func horizontalBarsGrowRightwards() {
        var buffer = Buffer(width: 2, height: 3)
        BarHistogram(values: [16, 4, 12], orientation: .horizontal)
            .render(in: buffer.area, buffer: &buffer, glyphs: .unicode, theme: .standard)
        #expect(buffer.string(row: 0) == "██")
        #expect(buffer.string(row: 1) == "▌ ")
        #expect(buffer.string(row: 2) == "█▌")
    }
}
