import Testing
import Terminal

@Suite struct WidgetEdgeCaseTests {
    @Test func widgetsStayInsideTheirArea() {
        let widgets: [any Widget] = [
            LineChart(series: [.init(name: "a", values: [3, 1, 2])], xTitle: "iteration"),
            Heatmap(matrix: [[1, 2, 3], [4, 5, 6]]),
            BarHistogram(values: [1, 5, 2]),
            Scatter(series: [.init(name: "p", points: [PlotPoint(x: 1, y: 1), PlotPoint(x: 2, y: 3)])]),
            KeyValueTable(rows: [.init("key", "value")]),
            StatusBar(left: "left", hints: [.init("q", "quit")], right: "right"),
            HelpOverlay(entries: [.init("q", "quit")]),
            Dialog(title: "t", message: "message"),
            ListPicker(title: "list", items: [.init("one")]),
            Form(title: "form", fields: [.init(label: "x", value: "1")]),
            Block(title: "block"),
        ]
        for widget in widgets {
            for (width, height) in [(0, 0), (1, 1), (3, 2), (12, 5), (40, 12)] {
                var buffer = Buffer(width: 44, height: 16, filledWith: Cell("·"))
                let area = Rect(x: 2, y: 2, width: width, height: height)
                widget.render(in: area, buffer: &buffer, glyphs: .unicode, theme: .standard)
                for y in 0..<buffer.height {
                    for x in 0..<buffer.width where !area.contains(x: x, y: y) {
                        #expect(buffer.cell(x: x, y: y) == Cell("·"), "\(type(of: widget)) \(width)x\(height) wrote (\(x), \(y))")
                    }
                }
            }
        }
    }

    @Test func nanEntriesStayBlank() {
        var buffer = Buffer(width: 2, height: 1)
        Heatmap(matrix: [[.nan, 1], [0, 2]], showsColorBar: false)
            .render(in: buffer.area, buffer: &buffer, glyphs: .unicode, theme: .standard)
        #expect(buffer.cell(x: 0, y: 0).foreground == .default)
        #expect(buffer.cell(x: 0, y: 0).background == .rgb(RGB(hex: 0x440154)))
        #expect(buffer.cell(x: 1, y: 0).background == .rgb(RGB(hex: 0xFDE725)))
    }

    @Test func legendAndStatusBarDropWhatDoesNotFit() {
        var buffer = Buffer(width: 14, height: 1)
        Legend(entries: [.init(name: "alpha", color: .red), .init(name: "beta", color: .blue)])
            .render(in: buffer.area, buffer: &buffer, glyphs: .unicode, theme: .standard)
        #expect(buffer.string(row: 0) == "■ alpha       ")
        var bar = Buffer(width: 16, height: 1)
        StatusBar(hints: [.init("q", "quit"), .init("?", "help")], right: "idle")
            .render(in: bar.area, buffer: &bar, glyphs: .unicode, theme: .standard)
        #expect(bar.string(row: 0) == " q quit     idle")
    }

    @Test func emptyListAndFormDoNotCrash() {
        var picker = ListPicker(title: "none", items: [])
        #expect(picker.handle(.down) == .none)
        #expect(picker.handle(.enter) == .none)
        var form = Form(fields: [])
        #expect(form.handle(.escape) == .dismissed)
        var buffer = Buffer(width: 10, height: 4)
        picker.render(in: buffer.area, buffer: &buffer, glyphs: .ascii, theme: .monochrome)
        form.render(in: buffer.area, buffer: &buffer, glyphs: .ascii, theme: .monochrome)
        #expect(buffer.string(row: 0) == "+ none --+")
    }
}
