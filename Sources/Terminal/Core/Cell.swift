/// One character cell of the screen: a single grapheme with colours and attributes.
///
/// A double-width grapheme occupies its own cell plus the cell to its right, which is marked as a
/// continuation so that the backend skips it and the diff stays honest.
public struct Cell: Hashable, Sendable {
    public var glyph: Character
    public var foreground: Color
    public var background: Color
    public var attributes: Attributes
    /// True for the right half of a double-width glyph drawn in the cell to the left.
    public var isContinuation: Bool

    public init(_ glyph: Character = " ", foreground: Color = .default, background: Color = .default,
                attributes: Attributes = [], isContinuation: Bool = false) {
        self.glyph = glyph
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
        self.isContinuation = isContinuation
    }

    /// A space in the default colours.
    public static let blank = Cell()

    /// A cell with `glyph` styled by `style` on top of a blank cell.
    public init(_ glyph: Character, style: Style) {
        self.init(glyph)
        style.apply(to: &self)
    }
}
