/// A greyscale picture: `width x height` brightness values in [0, 1], row-major from the top-left.
///
/// Colour pictures become grey through luminance, `0.2126 R + 0.7152 G + 0.0722 B` (Rec. 709
/// weights on the stored values).
public struct GreyImage: Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// Brightness per pixel, `pixels[row * width + col]`, each in [0, 1].
    public var pixels: [Double]

    public init(width: Int, height: Int, pixels: [Double]) {
        precondition(width >= 0 && height >= 0 && pixels.count == width * height, "one value per pixel")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The brightness of the pixel at column `col`, row `row`.
    public subscript(col: Int, row: Int) -> Double {
        pixels[row * width + col]
    }

    /// The luminance of a colour with components in [0, 1].
    public static func luminance(red: Double, green: Double, blue: Double) -> Double {
        0.2126 * red + 0.7152 * green + 0.0722 * blue
    }
}
