import OTCore

/// Reads any supported picture by its extension: PNG, JPEG, and Netpbm (PGM, PPM, PNM).
///
/// Colour pictures become grey through luminance in one place (`RGBImage.grey`), so a PNG, a JPEG
/// and a PPM of the same picture give the same density.
public enum ImageReader {
    /// The picture extensions understood, lowercased, without the dot.
    public static let extensions: Set<String> = ["png", "jpg", "jpeg", "pgm", "ppm", "pnm"]

    /// Whether `path` has a picture extension.
    public static func isImage(_ path: String) -> Bool {
        extensions.contains(FileInput.pathExtension(of: path))
    }

    /// The width and height of the picture at `path`, read from its header alone (the first
    /// 1 MiB of the file), or nil when the header does not say (the decoder then checks the size).
    /// This bounds a problem before either of its pictures is decoded.
    public static func dimensions(at path: String) throws(InputError) -> (width: Int, height: Int)? {
        try FileInput.requireFile(at: path)
        let head = [UInt8](try FileInput.prefix(of: path, count: 1 << 20))
        switch FileInput.pathExtension(of: path) {
        case "png": return PNGReader.dimensions(head)
        case "jpg", "jpeg": return JPEGReader.dimensions(head)
        case "pgm", "ppm", "pnm": return NetpbmReader.dimensions(head)
        default: return nil
        }
    }

    /// The picture at `path` in colour (a grey picture in all three channels).
    public static func readColor(at path: String) throws(InputError) -> RGBImage {
        try FileInput.requireFile(at: path)
        switch FileInput.pathExtension(of: path) {
        case "png": return try PNGReader.read(at: path)
        case "jpg", "jpeg": return try JPEGReader.read(at: path)
        case "pgm", "ppm", "pnm": return try NetpbmReader.readColor(at: path)
        case let ext:
            let found = ext.isEmpty ? "no extension" : "extension .\(ext)"
            throw InputError(path, nil, "unsupported picture format (\(found)); expected .png, .jpg, .jpeg, .pgm, .ppm or .pnm")
        }
    }

    /// The picture at `path` in grey (colour through luminance).
    public static func readGrey(at path: String) throws(InputError) -> GreyImage {
        switch FileInput.pathExtension(of: path) {
        case "pgm", "ppm", "pnm":
            try FileInput.requireFile(at: path)
            return try NetpbmReader.read(at: path)
        default:
            return try readColor(at: path).grey
        }
    }
}
