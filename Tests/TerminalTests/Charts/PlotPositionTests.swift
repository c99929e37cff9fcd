import Testing
@testable import Terminal

/// Values from files reach the charts unfiltered: ±1e308, subnormals, infinities, NaN. None may trap
/// (`Int(NaN)`, `Int(1e300)`, a NaN range) or hang (a tick loop whose index no longer advances).
@Suite struct PlotPositionTests {
    static let hostile: [Double] = [.nan, .infinity, -.infinity, 1e308, -1e308, .greatestFiniteMagnitude,
                                    -.greatestFiniteMagnitude, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, 0, 1e19, -1e19]

    @Test func fractionOfASpanThatOverflows() {
        // -1e308...1e308 overflows when subtracted; the fraction is computed in halves.
        #expect(PlotPosition.fraction(of: 0, from: -1e308, to: 1e308) == 0.5)
        #expect(PlotPosition.fraction(of: 1e308, from: -1e308, to: 1e308) == 1)
        #expect(PlotPosition.fraction(of: -1e308, from: -1e308, to: 1e308) == 0)
        #expect(PlotPosition.fraction(of: 3, from: 1, to: 5) == 0.5)
        #expect(PlotPosition.fraction(of: 3, from: 5, to: 5) == 0)
        #expect(PlotPosition.fraction(of: .nan, from: 0, to: 1).isNaN)
    }

    @Test func binsAndIndicesAreAlwaysInRange() {
        for value in Self.hostile {
            #expect((0..<7).contains(PlotPosition.bin(value, count: 7)), "bin of \(value)")
            #expect((-3...9).contains(PlotPosition.rounded(value, to: -3...9)), "rounded \(value)")
        }
        #expect(PlotPosition.bin(.nan, count: 7) == 0)
        #expect(PlotPosition.bin(.infinity, count: 7) == 6)
        #expect(PlotPosition.bin(0.5, count: 7) == 3)
        #expect(PlotPosition.clamped(9.3e18, to: Int.min...Int.max) == Int.max)
        #expect(PlotPosition.clamped(-2.5, to: -10...10) == -2)
        #expect(PlotPosition.range(.nan, .infinity) == 0...Double.greatestFiniteMagnitude)
    }

    @Test func chartsDrawHostileValuesWithoutTrapOrHang() {
        let values = Self.hostile
        let points = values.flatMap { x in values.map { y in PlotPoint(x: x, y: y) } }
        for extra in [[], [PlotPoint(x: 1e17, y: 1e17), PlotPoint(x: 1e17 + 16, y: 1e17 + 16)],
                      [PlotPoint(x: -1e308, y: 1e308), PlotPoint(x: 1e308, y: -1e308)]] {
            var buffer = Buffer(width: 40, height: 12)
            for scale in [AxisScale.linear, .log10] {
                LineChart(series: [.init(name: "r", points: points + extra)], xScale: scale, yScale: scale)
                    .render(in: buffer.area, buffer: &buffer, glyphs: .unicode, theme: .standard)
                LineChart(series: [.init(name: "r", points: extra)], xScale: scale, yScale: scale)
                    .render(in: buffer.area, buffer: &buffer, glyphs: .unicode, theme: .standard)
            }
            Scatter(series: [.init(name: "s", points: points + extra)], preservesAspectRatio: true)
                .render(in: buffer.area, buffer: &buffer, glyphs: .unicode, theme: .standard)
            Scatter(series: [.init(name: "s", points: extra)], preservesAspectRatio: true)
                .render(in: buffer.area, buffer: &buffer, glyphs: .unicode, theme: .standard)
            BarHistogram(series: [.init(name: "h", values: values + extra.map(\.x))])
                .render(in: buffer.area, buffer: &buffer, glyphs: .unicode, theme: .standard)
        }
        // 1e17...1e17+16: a step of 5 is below the resolution of the index; the ends are the ticks.
        let ticks = AxisTicks.ticks(in: 1e17...(1e17 + 16), scale: .linear, maxCount: 5)
        #expect(ticks.count >= 2 && ticks.count <= 20)
        #expect(AxisTicks.ticks(in: -1e308...1e308, scale: .linear, maxCount: 5).count == 2)
        #expect(AxisTicks.ticks(in: 1e-300...Double.infinity, scale: .log10, maxCount: 5).count <= 5)
        // A log axis fitted to a range with an infinite end: decades clamped, no Int(inf).
        let fitted = LineChart.fittedLogAxis(Double.leastNonzeroMagnitude...Double.infinity, rows: 10)
        #expect(fitted == nil || fitted!.ticks.count >= 2)
    }
}
