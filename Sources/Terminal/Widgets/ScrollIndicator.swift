/// Where a scrolled text stands: how many lines are hidden above and below the visible window.
///
/// Drawn on the bottom border of the text's frame (" ▲ 3  ▼ 12 more PgDn "), so a person sees
/// that there is more to read and which key reads it; nothing is drawn when the whole text fits.
public struct ScrollIndicator: Hashable, Sendable {
    /// Lines of the whole text.
    public var total: Int
    /// Lines the window shows.
    public var visible: Int
    /// The first line shown, clamped to `0...maximumOffset`.
    public var offset: Int

    public init(total: Int, visible: Int, offset: Int) {
        self.total = max(0, total)
        self.visible = max(0, visible)
        self.offset = min(max(0, offset), max(0, self.total - self.visible))
    }

    /// The largest useful offset: the one that shows the text's last line at the window's bottom.
    public var maximumOffset: Int { max(0, total - visible) }
    public var hiddenAbove: Int { offset }
    public var hiddenBelow: Int { max(0, total - offset - visible) }

    /// The label, naming the key that reads on (PgDn / PgUp) when `namesKeys`; nil when everything fits.
    public func label(namesKeys: Bool = true) -> String? {
        switch (hiddenAbove, hiddenBelow) {
        case (0, 0): return nil
        case (0, let below): return " ▼ more (\(below) line\(below == 1 ? "" : "s"))\(namesKeys ? " PgDn" : "") "
        case (let above, 0): return " ▲ \(above) above · end\(namesKeys ? " · PgUp" : "") "
        case (let above, let below): return " ▲ \(above)  ▼ \(below) more "
        }
    }

    /// Draws the label right-aligned on the bottom border of `frame` (its last row), leaving the
    /// corners; draws nothing when everything fits.
    public func render(onBorderOf frame: Rect, buffer: inout Buffer, style: Style, namesKeys: Bool = true) {
        guard let label = label(namesKeys: namesKeys), frame.width >= 6, frame.height >= 2 else { return }
        let row = Rect(x: frame.x + 1, y: frame.maxY - 1, width: frame.width - 2, height: 1)
        let text = DisplayWidth.truncate(label, toColumns: row.width)
        buffer.setString(text, x: row.maxX - DisplayWidth.of(text) - 1, y: row.y, style: style, clip: row)
    }
}
