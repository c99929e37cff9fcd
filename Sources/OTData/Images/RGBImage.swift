/// A colour picture: `width x height` pixels of red, green and blue in [0, 1], row-major from the
/// top-left, stored as `Double`s so that 8-bit and 16-bit sources and computed pictures (colour
/// transfer) share one type without rounding.
///
/// Readers composite transparent pixels onto black, so a transparent pixel carries no mass as a
/// density and no colour as a sample.
public struct RGBImage: Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// Channels per pixel, `channels[3 * (row * width + col) + c]` for c = 0 (red), 1 (green), 2 (blue).
    public var channels: [Double]

    public init(width: Int, height: Int, channels: [Double]) {
        precondition(width >= 0 && height >= 0 && channels.count == 3 * width * height, "three values per pixel")
        self.width = width
        self.height = height
        self.channels = channels
    }

    /// A grey picture as colour, each channel equal to the brightness.
    public init(grey: GreyImage) {
        var channels = [Double](repeating: 0, count: 3 * grey.pixels.count)
        for (p, value) in grey.pixels.enumerated() {
            channels[3 * p] = value
            channels[3 * p + 1] = value
            channels[3 * p + 2] = value
        }
        self.init(width: grey.width, height: grey.height, channels: channels)
    }

    /// The number of pixels.
    public var pixelCount: Int { width * height }

    /// The colour of the pixel at column `col`, row `row`.
    public subscript(col: Int, row: Int) -> (red: Double, green: Double, blue: Double) {
        let base = 3 * (row * width + col)
        return (channels[base], channels[base + 1], channels[base + 2])
    }

    /// The picture in grey through luminance (`GreyImage.luminance`), clamped to [0, 1].
    public var grey: GreyImage {
        var pixels = [Double](repeating: 0, count: pixelCount)
        for p in 0..<pixelCount {
            let value = GreyImage.luminance(red: channels[3 * p], green: channels[3 * p + 1], blue: channels[3 * p + 2])
            pixels[p] = min(1, max(0, value))
        }
        return GreyImage(width: width, height: height, pixels: pixels)
    }

    /// The mean colour over all pixels (zero for an empty picture).
    public var meanColor: (red: Double, green: Double, blue: Double) {
        guard pixelCount > 0 else { return (0, 0, 0) }
        var sum = (0.0, 0.0, 0.0)
        for p in 0..<pixelCount {
            sum.0 += channels[3 * p]
            sum.1 += channels[3 * p + 1]
            sum.2 += channels[3 * p + 2]
        }
        let n = Double(pixelCount)
        return (sum.0 / n, sum.1 / n, sum.2 / n)
    }
}
