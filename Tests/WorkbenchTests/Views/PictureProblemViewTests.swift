import Testing
import OTCore
import OTData
import OTSolvers
import Terminal
@testable import Workbench

/// The problem pane of two pictures: half-block images where the pictures have mass, blank where
/// they are black, captions with the size and mass; point clouds keep their scatter.
@Suite struct PictureProblemViewTests {
    /// A 16 x 16 picture of a square of side 8 (pixels 4...11 lit, evenly) onto a disc.
    static func pictureProblem() throws -> (problem: TransportProblem, grids: ProblemPictures) {
        let square = try ShapeImage(shape: .square, width: 16, height: 16, size: 8).measure()
        let disc = try ShapeImage(shape: .disc, width: 16, height: 16, size: 10).measure()
        let problem = TransportProblem(source: square, target: disc, groundCost: .sqeuclidean)
        return (problem, ProblemPictures(source: PixelGrid(width: 16, height: 16), target: PixelGrid(width: 16, height: 16)))
    }

    /// 66 x 9 cells: two panels of 32 columns and a gap of 2; below each caption the 16 x 16 picture
    /// fits in 16 x 8 cells, one pixel column and two pixel rows per cell.
    private func rendered(glyphs: GlyphSet = .unicode, theme: Theme = .standard) throws -> Buffer {
        let (problem, grids) = try Self.pictureProblem()
        var buffer = Buffer(width: 66, height: 9)
        ProblemView(problem: problem, pictures: grids).render(in: buffer.area, buffer: &buffer, glyphs: glyphs, theme: theme)
        return buffer
    }

    @Test func drawsHalfBlocksExactlyWhereTheSquareHasMass() throws {
        let buffer = try rendered()
        for row in 0..<8 {
            for column in 0..<32 {
                let cell = buffer.cell(x: column, y: 1 + row)
                let lit = (4...11).contains(column) && (2...5).contains(row)
                #expect(cell.glyph == (lit ? "▀" : " "), "cell (\(column), \(row))")
                if lit {
                    // Evenly lit: every pixel is the heaviest, so white above and below.
                    #expect(cell.foreground == .rgb(RGB(255, 255, 255)))
                    #expect(cell.background == .rgb(RGB(255, 255, 255)))
                }
            }
        }
        #expect(buffer.brailleCount == 0)
    }

    @Test func targetPanelHoldsTheDiscAndCaptionsNameSizeAndMass() throws {
        let buffer = try rendered()
        #expect(buffer.string(row: 0).hasPrefix("source 16 x 16 px, mass 1"))
        #expect(buffer.contains("target 16 x 16 px, mass 1"))
        var discCells = 0
        for y in 1..<9 { for x in 34..<66 where buffer.cell(x: x, y: y).glyph == "▀" { discCells += 1 } }
        // A disc of diameter 10 px spans about 10 columns and 5 cell rows: pi * 5^2 / 2 = 39 cells, give or take its rim.
        #expect((30...60).contains(discCells))
        // Corners of the target picture are black.
        #expect(buffer.cell(x: 34, y: 1).glyph == " ")
        #expect(buffer.cell(x: 49, y: 8).glyph == " ")
    }

    @Test func monochromeAsciiShadesWhereThereIsMass() throws {
        let buffer = try rendered(glyphs: .ascii, theme: .monochrome)
        for row in 0..<8 {
            let line = Array(buffer.string(row: 1 + row))
            let expected = (2...5).contains(row) ? "    ########    " : String(repeating: " ", count: 16)
            #expect(String(line[0..<16]) == expected, "row \(row)")
        }
        #expect(buffer.contains("source 16 x 16 px, mass 1"))
    }

    @Test func massesOnTheGridSumToTheMeasure() throws {
        let (problem, grids) = try Self.pictureProblem()
        let view = try #require(PictureProblemView(problem: problem, grids: grids))
        #expect(abs(view.source.masses.reduce(0, +) - 1) < 1e-12)
        #expect(abs(view.source.masses[4 * 16 + 4] - 1.0 / 64) < 1e-12)
        #expect(view.source.masses[3 * 16 + 4] == 0)
    }

    @Test func pointCloudsKeepTheScatter() throws {
        let setup = try smallSetup()
        var buffer = Buffer(width: 66, height: 9)
        ProblemView(problem: setup.problem).render(in: buffer.area, buffer: &buffer, glyphs: .unicode, theme: .standard)
        #expect(buffer.brailleCount > 0)
        #expect(!buffer.contains("▀"))
    }

    @Test func measuresOffTheGridFallBackToTheScatter() throws {
        // Grids given, but the points are not pixel centres (as after painting): the scatter is drawn.
        let setup = try smallSetup()
        let grids = ProblemPictures(source: PixelGrid(width: 16, height: 16), target: PixelGrid(width: 16, height: 16))
        #expect(PictureProblemView(problem: setup.problem, grids: grids) == nil)
        var buffer = Buffer(width: 66, height: 9)
        ProblemView(problem: setup.problem, pictures: grids).render(in: buffer.area, buffer: &buffer, glyphs: .unicode, theme: .standard)
        #expect(buffer.brailleCount > 0)
        #expect(!buffer.contains("px, mass"))
    }

    @Test func workbenchDrawsPicturesInTheProblemPane() throws {
        let (problem, grids) = try Self.pictureProblem()
        let descriptor = try #require(SolverRegistry.descriptor(named: "emd"))
        var setup = ProblemSetup(title: "pictures", description: "", problem: problem, solver: descriptor,
                                 parameters: descriptor.defaults, speed: nil, origin: "test")
        setup.pictures = grids
        let model = WorkbenchModel(setup: setup, provider: nil)
        let buffer = render(model)
        // The problem pane is narrow and tall at 120 x 40: the pictures are stacked, 16 cells wide each.
        #expect(buffer.contains("source 16 x 16 px, mass 1"))
        #expect(buffer.contains("target 16 x 16 px, mass 1"))
        let rows = (0..<buffer.height).filter { y in (0..<buffer.width).contains { buffer.cell(x: $0, y: y).glyph == "▀" } }
        #expect(rows.count >= 8)
        // No braille scatter in the problem pane (the top-left 32 x 21 cells).
        let scatterDots = (1..<21).flatMap { y in (0..<32).map { buffer.cell(x: $0, y: y).glyph } }
            .filter { $0.unicodeScalars.first.map { (0x2801...0x28FF).contains($0.value) } ?? false }
        #expect(scatterDots.isEmpty)
        model.runner.cancel()
    }

    @Test func captionsShortenToFit() throws {
        let (problem, grids) = try Self.pictureProblem()
        let view = try #require(PictureProblemView(problem: problem, grids: grids))
        #expect(view.caption(view.source) == "source 16 x 16 px, mass 1")
        #expect(view.caption(view.source, width: 24) == "source 16x16 px, mass 1")
        #expect(view.caption(view.source, width: 16) == "source 16x16 px")
        var downsampled = view.target
        downsampled.grid = PixelGrid(width: 16, height: 16, blockSize: 2)
        #expect(view.caption(downsampled) == "target 16 x 16 px in 2 x 2 blocks, mass 1")
    }
}
