import Foundation
import OTCore
import Testing
@testable import OTData

/// The size policy: limits from the environment, and readers that refuse from the header.
@Suite struct InputLimitsTests {
    @Test func limitsComeFromTheEnvironment() throws {
        let limits = try InputLimits.from(environment: ["OTLAB_MAX_ELEMENTS": "1_000", "OTLAB_MAX_PIXELS": " 64 "])
        #expect(limits.maximumElements == 1000)
        #expect(limits.maximumPixels == 64)
        #expect(limits.maximumFileBytes == InputLimits.defaults.maximumFileBytes)
        expectInputError(["OTLAB_MAX_FILE_BYTES: \"-3\" is not a limit; expected a whole number >= 1"]) {
            try InputLimits.from(environment: ["OTLAB_MAX_FILE_BYTES": "-3"])
        }
        #expect(InputLimits.grouped(268_435_456) == "268,435,456")
        #expect(InputLimits.grouped(999) == "999")
    }

    @Test func readersRefuseFromTheHeaderWithBothNumbers() {
        let small = InputLimits(maximumElements: 10, maximumPixels: 20, maximumFileBytes: 1 << 20, maximumInflatedBytes: 1 << 20)
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (4, 3), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        // The header alone: the data is never looked at.
        let bytes = NPYHeader.magic + [1, 0, UInt8(header.utf8.count), 0] + Array(header.utf8)
        expectInputError(["m.npy: shape (4, 3) holds 12 numbers, more than the limit of 10"]) {
            try NPYReader.decode(Data(bytes), source: "m.npy", limits: small)
        }
        expectInputError(["p.pgm: header: size 5 x 5 is 25 pixels, more than the limit of 20"]) {
            try NetpbmReader.decode(Data("P5 5 5 255\n".utf8), source: "p.pgm", limits: small)
        }
        expectInputError(["c.csv: 6 rows of 2 coordinates holds 12 numbers, more than the limit of 10"]) {
            try CSVReader.parse(bytes: Array("x,y\n1,2\n3,4\n5,6\n7,8\n9,1\n2,3\n".utf8), source: "c.csv", pathExtension: "csv", limits: small)
        }
    }

    @Test func wideEncodingsAreRecognised() {
        let text = "x,y\n1,2\n"
        #expect(TextEncoding.wideEncoding(of: Array(text.utf8)) == nil)
        #expect(TextEncoding.wideEncoding(of: [0xFE, 0xFF] + Array(text.utf8)) == "UTF-16 (big-endian, with a byte-order mark)")
        #expect(TextEncoding.wideEncoding(of: text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }) == "UTF-16 (little-endian)")
        #expect(TextEncoding.wideEncoding(of: text.unicodeScalars.flatMap { [0, 0, 0, UInt8($0.value)] }) == "UTF-32 (big-endian)")
    }

    @Test func pointBoundsAndBlocksNeverOverflow() {
        #expect(ImageDensity.pointBound(width: 8192, height: 8192, downsample: 1) == 67_108_864)
        #expect(ImageDensity.pointBound(width: 10, height: 7, downsample: 3) == 4 * 3)
        #expect(ImageDensity.pointBound(width: 10, height: 7, downsample: Int.max) == 1)
        #expect(PixelGrid(width: 5, height: 5, blockSize: Int.max).columns == 1)
    }
}
