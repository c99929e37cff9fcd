import Foundation
import Testing
import OTCore
@testable import OTData
import TestScratch

/// Pixel grids give back a picture density's mass per pixel, and refuse measures off the grid.
@Suite struct PixelGridTests {
    @Test func massesOfADensityArePerPixel() throws {
        // 3 x 2 picture: brightness 0.5 at (0, 0), 1.5 total elsewhere.
        let image = GreyImage(width: 3, height: 2, pixels: [0.5, 0, 0, 0, 0.5, 1])
        let measure = try ImageDensity.measure(from: image)
        let masses = try #require(PixelGrid(width: 3, height: 2).masses(of: measure))
        let expected = [0.25, 0, 0, 0, 0.25, 0.5]
        for (got, want) in zip(masses, expected) { #expect(abs(got - want) < 1e-12) }
    }

    @Test func downsampledBlocksIncludingNarrowEdges() throws {
        // 5 x 3 at block size 2: blocks 3 x 2, the last column and row one pixel wide.
        let image = GreyImage(width: 5, height: 3, pixels: [Double](repeating: 1, count: 15))
        let measure = try ImageDensity.measure(from: image, downsample: 2)
        let grid = PixelGrid(width: 5, height: 3, blockSize: 2)
        #expect(grid.columns == 3 && grid.rows == 2)
        let masses = try #require(grid.masses(of: measure))
        let expected = [4.0, 4, 2, 2, 2, 1].map { $0 / 15 }
        for (got, want) in zip(masses, expected) { #expect(abs(got - want) < 1e-12) }
    }

    @Test func pointsOffTheGridAreRefused() {
        let grid = PixelGrid(width: 4, height: 4)
        let offCentre = Measure(weights: [1], points: DenseMatrix(rows: 1, columns: 2, storage: [1.25, 0.5]))
        let outside = Measure(weights: [1], points: DenseMatrix(rows: 1, columns: 2, storage: [4.5, 0.5]))
        let weightsOnly = Measure(weights: [0.5, 0.5])
        #expect(grid.masses(of: offCentre) == nil)
        #expect(grid.masses(of: outside) == nil)
        #expect(grid.masses(of: weightsOnly) == nil)
    }

    @Test func shapeGeneratorSettingsGiveTheGrid() {
        #expect(Generator.shape.pixelGrid(settings: ["width": "40", "height": "24", "shape": "ring"]) == PixelGrid(width: 40, height: 24))
        #expect(Generator.shape.pixelGrid(settings: [:]) == PixelGrid(width: 32, height: 32))
        #expect(Generator.moons.pixelGrid(settings: [:]) == nil)
    }

    @Test func presetGridsForPicturesOnly() throws {
        let folder = TestScratch.root.appendingPathComponent("pixelgrid-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // A 3 x 2 PGM file as the source, the shape generator as the target.
        try Data("P2\n3 2\n255\n0 255 0\n255 0 255\n".utf8).write(to: folder.appendingPathComponent("dots.pgm"))
        let text = """
            name: pictures
            title: t
            description: d
            problem:
              source: dots.pgm
              target: {generator: shape, width: 20, height: 12, size: 6}
            solver: emd
            """
        let preset = try PresetParser.parse(text, path: folder.appendingPathComponent("pictures.yaml").path)
        let grids = PresetResolver.pixelGrids(for: preset)
        #expect(grids.source == PixelGrid(width: 3, height: 2))
        #expect(grids.target == PixelGrid(width: 20, height: 12))
        let problem = try PresetResolver.problem(for: preset)
        #expect(grids.source?.masses(of: problem.source) != nil)
        #expect(grids.target?.masses(of: problem.target) != nil)

        let clouds = try PresetParser.parse(text.replacingOccurrences(of: "source: dots.pgm", with: "source: {generator: moons, n: 10}"),
                                            path: folder.appendingPathComponent("clouds.yaml").path)
        #expect(PresetResolver.pixelGrids(for: clouds).source == nil)
    }
}
