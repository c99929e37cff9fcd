/// A terminal colour as the widgets ask for it.
///
/// Widgets speak in three vocabularies: the terminal's own default colour, an index into the xterm
/// 256-colour palette, or a 24-bit RGB value. The backend maps whatever it gets to what the terminal
/// can show (truecolor, the nearest palette colour, or nothing when colour is off), so widgets never
/// need to know the terminal's capabilities.
public enum Color: Hashable, Sendable {
    /// The terminal's default foreground or background colour.
    case `default`
    /// An index into the xterm 256-colour palette (0-15 are the themeable ANSI colours).
    case palette(UInt8)
    /// A 24-bit colour.
    case rgb(RGB)

    public static let black = Color.palette(0)
    public static let red = Color.palette(1)
    public static let green = Color.palette(2)
    public static let yellow = Color.palette(3)
    public static let blue = Color.palette(4)
    public static let magenta = Color.palette(5)
    public static let cyan = Color.palette(6)
    public static let white = Color.palette(7)
    public static let brightBlack = Color.palette(8)
    public static let brightRed = Color.palette(9)
    public static let brightGreen = Color.palette(10)
    public static let brightYellow = Color.palette(11)
    public static let brightBlue = Color.palette(12)
    public static let brightMagenta = Color.palette(13)
    public static let brightCyan = Color.palette(14)
    public static let brightWhite = Color.palette(15)

    /// The approximate RGB value of this colour (palette entries use the standard xterm values);
    /// `nil` for `.default`, whose value only the terminal knows.
    public var rgbValue: RGB? {
        switch self {
        case .default: return nil
        case .palette(let index): return XtermPalette.rgb(ofIndex: index)
        case .rgb(let value): return value
        }
    }
}
