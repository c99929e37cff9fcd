/// What the terminal can show, decided once at start-up.
public struct Capabilities: Hashable, Sendable {
    /// The locale's codeset is UTF-8, so braille and block glyphs print.
    public var isUTF8: Bool
    /// Number of colours the terminal offers (0 when it has none).
    public var colorCount: Int
    /// The terminfo entry has the `RGB` capability: colour numbers are packed 24-bit values.
    public var truecolor: Bool
    /// `NO_COLOR` is set and non-empty (no-color.org): draw without colour whatever the terminal offers.
    public var noColorRequested: Bool
    /// RGB colours are shown exactly by redefining palette slots 16-255 (`init_extended_color`), up
    /// to 240 distinct colours; only when the application asked for it and the terminal allows it.
    public var redefinesPalette: Bool

    public init(isUTF8: Bool, colorCount: Int, truecolor: Bool, noColorRequested: Bool, redefinesPalette: Bool = false) {
        self.isUTF8 = isUTF8
        self.colorCount = colorCount
        self.truecolor = truecolor
        self.noColorRequested = noColorRequested
        self.redefinesPalette = redefinesPalette
    }

    /// Whether colour should be used at all.
    public var colorEnabled: Bool { !noColorRequested && colorCount >= 8 }

    /// How RGB colours reach the screen.
    public enum ColorMode: Hashable, Sendable {
        case none
        /// Nearest of the 8 or 16 ANSI colours.
        case ansi
        /// Nearest of the 240 fixed xterm colours (OKLab distance).
        case palette256
        /// Exact 24-bit colour.
        case truecolor
    }

    public var colorMode: ColorMode {
        guard colorEnabled else { return .none }
        if truecolor { return .truecolor }
        return colorCount >= 256 ? .palette256 : .ansi
    }

    /// Glyphs the terminal will print: Unicode when UTF-8, ASCII otherwise.
    public var glyphs: GlyphSet { isUTF8 ? .unicode : .ascii }

    /// The standard theme, or the monochrome one without colour.
    public var theme: Theme { colorEnabled ? .standard : .monochrome }

    /// True when `NO_COLOR`'s value (from the environment) asks for no colour: set and non-empty.
    public static func noColorRequested(by value: String?) -> Bool {
        guard let value else { return false }
        return !value.isEmpty
    }

    /// A typical modern terminal: UTF-8 and 256 colours. Handy for tests.
    public static let unicode256 = Capabilities(isUTF8: true, colorCount: 256, truecolor: false, noColorRequested: false)
}
