import Synchronization

/// The xterm 256-colour palette and nearest-colour matching in OKLab.
///
/// Indices 0-15 are the ANSI colours (users retheme them, so they are never chosen as a match for
/// an RGB colour); 16-231 are the 6x6x6 cube; 232-255 the grey ramp. Matching an RGB colour to the
/// nearest of the 240 fixed colours in OKLab keeps colormaps perceptually ordered, which rounding to
/// the cube does not. Results are memoised, since a heatmap asks for the same few hundred colours
/// every frame.
public enum XtermPalette {
    private static let cubeLevels: [UInt8] = [0, 95, 135, 175, 215, 255]
    private static let ansi: [UInt32] = [
        0x000000, 0xCD0000, 0x00CD00, 0xCDCD00, 0x0000EE, 0xCD00CD, 0x00CDCD, 0xE5E5E5,
        0x7F7F7F, 0xFF0000, 0x00FF00, 0xFFFF00, 0x5C5CFF, 0xFF00FF, 0x00FFFF, 0xFFFFFF,
    ]

    /// The standard xterm RGB value of a palette index.
    public static func rgb(ofIndex index: UInt8) -> RGB {
        switch index {
        case 0..<16:
            return RGB(hex: ansi[Int(index)])
        case 16..<232:
            let cube = Int(index) - 16
            return RGB(cubeLevels[cube / 36], cubeLevels[(cube / 6) % 6], cubeLevels[cube % 6])
        default:
            let level = UInt8(8 + 10 * (Int(index) - 232))
            return RGB(level, level, level)
        }
    }

    /// OKLab coordinates of all 256 palette entries, computed once.
    private static let labTable: [OKLab] = (0...255).map { OKLab(rgb(ofIndex: UInt8($0))) }

    private static let memo = Mutex<[UInt32: UInt8]>([:])

    /// The index (16-255) of the palette colour perceptually nearest to `color`.
    public static func nearestIndex(to color: RGB) -> UInt8 {
        if let cached = memo.withLock({ $0[color.packed] }) { return cached }
        let index = nearestIndex(to: color, in: 16...255)
        memo.withLock { cache in
            if cache.count > 65_536 { cache.removeAll() }
            cache[color.packed] = index
        }
        return index
    }

    /// The index within `candidates` of the palette colour nearest to `color` in OKLab (used with
    /// 0...7 or 0...15 on terminals with fewer colours).
    public static func nearestIndex(to color: RGB, in candidates: ClosedRange<UInt8>) -> UInt8 {
        let target = OKLab(color)
        var best = candidates.lowerBound
        var bestDistance = Double.infinity
        for index in candidates {
            let distance = labTable[Int(index)].distanceSquared(to: target)
            if distance < bestDistance {
                bestDistance = distance
                best = index
            }
        }
        return best
    }
}
