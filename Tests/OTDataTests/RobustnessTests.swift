import Foundation
import Testing
import OTCore
@testable import OTData

/// Damaged input must end in an `InputError` (or a valid result), never in a trap.
@Suite struct RobustnessTests {
    @Test func everyTruncationOfAnNPYFileIsHandled() throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixturePath("matrix_f8_fortran.npy"))))
        for length in 0..<bytes.count {
            let text = inputErrorText { try NPYReader.decode(Data(bytes[0..<length]), source: "cut.npy") }
            #expect(text?.hasPrefix("cut.npy: ") == true, "length \(length): \(text ?? "no error")")
        }
    }

    @Test func randomByteDamageToAnNPYHeaderIsHandled() throws {
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixturePath("matrix_i4.npy"))))
        var random = SeededRandom(seed: 99)
        for _ in 0..<3000 {
            var bytes = original
            for _ in 0..<(1 + Int(random.nextUInt64() % 4)) {
                let position = Int(random.nextUInt64() % 128)
                bytes[position] = UInt8(truncatingIfNeeded: random.nextUInt64())
            }
            if let text = inputErrorText({ try NPYReader.decode(Data(bytes), source: "bad.npy") }) {
                #expect(text.hasPrefix("bad.npy: "))
            }
        }
    }

    @Test func randomCSVTextIsHandled() {
        let alphabet = Array("0123456789.,-+e\t \"#\r\nxyw;nafi")
        var random = SeededRandom(seed: 5)
        for _ in 0..<2000 {
            let length = Int(random.nextUInt64() % 60)
            let body = String((0..<length).map { _ in alphabet[Int(random.nextUInt64() % UInt64(alphabet.count))] })
            if let text = inputErrorText({ try CSVReader.parseMeasure("x,w\n" + body, source: "r.csv") }) {
                #expect(text.hasPrefix("r.csv: "), "\(body.debugDescription) -> \(text)")
            }
        }
    }

    @Test func randomByteDamageToAnNPZArchiveIsHandled() throws {
        for name in ["problem_M.npz", "problem_M_compressed.npz"] {
            let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixturePath(name))))
            var random = SeededRandom(seed: 7)
            for _ in 0..<2000 {
                var bytes = original
                for _ in 0..<(1 + Int(random.nextUInt64() % 4)) {
                    let position = Int(random.nextUInt64() % UInt64(bytes.count))
                    bytes[position] = UInt8(truncatingIfNeeded: random.nextUInt64())
                }
                if let text = inputErrorText({ try NPZReader.decode(Data(bytes), source: "bad.npz") }) {
                    #expect(text.hasPrefix("bad.npz"), "\(text)")
                }
            }
            for length in 0..<original.count {
                let text = inputErrorText { try NPZReader.decode(Data(original[0..<length]), source: "cut.npz") }
                #expect(text?.hasPrefix("cut.npz") == true, "length \(length): \(text ?? "no error")")
            }
        }
    }

    @Test func randomByteDamageToANetpbmPictureIsHandled() throws {
        for name in ["picture_ascii.pgm", "picture_binary.pgm", "picture_16bit.pgm", "primaries_ascii.ppm"] {
            let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixturePath(name))))
            var random = SeededRandom(seed: 11)
            for _ in 0..<2000 {
                var bytes = original
                for _ in 0..<(1 + Int(random.nextUInt64() % 3)) {
                    let position = Int(random.nextUInt64() % UInt64(bytes.count))
                    bytes[position] = UInt8(truncatingIfNeeded: random.nextUInt64())
                }
                if let text = inputErrorText({ try NetpbmReader.decode(Data(bytes), source: "bad.pgm") }) {
                    #expect(text.hasPrefix("bad.pgm: "), "\(text)")
                }
            }
        }
    }

    @Test func randomByteDamageToPNGAndJPEGPicturesIsHandled() throws {
        // Damaged pictures either decode (the damage hit pixel data or an ancillary byte) or give an
        // InputError naming the file; libpng and libjpeg never crash or exit the process.
        let cases: [(String, (Data) throws -> RGBImage)] = [
            ("scene_rgb.png", { try PNGReader.decode($0, source: "bad.img") }),
            ("scene_palette.png", { try PNGReader.decode($0, source: "bad.img") }),
            ("scene_grey.jpg", { try JPEGReader.decode($0, source: "bad.img") }),
            ("colour.jpg", { try JPEGReader.decode($0, source: "bad.img") }),
        ]
        for (name, decode) in cases {
            let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixturePath(name))))
            var random = SeededRandom(seed: 12)
            for _ in 0..<500 {
                var bytes = original
                for _ in 0..<(1 + Int(random.nextUInt64() % 3)) {
                    let position = Int(random.nextUInt64() % UInt64(bytes.count))
                    bytes[position] = UInt8(truncatingIfNeeded: random.nextUInt64())
                }
                if let text = inputErrorText({ try decode(Data(bytes)) }) {
                    #expect(text.hasPrefix("bad.img: "), "\(name): \(text)")
                }
            }
        }
    }
}
