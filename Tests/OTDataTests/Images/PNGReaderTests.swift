import Foundation
import Testing
import OTCore
@testable import OTData

/// The PNG reader against the same picture stored as PGM (exact: every PNG layout holds the same
/// 8-bit levels), plus alpha compositing and damaged files.
@Suite struct PNGReaderTests {
    /// The 16 x 12 grey scene from the PGM, the reference every other layout must match.
    private func scene() throws -> GreyImage { try NetpbmReader.read(at: fixturePath("scene.pgm")) }

    @Test(arguments: ["scene_grey.png", "scene_grey16.png", "scene_rgb.png", "scene_rgba.png", "scene_palette.png"])
    func everyLayoutGivesThePGMsLevels(name: String) throws {
        let reference = try scene()
        let image = try PNGReader.read(at: fixturePath(name))
        #expect(image.width == 16 && image.height == 12)
        // Exact to 1e-12 (8-bit levels; 16-bit samples are v * 257, which libpng maps back to v).
        let grey = image.grey
        let largest = zip(grey.pixels, reference.pixels).map { abs($0 - $1) }.max() ?? .infinity
        #expect(largest < 1e-12, "\(name): largest difference \(largest)")
        // Grey in all three channels.
        for p in 0..<image.pixelCount {
            #expect(image.channels[3 * p] == image.channels[3 * p + 1] && image.channels[3 * p + 1] == image.channels[3 * p + 2])
        }
    }

    @Test func colourPNGMatchesThePPMChannelForChannel() throws {
        let png = try PNGReader.read(at: fixturePath("colour_rgb.png"))
        let ppm = try NetpbmReader.readColor(at: fixturePath("colour.ppm"))
        #expect(png == ppm)
        // Pixel (col 3, row 2) is (16*3+8, 20*2+10, 200-6*3) = (56, 50, 182) by make_images.py.
        let pixel = png[3, 2]
        #expect(abs(pixel.red - 56.0 / 255) < 1e-15 && abs(pixel.green - 50.0 / 255) < 1e-15 && abs(pixel.blue - 182.0 / 255) < 1e-15)
    }

    @Test func transparentPixelsAreCompositedOntoBlack() throws {
        let image = try PNGReader.read(at: fixturePath("alpha_grey.png"))
        #expect(image.width == 2 && image.height == 1)
        let level: Double = 200 * (1.0 / 255)
        let expected: [Double] = [level, level, level, 0, 0, 0]
        #expect(image.channels == expected)
        // As a density the transparent pixel has no mass.
        let measure = try ImageDensity.load(path: fixturePath("alpha_grey.png"))
        #expect(measure.weights == [1] && measure.points == DenseMatrix([[0.5, 0.5]]))
    }

    @Test func badFilesAreNamedErrors() throws {
        expectInputError(["scene_truncated.png: not a readable PNG picture ("]) {
            try PNGReader.read(at: fixturePath("scene_truncated.png"))
        }
        expectInputError(["e.png: is empty; expected a PNG picture"]) { try PNGReader.decode(Data(), source: "e.png") }
        expectInputError(["j.png: not a PNG picture (the file does not start with the PNG signature)"]) {
            try PNGReader.decode(Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 0, 0, 0, 0]), source: "j.png")
        }
        // A flipped byte inside the compressed image data: libpng names the broken IDAT stream.
        var corrupt = try Data(contentsOf: URL(fileURLWithPath: fixturePath("scene_rgb.png")))
        corrupt[60] ^= 0xFF
        expectInputError(["c.png: not a readable PNG picture (", "IDAT"]) { try PNGReader.decode(corrupt, source: "c.png") }
        // Every prefix of a valid file is refused with a message, never a crash.
        let whole = try Data(contentsOf: URL(fileURLWithPath: fixturePath("scene_grey.png")))
        for length in stride(from: 0, to: whole.count - 12, by: 7) {
            #expect(inputErrorText { try PNGReader.decode(whole.prefix(length), source: "p.png") }?.hasPrefix("p.png: ") == true)
        }
    }

    @Test func allBlackPNGIsANamedDensityError() throws {
        let path = temporaryDirectory().appendingPathComponent("black.png").path
        try PNGWriter.write(GreyImage(width: 3, height: 2, pixels: [Double](repeating: 0, count: 6)), to: path)
        expectInputError(["black.png: the picture has no mass (every pixel is black; use --invert"]) { try MeasureLoader.load(path) }
        // With --invert black carries the mass: 6 pixels of 1/6.
        let inverted = try ImageDensity.load(path: path, invert: true)
        #expect(inverted.weights.count == 6 && inverted.weights.allSatisfy { abs($0 - 1.0 / 6) < 1e-15 })
    }
}
