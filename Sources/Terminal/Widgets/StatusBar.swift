/// The one-line bar at the bottom: left text, key hints (`key label` pairs), right text.
///
/// The right text wins over hints when space is short; hints that do not fit whole are dropped.
public struct StatusBar: Hashable, Sendable {
    public struct Hint: Hashable, Sendable {
        public var key: String
        public var label: String
        public init(_ key: String, _ label: String) {
            self.key = key
            self.label = label
        }
    }

    public var left: String
    public var hints: [Hint]
    public var right: String

    public init(left: String = "", hints: [Hint] = [], right: String = "") {
        self.left = left
        self.hints = hints
        self.right = right
    }

    public func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        guard area.height > 0, area.width > 0 else { return }
        let row = area.row(0)
        buffer.fill(row, with: Cell(" ", style: theme.statusBar))
        let rightText = DisplayWidth.truncate(right, toColumns: area.width, ellipsis: glyphs.ellipsis)
        let rightStart = area.maxX - DisplayWidth.of(rightText)
        buffer.setString(rightText, x: rightStart, y: row.y, style: theme.statusBar, clip: row)
        var x = area.x
        if !left.isEmpty {
            let leftText = DisplayWidth.truncate(left, toColumns: max(0, rightStart - x - 1), ellipsis: glyphs.ellipsis)
            x = buffer.setString(leftText, x: x, y: row.y, style: theme.statusBar, clip: row) + 2
        }
        for hint in hints {
            let width = DisplayWidth.of(hint.key) + 2 + DisplayWidth.of(hint.label)
            guard x + width < rightStart else { break }
            let afterKey = buffer.setString(" \(hint.key)", x: x, y: row.y, style: theme.statusBar.patched(with: theme.keyHint), clip: row)
            buffer.setString(" " + hint.label, x: afterKey, y: row.y, style: theme.statusBar, clip: row)
            x += width + 1
        }
    }
}
