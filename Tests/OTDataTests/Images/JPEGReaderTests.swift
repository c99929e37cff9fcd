import Foundation
import Testing
import OTCore
@testable import OTData

/// The JPEG reader against the same pictures as PGM/PPM. JPEG is lossy: at quality 100 with 4:4:4
/// sampling (make_jpeg.c) every channel stays within 3/255 of the original on these smooth pictures.
@Suite struct JPEGReaderTests {
    static let tolerance = 3.0 / 255

    private func largestDifference(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).map { abs($0 - $1) }.max() ?? .infinity
    }

    @Test func greyJPEGAgreesWithPGMAndPNG() throws {
        let jpeg = try JPEGReader.read(at: fixturePath("scene_grey.jpg"))
        let pgm = try NetpbmReader.read(at: fixturePath("scene.pgm"))
        let png = try PNGReader.read(at: fixturePath("scene_grey.png"))
        #expect(jpeg.width == 16 && jpeg.height == 12)
        #expect(largestDifference(jpeg.grey.pixels, pgm.pixels) <= Self.tolerance)
        #expect(largestDifference(jpeg.channels, png.channels) <= Self.tolerance)
    }

    @Test func colourJPEGAgreesWithPPM() throws {
        let jpeg = try JPEGReader.read(at: fixturePath("colour.jpg"))
        let ppm = try NetpbmReader.readColor(at: fixturePath("colour.ppm"))
        #expect(jpeg.width == ppm.width && jpeg.height == ppm.height)
        #expect(largestDifference(jpeg.channels, ppm.channels) <= Self.tolerance)
    }

    @Test func densitiesOfAllFourFormatsAgree() throws {
        // The same picture as PGM, PPM, PNG and JPEG gives the same density: exact for the lossless
        // three, within the JPEG tolerance (relative to the total brightness) for the JPEG.
        let pgm = try MeasureLoader.load(fixturePath("scene.pgm"))
        #expect(try MeasureLoader.load(fixturePath("scene.ppm")).weights.elementsEqual(pgm.weights) { abs($0 - $1) < 1e-15 })
        #expect(try MeasureLoader.load(fixturePath("scene_rgb.png")).weights.elementsEqual(pgm.weights) { abs($0 - $1) < 1e-15 })
        let jpeg = try MeasureLoader.load(fixturePath("scene_grey.jpg"))
        #expect(jpeg.points == pgm.points)
        #expect(largestDifference(jpeg.weights, pgm.weights) < 2e-4)
    }

    @Test func badFilesAreNamedErrors() throws {
        expectInputError(["scene_truncated.jpg: not a readable JPEG picture ("]) {
            try JPEGReader.read(at: fixturePath("scene_truncated.jpg"))
        }
        expectInputError(["e.jpg: is empty; expected a JPEG picture"]) { try JPEGReader.decode(Data(), source: "e.jpg") }
        expectInputError(["p.jpg: not a JPEG picture"]) {
            try JPEGReader.decode(Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A]), source: "p.jpg")
        }
        // Every prefix of a valid file is refused with a message naming the file, never an exit.
        let whole = try Data(contentsOf: URL(fileURLWithPath: fixturePath("colour.jpg")))
        for length in stride(from: 0, to: whole.count - 2, by: 11) {
            #expect(inputErrorText { try JPEGReader.decode(whole.prefix(length), source: "q.jpg") }?.hasPrefix("q.jpg: ") == true,
                    "prefix of \(length) bytes")
        }
        // Garbage after a valid SOI marker.
        expectInputError(["g.jpg: not a readable JPEG picture ("]) {
            try JPEGReader.decode(Data([0xFF, 0xD8] + [UInt8](repeating: 0x42, count: 64)), source: "g.jpg")
        }
    }
}
