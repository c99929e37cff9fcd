import OTCore
import OTSession
import Terminal
import Testing
@testable import Workbench

/// The self-labelling lesson's scatter: two panels (before, after) with each label its own glyph
/// when there is no colour, the centres as their numbers, and the sizes per label under each panel.
@Suite struct LabelledScatterViewTests {
    static let points = DenseMatrix([[0, 0], [0.5, 0.5], [5, 5], [5.5, 4.5], [10, 0], [9.5, 0.5]])
    static let centres = DenseMatrix([[2, 1.5], [4, 3.5], [8, 1.5]])
    static let labels = LessonFigures.Labels(classes: 3, labellings: [
        .init(name: "before: argmax p", labels: [0, 0, 0, 0, 2, 2]),
        .init(name: "after: plan it 7", labels: [0, 0, 1, 1, 2, 2]),
    ])

    static func lines(_ buffer: Buffer) -> [String] {
        (0..<buffer.height).map { y in String((0..<buffer.width).map { buffer.cell(x: $0, y: y).glyph }) }
    }

    @Test func panelsWithTitlesAndSizes() {
        var buffer = Buffer(width: 60, height: 12)
        LabelledScatterView(points: Self.points, centres: Self.centres, labels: Self.labels)
            .render(in: buffer.area, buffer: &buffer, glyphs: .unicode, theme: .monochrome)
        let lines = Self.lines(buffer)
        #expect(lines[0].contains("before: argmax p") && lines[0].contains("after: plan it 7"))
        #expect(lines[11].contains("sizes 4 0 2") && lines[11].contains("sizes 2 2 2"))
        // Without colour each label has its own glyph: the after panel shows three kinds, the before two.
        let before = lines[1..<11].map { $0.prefix(29) }.joined(), after = lines[1..<11].map { $0.dropFirst(30) }.joined()
        let markers = Set("*+o")
        #expect(Set(before.filter { markers.contains($0) }).count == 2)
        #expect(Set(after.filter { markers.contains($0) }).count == 3)
        // The centres are drawn as their cluster numbers in both panels.
        for digit in ["1", "2", "3"] { #expect(before.contains(digit) && after.contains(digit)) }
    }

    @Test func narrowPanelsKeepShortTitlesAndTheSizes() {
        var buffer = Buffer(width: 20, height: 12)
        LabelledScatterView(points: Self.points, centres: Self.centres, labels: Self.labels)
            .render(in: buffer.area, buffer: &buffer, glyphs: .unicode, theme: .monochrome)
        let lines = Self.lines(buffer)
        #expect(lines[0].hasPrefix("before ") && lines[0].contains("after it 7"))
        #expect(lines[11].hasPrefix("4 0 2 ") && lines[11].contains("2 2 2"), "\(lines[11])")
    }

    @Test func colourDrawsEachLabelInItsSeriesColour() {
        var buffer = Buffer(width: 60, height: 12)
        LabelledScatterView(points: Self.points, centres: nil, labels: Self.labels)
            .render(in: buffer.area, buffer: &buffer, glyphs: .unicode, theme: .standard)
        var colours = Set<String>()
        for y in 1..<11 { for x in 30..<60 where buffer.cell(x: x, y: y).glyph != " " { colours.insert("\(buffer.cell(x: x, y: y).foreground)") } }
        #expect(colours.count == 3, "\(colours)")
    }
}
