import Testing
import Terminal

@Suite struct ScatterTests {
    @Test func pointsLandOnKnownDots() {
        var buffer = Buffer(width: 2, height: 1)
        let scatter = Scatter(series: [
            .init(name: "a", points: [PlotPoint(x: 0, y: 1)], color: .red),
            .init(name: "b", points: [PlotPoint(x: 1, y: 0), PlotPoint(x: 5, y: 5)], color: .blue),
        ], xRange: 0...1, yRange: 0...1, showsLegend: false, showsRanges: false)
        scatter.render(in: buffer.area, buffer: &buffer, glyphs: .unicode, theme: .standard)
        #expect(buffer.string(row: 0) == "⠁⢀")
        #expect(buffer.cell(x: 0, y: 0).foreground == .red)
        #expect(buffer.cell(x: 1, y: 0).foreground == .blue)
    }

    @Test func legendAndRangeCaption() {
        var buffer = Buffer(width: 30, height: 6)
        Scatter(series: [.init(name: "source", points: [PlotPoint(x: -1, y: 2), PlotPoint(x: 3, y: 4)]),
                         .init(name: "target", points: [PlotPoint(x: 0, y: 0)])])
            .render(in: buffer.area, buffer: &buffer, glyphs: .unicode, theme: .standard)
        #expect(buffer.string(row: 0).hasPrefix("■ source  ■ target"))
        #expect(buffer.string(row: 5).hasPrefix("x -1…3  y 0…4"))
    }
}
