/// Word-wrapped text with an optional scroll offset, for descriptions, logs and error details.
public struct Paragraph: Hashable, Sendable {
    public var text: String
    public var style: Style
    /// Wrapped lines skipped at the top.
    public var scrollOffset: Int

    public init(_ text: String, style: Style = .plain, scrollOffset: Int = 0) {
        self.text = text
        self.style = style
        self.scrollOffset = max(0, scrollOffset)
    }

    /// The wrapped lines for a given width (to size a scroll bar or clamp the offset).
    public func lines(width: Int) -> [String] {
        TextWrap.lines(text, width: width)
    }

    public func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        guard !area.isEmpty else { return }
        let style = theme.text.patched(with: self.style)
        for (row, line) in lines(width: area.width).dropFirst(scrollOffset).prefix(area.height).enumerated() {
            buffer.setString(line, x: area.x, y: area.y + row, style: style, clip: area)
        }
    }
}

extension Paragraph: Widget {}
