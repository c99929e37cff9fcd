import Foundation
import Testing
import OTCore
@testable import OTData

@Suite struct NetpbmReaderTests {
    /// The fixture picture (make_fixtures.py), in 0...255.
    static let picture: [[Double]] = [[0, 51, 102, 0], [255, 0, 0, 153], [0, 204, 0, 0]]

    private func bytesFile(_ name: String, _ bytes: [UInt8]) -> String {
        let url = temporaryDirectory().appendingPathComponent(name)
        try? Data(bytes).write(to: url)
        return url.path
    }

    @Test func readsASCIIPGMWithComments() throws {
        let image = try NetpbmReader.read(at: fixturePath("picture_ascii.pgm"))
        #expect(image.width == 4 && image.height == 3)
        #expect(image.pixels == Self.picture.flatMap { $0 }.map { $0 * (1.0 / 255) })
        #expect(image[0, 1] == 1)
    }

    @Test func asciiAndBinaryPGMGiveIdenticalMeasures() throws {
        let ascii = try MeasureLoader.load(fixturePath("picture_ascii.pgm"))
        let binary = try MeasureLoader.load(fixturePath("picture_binary.pgm"))
        #expect(ascii == binary)
        let wide = try MeasureLoader.load(fixturePath("picture_16bit.pgm"))
        #expect(wide.points == ascii.points)
        for (x, y) in zip(wide.weights, ascii.weights) { #expect(abs(x - y) < 1e-15) }
    }

    @Test func greyPPMMatchesPGMThroughLuminance() throws {
        let grey = try NetpbmReader.read(at: fixturePath("picture_grey.ppm"))
        let pgm = try NetpbmReader.read(at: fixturePath("picture_binary.pgm"))
        #expect(grey.width == pgm.width && grey.height == pgm.height)
        for (x, y) in zip(grey.pixels, pgm.pixels) { #expect(abs(x - y) < 1e-15) }
    }

    @Test func ppmLuminanceWeighsThePrimaries() throws {
        let image = try NetpbmReader.read(at: fixturePath("primaries_ascii.ppm"))
        #expect(image.pixels == [0.2126, 0.7152, 0.0722])
        let binary = try NetpbmReader.decode(Data("P6 1 1 255\n".utf8) + Data([255, 255, 255]), source: "w.ppm")
        #expect(abs(binary.pixels[0] - 1) < 1e-12)
    }

    @Test func densityPlacesMassAtPixelCentresAndLeavesOutZeroPixels() throws {
        let measure = try MeasureLoader.load(fixturePath("picture_binary.pgm"))
        // Non-zero pixels in reading order: (1,0) 51, (2,0) 102, (0,1) 255, (3,1) 153, (1,2) 204.
        let total = 51.0 + 102 + 255 + 153 + 204
        #expect(measure.count == 5)
        #expect(measure.points == DenseMatrix([[1.5, 0.5], [2.5, 0.5], [0.5, 1.5], [3.5, 1.5], [1.5, 2.5]]))
        for (w, v) in zip(measure.weights, [51.0, 102, 255, 153, 204]) { #expect(abs(w - v / total) < 1e-15) }
        #expect(abs(measure.totalMass - 1) < 1e-15)
    }

    @Test func invertGivesDarkPixelsTheMass() throws {
        let image = GreyImage(width: 3, height: 1, pixels: [0, 0.5, 1])
        let measure = try ImageDensity.measure(from: image, invert: true)
        #expect(measure.points == DenseMatrix([[0.5, 0.5], [1.5, 0.5]]))
        #expect(measure.weights == [2.0 / 3, 1.0 / 3])
    }

    @Test func downsampleSumsBlocksAndPreservesMass() throws {
        let image = try NetpbmReader.read(at: fixturePath("picture_ascii.pgm"))
        let full = try ImageDensity.measure(from: image)
        let coarse = try ImageDensity.measure(from: image, downsample: 2)
        // Blocks: cols 0-1 / 2-3, rows 0-1 / 2 (the bottom row is a partial block).
        let total = 51.0 + 102 + 255 + 153 + 204
        #expect(coarse.points == DenseMatrix([[1, 1], [3, 1], [1, 2.5]]))
        let expected = [(51.0 + 255) / total, (102.0 + 153) / total, 204 / total]
        for (w, v) in zip(coarse.weights, expected) { #expect(abs(w - v) < 1e-15) }
        #expect(abs(coarse.totalMass - full.totalMass) < 1e-15)
        // A uniform picture keeps its mean at the centre at every factor, edge blocks included.
        for factor in [1, 2, 3, 4, 5, 10] {
            let m = try ImageDensity.measure(from: GreyImage(width: 5, height: 3, pixels: [Double](repeating: 0.5, count: 15)), downsample: factor)
            let meanX = (0..<m.count).map { m.weights[$0] * m.points![$0, 0] }.reduce(0, +)
            let meanY = (0..<m.count).map { m.weights[$0] * m.points![$0, 1] }.reduce(0, +)
            #expect(abs(meanX - 2.5) < 1e-12 && abs(meanY - 1.5) < 1e-12, "factor \(factor)")
            #expect(abs(m.totalMass - 1) < 1e-12, "factor \(factor)")
        }
        expectInputError(["img: downsample factor 0"]) { try ImageDensity.measure(from: image, downsample: 0, source: "img") }
    }

    @Test func loadFromPathTakesInvertAndDownsample() throws {
        let path = fixturePath("picture_binary.pgm")
        #expect(try ImageDensity.load(path: path) == MeasureLoader.load(path))
        let inverted = try ImageDensity.load(path: path, invert: true, downsample: 4)
        #expect(inverted.points == DenseMatrix([[2, 1.5]]) && inverted.weights == [1])
        expectInputError(["picture_binary.pgm: downsample factor -1"]) { try ImageDensity.load(path: path, downsample: -1) }
    }

    @Test func allBlackHasNoMass() {
        let path = bytesFile("black.pgm", Array("P5 2 2 255\n".utf8) + [0, 0, 0, 0])
        expectInputError(["black.pgm: the picture has no mass", "--invert"]) { try MeasureLoader.load(path) }
        expectInputError(["white: the picture has no mass"]) {
            try ImageDensity.measure(from: GreyImage(width: 1, height: 1, pixels: [1]), invert: true, source: "white")
        }
    }

    @Test func refusesBadMagic() {
        expectInputError(["a.pgm: not a supported Netpbm picture (magic number P4)", "P2 or P5"]) {
            try NetpbmReader.decode(Data("P4 1 1\n".utf8) + Data([0]), source: "a.pgm")
        }
        expectInputError(["b.pgm: not a supported Netpbm picture (no Netpbm magic number)"]) {
            try NetpbmReader.decode(Data("\u{89}PNG".utf8), source: "b.pgm")
        }
        expectInputError(["c.pgm: not a supported"]) { try NetpbmReader.decode(Data(), source: "c.pgm") }
    }

    @Test func refusesTruncatedData() {
        expectInputError(["t.pgm: truncated: 4 x 3 pixels need 12 bytes of raster data, the file has 11"]) {
            try NetpbmReader.decode(Data("P5 4 3 255\n".utf8) + Data(repeating: 1, count: 11), source: "t.pgm")
        }
        expectInputError(["t.pgm: truncated: 2 x 2 pixels need 8 bytes"]) {
            try NetpbmReader.decode(Data("P5 2 2 1000\n".utf8) + Data(repeating: 1, count: 7), source: "t.pgm")
        }
        expectInputError(["t.ppm: truncated: 2 x 1 pixels need 6 bytes"]) {
            try NetpbmReader.decode(Data("P6 2 1 255\n".utf8) + Data(repeating: 1, count: 5), source: "t.ppm")
        }
        expectInputError(["t.pgm: truncated: the raster has 3 of its 4 samples"]) {
            try NetpbmReader.decode(Data("P2 2 2 9\n1 2 3\n".utf8), source: "t.pgm")
        }
        expectInputError(["t.pgm: header: truncated: the file ends before the maxval"]) {
            try NetpbmReader.decode(Data("P2 2 2\n".utf8), source: "t.pgm")
        }
        expectInputError(["t.pgm: truncated: the file ends before the raster"]) {
            try NetpbmReader.decode(Data("P5 2 2 255".utf8), source: "t.pgm")
        }
        // Every prefix of a valid file is refused cleanly.
        let whole = [UInt8]((try? Data(contentsOf: URL(fileURLWithPath: fixturePath("picture_ascii.pgm")))) ?? Data())
        for cut in 0..<(whole.count - 1) {
            #expect(inputErrorText { try NetpbmReader.decode(Data(whole.prefix(cut)), source: "cut.pgm") } != nil, "cut at \(cut)")
        }
    }

    @Test func refusesBadMaxval() {
        expectInputError(["m.pgm: header: maxval 0; expected 1 to 65535"]) {
            try NetpbmReader.decode(Data("P2 1 1 0\n0\n".utf8), source: "m.pgm")
        }
        expectInputError(["m.pgm: header: maxval 65536; expected 1 to 65535"]) {
            try NetpbmReader.decode(Data("P2 1 1 65536\n0\n".utf8), source: "m.pgm")
        }
        expectInputError(["m.pgm: pixel (col 1, row 0): sample 10 exceeds maxval 9"]) {
            try NetpbmReader.decode(Data("P2 2 1 9\n1 10\n".utf8), source: "m.pgm")
        }
    }

    @Test func refusesEmptyAndAbsurdSizesBeforeAllocating() {
        expectInputError(["z.pgm: header: size 0 x 3; expected a width and height of at least 1"]) {
            try NetpbmReader.decode(Data("P5 0 3 255\n".utf8), source: "z.pgm")
        }
        expectInputError(["z.pgm: header: size 100000 x 100000 is 10,000,000,000 pixels, more than the limit of 67,108,864 (set OTLAB_MAX_PIXELS to raise it)"]) {
            try NetpbmReader.decode(Data("P5 100000 100000 255\n".utf8), source: "z.pgm", limits: .defaults)
        }
        expectInputError(["z.pgm: header: the width has 20 digits; it is far too large"]) {
            try NetpbmReader.decode(Data("P2 99999999999999999999 1 255\n".utf8), source: "z.pgm")
        }
        // Within the limits, but far more than the file holds: refused before the raster is allocated.
        expectInputError(["z.pgm: truncated: 30000 x 2000 pixels need 60000000 samples"]) {
            try NetpbmReader.decode(Data("P2 30000 2000 255\n1 2 3\n".utf8), source: "z.pgm")
        }
        expectInputError(["z.pgm: header: expected a decimal number for the height, found 'x'"]) {
            try NetpbmReader.decode(Data("P2 3 x 255\n".utf8), source: "z.pgm")
        }
    }
}
