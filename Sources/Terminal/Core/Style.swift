/// A partial change to a cell's look: `nil` colours leave the cell's colour alone, and the
/// attributes in `adding` are added to what the cell already has.
///
/// Styles compose by patching, so a widget can draw a border in the theme's border style and then
/// reverse-video a selected row without forgetting the colours underneath.
public struct Style: Hashable, Sendable {
    public var foreground: Color?
    public var background: Color?
    public var adding: Attributes
    /// Attributes removed before `adding` is applied.
    public var removing: Attributes

    public init(foreground: Color? = nil, background: Color? = nil,
                adding: Attributes = [], removing: Attributes = []) {
        self.foreground = foreground
        self.background = background
        self.adding = adding
        self.removing = removing
    }

    /// The empty patch: leaves cells as they are.
    public static let plain = Style()

    public static func foreground(_ color: Color) -> Style { Style(foreground: color) }

    /// This style with `other` applied on top (its non-nil colours and attributes win).
    public func patched(with other: Style) -> Style {
        Style(foreground: other.foreground ?? foreground,
              background: other.background ?? background,
              adding: adding.subtracting(other.removing).union(other.adding),
              removing: removing.subtracting(other.adding).union(other.removing))
    }

    /// Applies this style to a cell's colours and attributes (its glyph is unchanged).
    public func apply(to cell: inout Cell) {
        if let foreground { cell.foreground = foreground }
        if let background { cell.background = background }
        cell.attributes.subtract(removing)
        cell.attributes.formUnion(adding)
    }

    public func with(_ attributes: Attributes) -> Style {
        var copy = self
        copy.adding.formUnion(attributes)
        return copy
    }
}
