import Foundation

/// A colour in Björn Ottosson's OKLab space, where Euclidean distance tracks perceived difference.
///
/// Used to pick the nearest palette colour for an RGB value (so colormaps keep their perceptual
/// order on 256-colour terminals) and to interpolate colormap control points smoothly.
public struct OKLab: Hashable, Sendable {
    public var lightness: Double
    public var a: Double
    public var b: Double

    public init(lightness: Double, a: Double, b: Double) {
        self.lightness = lightness
        self.a = a
        self.b = b
    }

    /// Converts an sRGB colour (gamma-encoded bytes) to OKLab.
    public init(_ color: RGB) {
        let r = OKLab.linearize(color.red), g = OKLab.linearize(color.green), bl = OKLab.linearize(color.blue)
        let l = cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * bl)
        let m = cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * bl)
        let s = cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * bl)
        lightness = 0.2104542553 * l + 0.7936177850 * m - 0.0040720468 * s
        a = 1.9779984951 * l - 2.4285922050 * m + 0.4505937099 * s
        b = 0.0259040371 * l + 0.7827717662 * m - 0.8086757660 * s
    }

    /// The nearest sRGB colour (out-of-gamut channels are clamped).
    public var rgb: RGB {
        let l = pow(lightness + 0.3963377774 * a + 0.2158037573 * b, 3)
        let m = pow(lightness - 0.1055613458 * a - 0.0638541728 * b, 3)
        let s = pow(lightness - 0.0894841775 * a - 1.2914855480 * b, 3)
        let r = 4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s
        let g = -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s
        let bl = -0.0041960863 * l - 0.7034186147 * m + 1.7076147010 * s
        return RGB(OKLab.encode(r), OKLab.encode(g), OKLab.encode(bl))
    }

    /// Squared Euclidean distance in OKLab.
    public func distanceSquared(to other: OKLab) -> Double {
        let dl = lightness - other.lightness, da = a - other.a, db = b - other.b
        return dl * dl + da * da + db * db
    }

    /// Linear interpolation between two colours, `t` in 0...1.
    public func mixed(with other: OKLab, _ t: Double) -> OKLab {
        OKLab(lightness: lightness + (other.lightness - lightness) * t,
              a: a + (other.a - a) * t, b: b + (other.b - b) * t)
    }

    private static func linearize(_ byte: UInt8) -> Double {
        let c = Double(byte) / 255
        return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
    }

    private static func encode(_ linear: Double) -> UInt8 {
        let clamped = min(1, max(0, linear))
        let c = clamped <= 0.0031308 ? 12.92 * clamped : 1.055 * pow(clamped, 1 / 2.4) - 0.055
        return UInt8((c * 255).rounded())
    }
}
