/// A centred box listing keys and what they do, drawn over whatever is underneath.
public struct HelpOverlay: Hashable, Sendable {
    public struct Entry: Hashable, Sendable {
        public var key: String
        public var description: String
        public init(_ key: String, _ description: String) {
            self.key = key
            self.description = description
        }
    }

    public var title: String
    public var entries: [Entry]
    public var footer: String

    public init(title: String = "Help", entries: [Entry], footer: String = "press any key to close") {
        self.title = title
        self.entries = entries
        self.footer = footer
    }

    /// The box the overlay occupies inside `area`.
    public func frame(in area: Rect) -> Rect {
        let keyWidth = entries.map { DisplayWidth.of($0.key) }.max() ?? 0
        let descriptionWidth = entries.map { DisplayWidth.of($0.description) }.max() ?? 0
        let contentWidth = max(keyWidth + 2 + descriptionWidth, DisplayWidth.of(footer), DisplayWidth.of(title) + 2)
        let height = entries.count + (footer.isEmpty ? 0 : 2) + 2
        return area.centered(width: contentWidth + 4, height: height)
    }

    public func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        let box = frame(in: area)
        guard box.width >= 4, box.height >= 3 else { return }
        buffer.fill(box)
        Block(title: title, isFocused: true).render(in: box, buffer: &buffer, glyphs: glyphs, theme: theme)
        let inside = box.inset(top: 1, left: 2, bottom: 1, right: 2)
        let keyWidth = min(inside.width / 2, entries.map { DisplayWidth.of($0.key) }.max() ?? 0)
        let listRows = footer.isEmpty ? inside.height : max(0, inside.height - 2)
        for (index, entry) in entries.prefix(listRows).enumerated() {
            let y = inside.y + index
            buffer.setString(DisplayWidth.truncate(entry.key, toColumns: keyWidth), x: inside.x, y: y,
                             style: theme.text.with(.bold), clip: inside)
            buffer.setString(entry.description, x: inside.x + keyWidth + 2, y: y, style: theme.text, clip: inside)
        }
        if !footer.isEmpty && inside.height >= 2 {
            buffer.setString(footer, x: inside.x, y: inside.maxY - 1, style: theme.dimText, clip: inside)
        }
    }
}
