/// A framed panel with a title; the focused panel gets a heavier, highlighted frame.
///
/// Draws only the frame and title (the inside is left as is); widgets then render into `inner(area)`.
public struct Block: Hashable, Sendable {
    public var title: String
    public var isFocused: Bool

    public init(title: String = "", isFocused: Bool = false) {
        self.title = title
        self.isFocused = isFocused
    }

    /// The area inside the frame.
    public func inner(_ area: Rect) -> Rect { area.inset(by: 1) }

    public func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        guard area.width >= 2, area.height >= 2 else { return }
        let box = isFocused && glyphs.isUnicode ? BoxGlyphs.unicodeHeavy : glyphs.box
        let style = isFocused ? theme.focusedBorder : theme.border
        let right = area.maxX - 1, bottom = area.maxY - 1
        for x in area.x + 1..<right {
            buffer.set(x: x, y: area.y, glyph: box.horizontal, style: style)
            buffer.set(x: x, y: bottom, glyph: box.horizontal, style: style)
        }
        for y in area.y + 1..<bottom {
            buffer.set(x: area.x, y: y, glyph: box.vertical, style: style)
            buffer.set(x: right, y: y, glyph: box.vertical, style: style)
        }
        buffer.set(x: area.x, y: area.y, glyph: box.topLeft, style: style)
        buffer.set(x: right, y: area.y, glyph: box.topRight, style: style)
        buffer.set(x: area.x, y: bottom, glyph: box.bottomLeft, style: style)
        buffer.set(x: right, y: bottom, glyph: box.bottomRight, style: style)
        guard !title.isEmpty, area.width >= 5 else { return }
        let text = " " + DisplayWidth.truncate(title, toColumns: area.width - 4, ellipsis: glyphs.ellipsis) + " "
        let titleStyle = isFocused ? theme.title.patched(with: theme.focusedBorder) : theme.title
        buffer.setString(text, x: area.x + 1, y: area.y, style: titleStyle, clip: area.inset(left: 1, right: 1))
    }
}
