import CJpeg
import Foundation
import OTCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads JPEG pictures (baseline and progressive, grey or colour) through libjpeg-turbo, decoded to
/// 8-bit RGB.
///
/// libjpeg's errors and warnings (a truncated or corrupt stream) come back as text from one C shim
/// function that holds the whole decompression, so a damaged file is an `InputError`, never an exit.
public enum JPEGReader {
    /// The colour picture in the file at `path`.
    public static func read(at path: String, limits: InputLimits = .current) throws(InputError) -> RGBImage {
        try decode(FileInput.contents(of: path, limits: limits), source: path, limits: limits)
    }

    /// The width and height in the frame header found in `head` (the start of a file), or nil.
    static func dimensions(_ head: [UInt8]) -> (width: Int, height: Int)? {
        guard head.count >= 3, head[0] == 0xFF, head[1] == 0xD8 else { return nil }
        var width: UInt32 = 0, height: UInt32 = 0
        let found = head.withUnsafeBufferPointer { buffer in
            otlab_jpeg_read_size(buffer.baseAddress, UInt(buffer.count), &width, &height)
        }
        return found == 1 ? (Int(width), Int(height)) : nil
    }

    /// Decodes the bytes of a JPEG file; `source` names the input in errors. The size is checked
    /// against the pixel limit from the header, before libjpeg allocates anything in proportion.
    public static func decode(_ data: Data, source: String, limits: InputLimits = .current) throws(InputError) -> RGBImage {
        guard !data.isEmpty else { throw InputError(source, nil, "is empty; expected a JPEG picture") }
        guard data.count >= 3, data[data.startIndex] == 0xFF, data[data.startIndex + 1] == 0xD8 else {
            throw InputError(source, nil, "not a JPEG picture (the file does not start with the JPEG SOI marker)")
        }
        var width: UInt32 = 0, height: UInt32 = 0
        var message = [CChar](repeating: 0, count: 256)
        let decoded = data.withUnsafeBytes { raw in
            otlab_jpeg_decode_rgb(raw.bindMemory(to: UInt8.self).baseAddress, UInt(raw.count),
                                  UInt(limits.maximumPixels), &width, &height, &message, message.count)
        }
        guard let decoded else {
            let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw InputError(source, nil, "not a readable JPEG picture (\(text.isEmpty ? "libjpeg failed" : text))")
        }
        defer { free(decoded) }
        let count = 3 * Int(width) * Int(height)
        var channels = [Double](repeating: 0, count: count)
        for k in 0..<count { channels[k] = Double(decoded[k]) / 255 }
        return RGBImage(width: Int(width), height: Int(height), channels: channels)
    }
}
