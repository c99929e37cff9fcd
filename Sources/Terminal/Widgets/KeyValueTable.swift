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
    /// Wrap long values onto the next lines (under the value column) instead of cutting them.
    public var wrapsValues: Bool
    /// Lines skipped at the top (a scrolled table).
    public var scrollOffset: Int

    public init(rows: [Row], rightAlignsValues: Bool = false, wrapsValues: Bool = false, scrollOffset: Int = 0) {
        self.rows = rows
        self.rightAlignsValues = rightAlignsValues
        self.wrapsValues = wrapsValues
        self.scrollOffset = max(0, scrollOffset)
    }

    /// One drawn line: the key (empty on a wrapped value's later lines), the value text and its row.
    struct Line {
        var key: String
        var value: String
        var row: Row
    }

    private func keyWidth(_ area: Rect) -> Int {
        min(area.width / 2, rows.map { DisplayWidth.of($0.key) }.max() ?? 0)
    }

    /// The lines the table takes in `area` (more than the rows when values wrap).
    func lines(in area: Rect, ellipsis: String) -> [Line] {
        let keyWidth = keyWidth(area)
        let valueWidth = area.width - keyWidth - (keyWidth > 0 ? 1 : 0)
        var lines: [Line] = []
        for row in rows {
            if wrapsValues, valueWidth > 0, DisplayWidth.of(row.value) > valueWidth {
                let wrapped = TextWrap.lines(row.value, width: valueWidth).filter { !$0.isEmpty }
                for (index, text) in wrapped.enumerated() { lines.append(Line(key: index == 0 ? row.key : "", value: text, row: row)) }
            } else {
                lines.append(Line(key: row.key, value: DisplayWidth.truncate(row.value, toColumns: max(0, valueWidth), ellipsis: ellipsis), row: row))
            }
        }
        return lines
    }

    /// How the table scrolls in `area`: its lines, the visible window and the clamped offset.
    public func scrollIndicator(in area: Rect, glyphs: GlyphSet) -> ScrollIndicator {
        ScrollIndicator(total: lines(in: area, ellipsis: glyphs.ellipsis).count, visible: area.height, offset: scrollOffset)
    }

    public func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        guard !area.isEmpty else { return }
        let keyWidth = keyWidth(area)
        let valueX = area.x + keyWidth + (keyWidth > 0 ? 1 : 0)
        let valueWidth = area.maxX - valueX
        let all = lines(in: area, ellipsis: glyphs.ellipsis)
        let offset = scrollIndicator(in: area, glyphs: glyphs).offset
        for (index, line) in all.dropFirst(offset).prefix(area.height).enumerated() {
            let y = area.y + index
            let key = DisplayWidth.truncate(line.key, toColumns: keyWidth, ellipsis: glyphs.ellipsis)
            buffer.setString(key, x: area.x, y: y, style: theme.dimText, clip: area)
            guard valueWidth > 0 else { continue }
            let x = rightAlignsValues ? area.maxX - DisplayWidth.of(line.value) : valueX
            buffer.setString(line.value, x: x, y: y, style: theme.text.patched(with: line.row.valueStyle ?? .plain), clip: area)
        }
    }
}
