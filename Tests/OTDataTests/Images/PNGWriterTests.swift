import Foundation
import Testing
import OTCore
@testable import OTData

/// PNG write -> read round trips (8-bit levels come back exactly) and the writer's refusals.
@Suite struct PNGWriterTests {
    @Test func colourRoundTripIsExactOn8BitLevels() throws {
        let width = 7, height = 5
        var channels = [Double](repeating: 0, count: 3 * width * height)
        for k in channels.indices { channels[k] = Double((k * 37) % 256) * (1.0 / 255) }  // 8-bit levels, scaled as the readers scale
        let image = RGBImage(width: width, height: height, channels: channels)
        let path = temporaryDirectory().appendingPathComponent("round.png").path
        try PNGWriter.write(image, to: path)
        #expect(try PNGReader.read(at: path) == image)
        #expect(try ImageReader.readColor(at: path) == image)
    }

    @Test func greyRoundTripAndRounding() throws {
        let image = GreyImage(width: 4, height: 1, pixels: [0, 0.5, 1.2, -3])
        let path = temporaryDirectory().appendingPathComponent("grey.png").path
        try PNGWriter.write(image, to: path)
        let back = try PNGReader.read(at: path)
        // 0.5 rounds to level 128; values outside [0, 1] are clamped.
        #expect(back.grey.pixels == [0, 128 * (1.0 / 255), 1, 0])
    }

    @Test func refusesEmptyPicturesAndMissingDirectories() {
        expectInputError(["cannot write a 0 x 0 picture"]) {
            try PNGWriter.write(RGBImage(width: 0, height: 0, channels: []), to: "/tmp/never.png")
        }
        expectInputError(["/no/such/dir/a.png: cannot be written: the directory /no/such/dir does not exist"]) {
            try PNGWriter.write(GreyImage(width: 1, height: 1, pixels: [1]), to: "/no/such/dir/a.png")
        }
    }
}
