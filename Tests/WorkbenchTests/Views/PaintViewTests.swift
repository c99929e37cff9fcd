import Testing
import OTCore
import Terminal
@testable import Workbench

@Suite struct PaintViewTests {
    @Test func paintModeDrawsTheGridWithTheCursorAndTheKeys() throws {
        let model = WorkbenchModel(setup: try smallSetup(), provider: nil)
        defer { model.shutdown() }
        model.perform(.togglePaint)
        var buffer = render(model)
        #expect(buffer.contains("1 Problem · paint source"))
        #expect(buffer.contains("painting source · Tab: target"))
        #expect(buffer.contains("space/+ add"))
        let paint = try #require(model.paint)
        let area = WorkbenchLayout(width: 120, height: 40).rect(.problem).inset(by: 1)
        let grid = PaintView.gridArea(in: area)
        var shaded = 0, reversed = 0
        for y in grid.y..<grid.maxY {
            for x in grid.x..<grid.maxX {
                let cell = buffer[x, y]
                if "░▒▓█".contains(cell.glyph) { shaded += 1 }
                if cell.attributes.contains(.reverse) {
                    reversed += 1
                    let under = try #require(PaintView.gridCell(atX: x, y: y, in: area, canvas: paint))
                    #expect(under.column == paint.cursorColumn && under.row == paint.cursorRow)
                }
                // Every drawn shade is a cell with source mass.
                if "░▒▓█".contains(cell.glyph), let under = PaintView.gridCell(atX: x, y: y, in: area, canvas: paint) {
                    #expect(paint.mass(column: under.column, row: under.row, side: .source) > 0)
                }
            }
        }
        #expect(shaded > 10)
        #expect(reversed >= 1)

        model.editPaint { $0.switchSide() }
        buffer = render(model)
        #expect(buffer.contains("painting target · Tab: source"))
    }
}
