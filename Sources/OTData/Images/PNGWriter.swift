import CPng
import Foundation
import OTCore

/// Writes 8-bit PNG pictures (RGB or grey) through libpng's simplified API, atomically (temporary
/// file, then rename; see `AtomicFileWriter`). Channel values are clamped to [0, 1] and rounded to
/// the nearest of 256 levels.
public enum PNGWriter {
    /// Writes `image` as an 8-bit RGB PNG at `path`.
    public static func write(_ image: RGBImage, to path: String) throws(InputError) {
        try AtomicFileWriter.write(encode(image, source: path), to: path)
    }

    /// Writes `image` as an 8-bit grey PNG at `path`.
    public static func write(_ image: GreyImage, to path: String) throws(InputError) {
        try AtomicFileWriter.write(encode(image, source: path), to: path)
    }

    /// The PNG bytes of `image` in RGB.
    public static func encode(_ image: RGBImage, source: String = "PNG") throws(InputError) -> Data {
        try encode(width: image.width, height: image.height, samples: image.channels.map(byte),
                   format: otlab_png_format_rgb(), source: source)
    }

    /// The PNG bytes of `image` in grey.
    public static func encode(_ image: GreyImage, source: String = "PNG") throws(InputError) -> Data {
        try encode(width: image.width, height: image.height, samples: image.pixels.map(byte),
                   format: otlab_png_format_gray(), source: source)
    }

    /// A value in [0, 1] as the nearest 8-bit level (NaN as 0).
    static func byte(_ value: Double) -> UInt8 {
        guard value.isFinite else { return value == .infinity ? 255 : 0 }
        return UInt8((min(1, max(0, value)) * 255).rounded())
    }

    private static func encode(width: Int, height: Int, samples: [UInt8], format: png_uint_32,
                               source: String) throws(InputError) -> Data {
        guard width >= 1, height >= 1 else {
            throw InputError(source, nil, "cannot write a \(width) x \(height) picture; expected at least 1 x 1")
        }
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        image.width = png_uint_32(width)
        image.height = png_uint_32(height)
        image.format = format
        defer { png_image_free(&image) }
        // First ask for the size, then write into a buffer of that size.
        var size: png_alloc_size_t = 0
        let sized = samples.withUnsafeBytes { raw in
            png_image_write_to_memory(&image, nil, &size, 0, raw.baseAddress, 0, nil)
        }
        guard sized != 0, size > 0 else { throw failure(image, source: source) }
        var bytes = [UInt8](repeating: 0, count: Int(size))
        let written = samples.withUnsafeBytes { raw in
            bytes.withUnsafeMutableBytes { out in
                png_image_write_to_memory(&image, out.baseAddress, &size, 0, raw.baseAddress, 0, nil)
            }
        }
        guard written != 0 else { throw failure(image, source: source) }
        return Data(bytes.prefix(Int(size)))
    }

    private static func failure(_ image: png_image, source: String) -> InputError {
        var message = image.message
        let text = withUnsafeBytes(of: &message) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) }
        return InputError(source, nil, "cannot be encoded as PNG (\(text.isEmpty ? "libpng failed" : text))")
    }
}
