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
