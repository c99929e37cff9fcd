import Foundation
import OTCore

/// Reads Netpbm pictures: PGM (`P2` ASCII, `P5` binary grey) and PPM (`P3` ASCII, `P6` binary colour),
/// with any maxval from 1 to 65535 (binary samples of two bytes, big-endian, above 255) and `#`
/// comments in the header. Colour is reduced to grey through luminance (see `GreyImage`).
///
/// The header is validated before anything is allocated: the size must be at least 1 x 1 and within
/// the pixel limit (`InputLimits.maximumPixels`), and the file must be long enough to hold the
/// raster it announces.
public enum NetpbmReader {
    /// The picture in the file at `path`.
    public static func read(at path: String, limits: InputLimits = .current) throws(InputError) -> GreyImage {
        try decode(FileInput.contents(of: path, limits: limits), source: path, limits: limits)
    }

    /// The width and height in the header at the start of `head`, or nil when it does not hold one.
    static func dimensions(_ head: [UInt8]) -> (width: Int, height: Int)? {
        guard head.count >= 2, head[0] == UInt8(ascii: "P"), [UInt8(ascii: "2"), UInt8(ascii: "3"), UInt8(ascii: "5"), UInt8(ascii: "6")].contains(head[1]) else { return nil }
        var cursor = Cursor(bytes: head, position: 2, source: "")
        guard let width = try? cursor.headerNumber("width"), let height = try? cursor.headerNumber("height") else { return nil }
        return (width, height)
    }

    /// Decodes the bytes of a PGM or PPM file; `source` names the input in errors.
    public static func decode(_ data: Data, source: String, limits: InputLimits = .current) throws(InputError) -> GreyImage {
        let raster = try decodeRaster(data, source: source, limits: limits)
        if raster.channels == 1 {
            return GreyImage(width: raster.width, height: raster.height, pixels: raster.samples.map { Double($0) * raster.scale })
        }
        return raster.colorImage.grey
    }

    /// The colour picture in the file at `path` (a PGM's grey in all three channels).
    public static func readColor(at path: String, limits: InputLimits = .current) throws(InputError) -> RGBImage {
        try decodeColor(FileInput.contents(of: path, limits: limits), source: path, limits: limits)
    }

    /// Decodes the bytes of a PGM or PPM file as colour; `source` names the input in errors.
    public static func decodeColor(_ data: Data, source: String, limits: InputLimits = .current) throws(InputError) -> RGBImage {
        let raster = try decodeRaster(data, source: source, limits: limits)
        if raster.channels == 1 {
            return RGBImage(grey: GreyImage(width: raster.width, height: raster.height, pixels: raster.samples.map { Double($0) * raster.scale }))
        }
        return raster.colorImage
    }

    /// The validated samples of a PGM (one channel) or PPM (three channels) file.
    private struct Raster {
        var width: Int
        var height: Int
        var channels: Int
        var samples: [Int]
        /// 1 / maxval: turns a sample into [0, 1].
        var scale: Double

        var colorImage: RGBImage {
            RGBImage(width: width, height: height, channels: samples.map { Double($0) * scale })
        }
    }

    private static func decodeRaster(_ data: Data, source: String, limits: InputLimits) throws(InputError) -> Raster {
        let bytes = [UInt8](data)
        guard bytes.count >= 2, bytes[0] == UInt8(ascii: "P"),
              [UInt8(ascii: "2"), UInt8(ascii: "3"), UInt8(ascii: "5"), UInt8(ascii: "6")].contains(bytes[1]) else {
            let found = bytes.count >= 2 && bytes[0] == UInt8(ascii: "P") ? "magic number P\(Character(UnicodeScalar(bytes[1])))" : "no Netpbm magic number"
            throw InputError(source, nil, "not a supported Netpbm picture (\(found)); expected P2 or P5 (PGM grey) or P3 or P6 (PPM colour)")
        }
        let kind = bytes[1]
        let binary = kind == UInt8(ascii: "5") || kind == UInt8(ascii: "6")
        let channels = kind == UInt8(ascii: "3") || kind == UInt8(ascii: "6") ? 3 : 1

        var cursor = Cursor(bytes: bytes, position: 2, source: source)
        let width = try cursor.headerNumber("width")
        let height = try cursor.headerNumber("height")
        let maxval = try cursor.headerNumber("maxval")
        guard width >= 1, height >= 1 else {
            throw InputError(source, "header", "size \(width) x \(height); expected a width and height of at least 1")
        }
        try limits.requirePixels(width: width, height: height, source: source)
        guard maxval >= 1, maxval <= 65535 else {
            throw InputError(source, "header", "maxval \(maxval); expected 1 to 65535")
        }
        let sampleCount = width * height * channels
        var samples: [Int]
        if binary {
            // Exactly one whitespace byte separates the header from the raster.
            guard cursor.position < bytes.count, Cursor.isSpace(bytes[cursor.position]) else {
                throw InputError(source, nil, "truncated: the file ends before the raster of \(width) x \(height) pixels")
            }
            let start = cursor.position + 1
            let sampleSize = maxval > 255 ? 2 : 1
            let needed = sampleCount * sampleSize
            guard needed <= bytes.count - start else {
                throw InputError(source, nil, "truncated: \(width) x \(height) pixels need \(needed) bytes of raster data, the file has \(bytes.count - start)")
            }
            samples = [Int](repeating: 0, count: sampleCount)
            for k in 0..<sampleCount {
                samples[k] = sampleSize == 1 ? Int(bytes[start + k]) : Int(bytes[start + 2 * k]) << 8 | Int(bytes[start + 2 * k + 1])
            }
        } else {
            // Every ASCII sample takes at least one digit and one separator (bar the last).
            guard sampleCount <= (bytes.count - cursor.position) / 2 + 1 else {
                throw InputError(source, nil, "truncated: \(width) x \(height) pixels need \(sampleCount) samples, the file is too short to hold them")
            }
            samples = [Int](repeating: 0, count: sampleCount)
            for k in 0..<sampleCount {
                samples[k] = try cursor.rasterNumber(index: k, of: sampleCount)
            }
        }
        if let index = samples.firstIndex(where: { $0 > maxval }) {
            let pixel = index / channels
            throw InputError(source, "pixel (col \(pixel % width), row \(pixel / width))", "sample \(samples[index]) exceeds maxval \(maxval)")
        }
        return Raster(width: width, height: height, channels: channels, samples: samples, scale: 1.0 / Double(maxval))
    }

    /// Reads whitespace-separated decimal numbers, skipping `#` comments in the header.
    private struct Cursor {
        let bytes: [UInt8]
        var position: Int
        let source: String

        static func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0B || byte == 0x0C
        }

        /// Skips whitespace and comments (from `#` to the end of the line).
        mutating func skipSeparators() {
            while position < bytes.count {
                if Self.isSpace(bytes[position]) {
                    position += 1
                } else if bytes[position] == UInt8(ascii: "#") {
                    while position < bytes.count, bytes[position] != 0x0A, bytes[position] != 0x0D { position += 1 }
                } else {
                    return
                }
            }
        }

        /// The next number, or nil at the end of the input; throws for a non-digit or an absurd length.
        mutating func number(_ what: String, location: String?) throws(InputError) -> Int? {
            skipSeparators()
            guard position < bytes.count else { return nil }
            var value = 0, digits = 0
            while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 {
                if digits < 10 { value = value * 10 + Int(bytes[position] - 0x30) }
                digits += 1
                position += 1
            }
            guard digits > 0 else {
                let found = Character(UnicodeScalar(bytes[position]))
                throw InputError(source, location, "expected a decimal number for the \(what), found '\(found)'")
            }
            // More than 10 digits is beyond every limit (and could overflow): refuse it here.
            guard digits <= 10 else {
                throw InputError(source, location, "the \(what) has \(digits) digits; it is far too large")
            }
            return value
        }

        mutating func headerNumber(_ what: String) throws(InputError) -> Int {
            guard let value = try number(what, location: "header") else {
                throw InputError(source, "header", "truncated: the file ends before the \(what)")
            }
            return value
        }

        mutating func rasterNumber(index: Int, of count: Int) throws(InputError) -> Int {
            guard let value = try number("sample", location: "sample \(index)") else {
                throw InputError(source, nil, "truncated: the raster has \(index) of its \(count) samples")
            }
            // A sample must end at a separator, not run into other characters.
            if position < bytes.count, !Self.isSpace(bytes[position]), bytes[position] != UInt8(ascii: "#") {
                throw InputError(source, "sample \(index)", "expected a decimal number, found '\(Character(UnicodeScalar(bytes[position])))'")
            }
            return value
        }
    }
}
