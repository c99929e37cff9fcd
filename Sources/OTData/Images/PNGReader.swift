import CPng
import Foundation
import OTCore

/// Reads PNG pictures through libpng's simplified API: grey, grey + alpha, RGB, RGBA and palette
/// images of any bit depth (16-bit samples are reduced to 8 bits by libpng).
///
/// Every picture is decoded to 8-bit sRGB RGBA and then composited onto black (each channel times
/// alpha), so transparent pixels are black: no mass as a density. Sizes are checked against
/// `NetpbmReader`'s limits before the raster is allocated.
public enum PNGReader {
    /// The eight bytes every PNG file starts with.
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// The colour picture in the file at `path`.
    public static func read(at path: String, limits: InputLimits = .current) throws(InputError) -> RGBImage {
        try decode(FileInput.contents(of: path, limits: limits), source: path, limits: limits)
    }

    /// The width and height in the header (the IHDR chunk, which must come first), or nil when
    /// `head` does not hold one.
    static func dimensions(_ head: [UInt8]) -> (width: Int, height: Int)? {
        guard head.count >= 24, head.starts(with: signature), Array(head[12..<16]) == Array("IHDR".utf8) else { return nil }
        func u32(_ at: Int) -> Int { head[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return (u32(16), u32(20))
    }

    /// Decodes the bytes of a PNG file; `source` names the input in errors.
    public static func decode(_ data: Data, source: String, limits: InputLimits = .current) throws(InputError) -> RGBImage {
        guard !data.isEmpty else { throw InputError(source, nil, "is empty; expected a PNG picture") }
        guard data.count >= signature.count, Array(data.prefix(signature.count)) == signature else {
            throw InputError(source, nil, "not a PNG picture (the file does not start with the PNG signature)")
        }
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        defer { png_image_free(&image) }
        let started = data.withUnsafeBytes { raw in
            png_image_begin_read_from_memory(&image, raw.baseAddress, raw.count)
        }
        guard started != 0 else { throw failure(image, source: source) }
        let width = Int(image.width), height = Int(image.height)
        guard width >= 1, height >= 1 else {
            throw InputError(source, "header", "size \(width) x \(height); expected a width and height of at least 1")
        }
        try limits.requirePixels(width: width, height: height, source: source)
        otlab_png_assume_16bit_srgb(&image)
        image.format = otlab_png_format_rgba()
        var rgba = [UInt8](repeating: 0, count: otlab_png_image_size(&image))
        let finished = rgba.withUnsafeMutableBytes { raw in
            png_image_finish_read(&image, nil, raw.baseAddress, 0, nil)
        }
        guard finished != 0 else { throw failure(image, source: source) }

        // Levels scale by 1/255 exactly as NetpbmReader scales by 1/maxval, so the same picture as
        // PNG and PPM gives identical values.
        let scale = 1.0 / 255
        var channels = [Double](repeating: 0, count: 3 * width * height)
        for p in 0..<(width * height) {
            let alpha = rgba[4 * p + 3]
            for c in 0..<3 {
                let value = Double(rgba[4 * p + c]) * scale
                channels[3 * p + c] = alpha == 255 ? value : value * (Double(alpha) * scale)
            }
        }
        return RGBImage(width: width, height: height, channels: channels)
    }

    /// libpng's own message ("IDAT: CRC error", "Not enough image data"...) as an input error.
    private static func failure(_ image: png_image, source: String) -> InputError {
        var message = image.message
        let text = withUnsafeBytes(of: &message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        return InputError(source, nil, "not a readable PNG picture (\(text.isEmpty ? "libpng failed" : text))")
    }
}
