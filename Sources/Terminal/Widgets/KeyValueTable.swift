/// Two columns of text: keys on the left (dimmed), values beside them; for statistics panes.
///
/// The key column is as wide as the longest key (at most half the area). Values are left-aligned,
/// or right-aligned to the area's edge with `rightAlignsValues`, and cut with an ellipsis when too
/// long. Rows that do not fit are not drawn.
public struct KeyValueTable: Hashable, Sendable {
    public struct Row: Hashable, Sendable {
        public var key: String
        public var value: String
        /// Extra style for the value (e.g. an error colour); nil uses the theme's text style.
        public var valueStyle: Style?

        public init(_ key: String, _ value: String, valueStyle: Style? = nil) {
            self.key = key
            self.value = value
            self.valueStyle = valueStyle
        }
    }

    public var rows: [Row]
    public var rightAlignsValues: Bool

    public init(rows: [Row], rightAlignsValues: Bool = false) {
        self.rows = rows
        self.rightAlignsValues = rightAlignsValues
    }

    public func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        guard !area.isEmpty else { return }
        let keyWidth = min(area.width / 2, rows.map { DisplayWidth.of($0.key) }.max() ?? 0)
        let valueX = area.x + keyWidth + (keyWidth > 0 ? 1 : 0)
        let valueWidth = area.maxX - valueX
        for (index, row) in rows.prefix(area.height).enumerated() {
            let y = area.y + index
            let key = DisplayWidth.truncate(row.key, toColumns: keyWidth, ellipsis: glyphs.ellipsis)
            buffer.setString(key, x: area.x, y: y, style: theme.dimText, clip: area)
            guard valueWidth > 0 else { continue }
            let value = DisplayWidth.truncate(row.value, toColumns: valueWidth, ellipsis: glyphs.ellipsis)
            let x = rightAlignsValues ? area.maxX - DisplayWidth.of(value) : valueX
            buffer.setString(value, x: x, y: y, style: theme.text.patched(with: row.valueStyle ?? .plain), clip: area)
        }
    }
}
