import Testing
import Terminal

@Suite struct GlyphSetTests {
    @Test func shadeRampsAndBars() {
        #expect(GlyphSet.unicode.shadeRamp == Array(" ░▒▓█"))
        #expect(GlyphSet.ascii.shadeRamp == Array(" .:+#"))
        #expect(GlyphSet.unicode.shade(1) == "█")
        #expect(GlyphSet.unicode.shade(0.5) == "▒")
        #expect(GlyphSet.ascii.shade(0) == " ")
        #expect(GlyphSet.unicode.bar(eighths: 3) == "▃")
        #expect(GlyphSet.unicode.bar(eighths: 12) == "█")
    }

    @Test func capabilitiesPickGlyphsAndTheme() {
        let ascii = Capabilities(isUTF8: false, colorCount: 256, truecolor: false, noColorRequested: false)
        #expect(ascii.glyphs == .ascii)
        #expect(ascii.colorMode == .palette256)
        let noColor = Capabilities(isUTF8: true, colorCount: 256, truecolor: true, noColorRequested: true)
        #expect(noColor.colorMode == .none)
        #expect(noColor.theme == .monochrome)
        #expect(Capabilities(isUTF8: true, colorCount: 1 << 24, truecolor: true, noColorRequested: false).colorMode == .truecolor)
        #expect(Capabilities(isUTF8: true, colorCount: 8, truecolor: false, noColorRequested: false).colorMode == .ansi)
        #expect(!Capabilities.noColorRequested(by: nil))
        #expect(!Capabilities.noColorRequested(by: ""))
        #expect(Capabilities.noColorRequested(by: "1"))
    }
}
