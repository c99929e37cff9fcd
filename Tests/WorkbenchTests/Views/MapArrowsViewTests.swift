import Foundation
import OTCore
import Terminal
import Testing
@testable import Workbench

/// The Monge gap lessons' problem pane: a map given by paired points drawn as arrows.
@Suite struct MapArrowsViewTests {
    /// Four points on a square's corners: one moves right, one up, one up-left, one stays.
    static let source = DenseMatrix([[0, 0], [0, 4], [4, 4], [4, 0]])
    static let image = DenseMatrix([[2, 0], [0, 8], [2, 6], [4, 0]])

    private func draw(glyphs: GlyphSet, theme: Theme) -> Buffer {
        var buffer = Buffer(width: 40, height: 16)
        MapArrowsView(source: Self.source, image: Self.image).render(in: buffer.area, buffer: &buffer, glyphs: glyphs, theme: theme)
        return buffer
    }

    @Test func headsPointTheWayEachPointMoves() {
        let buffer = draw(glyphs: .unicode, theme: .standard)
        let glyphs = buffer.cells.map(\.glyph)
        #expect(buffer.contains("4 arrows") && buffer.contains("T(x)"))
        // Right (0,0)->(2,0), up (0,4)->(0,8), up-left (4,4)->(2,6); the fourth point stays: a dot.
        #expect(glyphs.contains("→") && glyphs.contains("↑") && glyphs.contains("↖") && glyphs.contains("•"))
        #expect(!glyphs.contains("↓") && !glyphs.contains("←"))
        #expect(buffer.brailleCount > 0)
    }

    @Test func withoutColourOrUnicodeTheHeadsStillRead() {
        let buffer = draw(glyphs: .ascii, theme: .monochrome)
        let glyphs = buffer.cells.map(\.glyph)
        #expect(glyphs.contains(">") && glyphs.contains("^") && glyphs.contains("\\") && glyphs.contains("o"))
        #expect(buffer.cells.allSatisfy { $0.glyph.unicodeScalars.allSatisfy(\.isASCII) })
    }

    @Test func headGlyphsByAngle() {
        #expect(MapArrowsView.head(angle: 0, unicode: true) == "→")
        #expect(MapArrowsView.head(angle: .pi / 2, unicode: true) == "↑")
        #expect(MapArrowsView.head(angle: -.pi / 2, unicode: true) == "↓")
        #expect(MapArrowsView.head(angle: .pi, unicode: true) == "←")
        #expect(MapArrowsView.head(angle: -.pi, unicode: true) == "←")
        #expect(MapArrowsView.head(angle: -3 * .pi / 4, unicode: false) == "/")
    }

    @Test func extremeCoordinatesDrawWithoutTrapping() {
        let source = DenseMatrix([[-1e308, 1e308], [0, Double.leastNonzeroMagnitude]])
        let image = DenseMatrix([[1e308, -1e308], [0, 0]])
        var buffer = Buffer(width: 30, height: 10)
        MapArrowsView(source: source, image: image).render(in: buffer.area, buffer: &buffer, glyphs: .unicode, theme: .standard)
        #expect(buffer.contains("2 arrows"))
    }
}
