import Testing
import Terminal

@Suite struct PaletteTests {
    @Test func everyFixedPaletteColourMapsToItself() {
        for index in UInt8(16)...UInt8(255) {
            #expect(XtermPalette.nearestIndex(to: XtermPalette.rgb(ofIndex: index)) == index)
        }
    }

    @Test func paletteValuesFollowXterm() {
        #expect(XtermPalette.rgb(ofIndex: 16) == RGB(0, 0, 0))
        #expect(XtermPalette.rgb(ofIndex: 196) == RGB(255, 0, 0))
        #expect(XtermPalette.rgb(ofIndex: 232) == RGB(8, 8, 8))
        #expect(XtermPalette.rgb(ofIndex: 255) == RGB(238, 238, 238))
    }

    @Test func nearColoursMapToTheirNeighbour() {
        #expect(XtermPalette.nearestIndex(to: RGB(250, 2, 3)) == 196)
        #expect(XtermPalette.nearestIndex(to: RGB(9, 9, 9)) == 232)
        // Never one of the themeable ANSI colours.
        #expect(XtermPalette.nearestIndex(to: RGB(205, 0, 0)) >= 16)
    }

    @Test func okLabRoundTripsAndOrdersLightness() {
        for color in [RGB(68, 1, 84), RGB(253, 231, 37), RGB(0, 0, 0), RGB(255, 255, 255), RGB(12, 200, 99)] {
            #expect(OKLab(color).rgb == color)
        }
        #expect(abs(OKLab(RGB(255, 255, 255)).lightness - 1) < 1e-3)
        #expect(OKLab(RGB(0, 0, 0)).lightness.magnitude < 1e-9)
    }

    @Test func colorResolverPerMode() {
        let palette = ColorResolver(mode: .palette256, colorCount: 256)
        #expect(palette.colorNumber(for: .default) == -1)
        #expect(palette.colorNumber(for: .palette(42)) == 42)
        #expect(palette.colorNumber(for: .rgb(RGB(255, 0, 0))) == 196)
        let direct = ColorResolver(mode: .truecolor, colorCount: 1 << 24)
        #expect(direct.colorNumber(for: .rgb(RGB(hex: 0xFDE725))) == 0xFDE725)
        #expect(direct.colorNumber(for: .palette(3)) == 3)
        #expect(direct.colorNumber(for: .palette(196)) == 0xFF0000)
        let ansi = ColorResolver(mode: .ansi, colorCount: 16)
        #expect(ansi.colorNumber(for: .rgb(RGB(255, 0, 0))) == 9)
        #expect(ansi.colorNumber(for: .palette(196)) == 9)
        let none = ColorResolver(mode: .none, colorCount: 0)
        #expect(none.colorNumber(for: .red) == -1)
    }
}
