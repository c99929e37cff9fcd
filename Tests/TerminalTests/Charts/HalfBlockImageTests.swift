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

    @Test func blackCellsLeftBlankWhenAsked() {
        var image = HalfBlockImage(pixels: [black, white, black, black], rows: 2, columns: 2)
        image.leavesBlackBlank = true
        var buffer = Buffer(width: 2, height: 1)
        buffer.set(x: 0, y: 0, Cell("x"))
        image.render(in: buffer.area, buffer: &buffer, glyphs: .unicode, theme: .standard)
        #expect(buffer.cell(x: 0, y: 0) == Cell(" "))
        #expect(buffer.cell(x: 1, y: 0) == Cell("▀", foreground: .rgb(white), background: .rgb(black)))
    }

    @Test func fittedKeepsTheAspectWithTwoPixelsPerCell() {
        let area = Rect(x: 3, y: 2, width: 40, height: 10)
        // 16 x 16: as wide as 10 rows allow (20 pixels high -> 20 columns).
        #expect(HalfBlockImage.fitted(rows: 16, columns: 16, in: area) == Rect(x: 3, y: 2, width: 20, height: 10))
        // 8 high x 40 wide: the full width, 40 / 5 / 2 = 4 rows.
        #expect(HalfBlockImage.fitted(rows: 8, columns: 40, in: area) == Rect(x: 3, y: 2, width: 40, height: 4))
    }
}
