/// Maps widget colours to ncurses colour numbers for one terminal's colour mode.
///
/// `.default` is -1 (needs `use_default_colors`). Direct-colour terminals (terminfo `RGB`) take packed
/// 0xRRGGBB numbers, except that numbers below 8 still mean the ANSI colours there. 256-colour
/// terminals get the OKLab-nearest of the 240 fixed colours; 8/16-colour terminals the nearest ANSI.
public struct ColorResolver: Hashable, Sendable {
    public var mode: Capabilities.ColorMode
    public var colorCount: Int

    public init(mode: Capabilities.ColorMode, colorCount: Int) {
        self.mode = mode
        self.colorCount = colorCount
    }

    /// The ncurses colour number for `color`; -1 for the terminal default (and whenever colour is off).
    public func colorNumber(for color: Color) -> Int32 {
        switch (mode, color) {
        case (.none, _), (_, .default):
            return -1
        case (.truecolor, .palette(let index)):
            return index < 8 ? Int32(index) : directNumber(XtermPalette.rgb(ofIndex: index))
        case (.truecolor, .rgb(let value)):
            return directNumber(value)
        case (.palette256, .palette(let index)):
            return Int32(index)
        case (.palette256, .rgb(let value)):
            return Int32(XtermPalette.nearestIndex(to: value))
        case (.ansi, .palette(let index)):
            if Int(index) < colorCount { return Int32(index) }
            return ansiNumber(XtermPalette.rgb(ofIndex: index))
        case (.ansi, .rgb(let value)):
            return ansiNumber(value)
        }
    }

    private func directNumber(_ value: RGB) -> Int32 {
        Int32(max(8, value.packed))
    }

    private func ansiNumber(_ value: RGB) -> Int32 {
        let last = UInt8(max(1, min(16, colorCount)) - 1)
        return Int32(XtermPalette.nearestIndex(to: value, in: 0...last))
    }
}
