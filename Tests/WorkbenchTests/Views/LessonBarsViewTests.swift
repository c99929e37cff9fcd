import OTSession
import Terminal
import Testing
@testable import Workbench

/// The routing lesson's bars read without colour: a row per expert with each series' bar and
/// count, bars on one scale, the balanced load marked where a bar stops short of it.
@Suite struct LessonBarsViewTests {
    static let bars = LessonFigures.Bars(
        title: "tokens per expert (top-1)", categories: ["e1", "e2", "e3"],
        series: [.init(name: "softmax top-1", values: [40, 6, 2]), .init(name: "this plan", values: [17, 16, 15])],
        reference: 16)

    static func lines(_ buffer: Buffer) -> [String] {
        (0..<buffer.height).map { y in String((0..<buffer.width).map { buffer.cell(x: $0, y: y).glyph }) }
    }

    @Test(arguments: [Theme.standard, Theme.monochrome])
    func rowsPerCategoryWithCounts(theme: Theme) throws {
        var buffer = Buffer(width: 60, height: 8)
        LessonBarsView(bars: Self.bars).render(in: buffer.area, buffer: &buffer, glyphs: .unicode, theme: theme)
        let lines = Self.lines(buffer)
        #expect(lines[0].contains("tokens per expert (top-1)") && lines[0].contains("┊ balanced 16"))
        #expect(lines[1].contains("softmax top-1") && lines[1].contains("this plan"))
        #expect(lines[2].hasPrefix("e1 ") && lines[3].hasPrefix("e2 ") && lines[4].hasPrefix("e3 "))
        // Each row ends its bars with the counts, in series order.
        let e1 = lines[2].split(separator: " ", omittingEmptySubsequences: true)
        #expect(e1.contains("40") && e1.contains("17"))
        // The longest bar (40) fills its lane; 17 fills about 17/40 of it.
        let full = lines[2].filter { $0 == "█" }.count
        #expect(full > 0)
        // The balanced mark shows in the rows whose bar stops short of 16 (e2: 6, e3: 2 under softmax).
        let softmaxLane = lines[3].prefix(30)
        #expect(softmaxLane.contains("┊"))
        #expect(!lines[2].prefix(30).contains("┊"), "a bar longer than the balanced load hides the mark")
    }

    @Test func aNarrowPaneKeepsTheMarkAndValue() {
        var buffer = Buffer(width: 30, height: 8)
        LessonBarsView(bars: Self.bars).render(in: buffer.area, buffer: &buffer, glyphs: .unicode, theme: .monochrome)
        #expect(Self.lines(buffer)[0].hasPrefix("tokens per expert (top-1) ┊ 16"))
    }

    @Test func asciiGlyphsToo() {
        var buffer = Buffer(width: 60, height: 8)
        LessonBarsView(bars: Self.bars).render(in: buffer.area, buffer: &buffer, glyphs: .ascii, theme: .monochrome)
        let lines = Self.lines(buffer)
        #expect(lines[0].contains(": balanced 16"))
        #expect(lines[2].contains("#"))
        #expect(lines.joined().unicodeScalars.allSatisfy { $0.isASCII })
    }

    @Test func moreCategoriesThanRowsEndWithAnEllipsis() {
        var bars = Self.bars
        bars.categories = (1...20).map { "e\($0)" }
        bars.series = bars.series.map { .init(name: $0.name, values: [Double](repeating: 3, count: 20)) }
        var buffer = Buffer(width: 60, height: 6)
        LessonBarsView(bars: bars).render(in: buffer.area, buffer: &buffer, glyphs: .unicode, theme: .standard)
        let lines = Self.lines(buffer)
        #expect(lines[5].hasPrefix("…"))
        #expect(lines[4].hasPrefix("e3 "))
    }
}
