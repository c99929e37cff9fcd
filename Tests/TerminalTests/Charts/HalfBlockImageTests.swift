import Testing
import Terminal

@Suite struct HalfBlockImageTests {
    private let red = RGB(255, 0, 0), blue = RGB(0, 0, 255), white = RGB(255, 255, 255), black = RGB(0, 0, 0)

    @Test func twoPixelsPerCell() {
        let image = HalfBlockImage(pixels: [red, blue, white, black], rows: 2, columns: 2)
        var buffer = Buffer(width: 2, height: 1)
        image.render(in: buffer.area, buffer: &buffer, glyphs: .unicode, theme: .standard)
        #expect(buffer.cell(x: 0, y: 0) == Cell("▀", foreground: .rgb(red), background: .rgb(white)))
        #expect(buffer.cell(x: 1, y: 0) == Cell("▀", foreground: .rgb(blue), background: .rgb(black)))
    }

    @Test func largerPicturesAreAveraged() {
        // 2 x 4 picture into one cell column of two pixels: each pixel averages a 1 x 4 row.
        let image = HalfBlockImage(pixels: [white, white, black, black, red, red, red, red], rows: 2, columns: 4)
        var buffer = Buffer(width: 1, height: 1)
        image.render(in: buffer.area, buffer: &buffer, glyphs: .unicode, theme: .standard)
        #expect(buffer.cell(x: 0, y: 0) == Cell("▀", foreground: .rgb(RGB(128, 128, 128)), background: .rgb(red)))
    }

    @Test func monochromeShadesByLightness() {
        let image = HalfBlockImage(pixels: [black, white], rows: 1, columns: 2)
        var buffer = Buffer(width: 2, height: 1)
        image.render(in: buffer.area, buffer: &buffer, glyphs: .ascii, theme: .monochrome)
        #expect(buffer.string(row: 0) == " #")
    }
}
