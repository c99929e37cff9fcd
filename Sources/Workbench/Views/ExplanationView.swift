import Terminal

/// The explanation pane: the current preset's description (what to watch for), word-wrapped with
/// the Terminal layer's `TextWrap`, in a framed band at the bottom of the convergence pane (or of
/// the zoomed pane).
///
/// `E` shows and hides it. It takes only the rows its text needs while the chart above keeps at
/// least three fifths of the pane (and `minimumChartHeight` rows); a longer text scrolls
/// (PgUp/PgDn, the mouse wheel) and says on its bottom border how much is left to read. When the
/// pane is too short for both, the explanation takes the whole pane.
struct ExplanationView {
    /// The preset's description.
    var text: String
    /// The first wrapped line shown.
    var scrollOffset = 0

    /// Rows the convergence chart keeps (frame included) while the explanation is shown.
    static let minimumChartHeight = 7
    /// The fewest rows worth giving the explanation (frame and two lines of text).
    static let minimumHeight = 4
    static let title = "What to watch · E hides"

    /// Where the explanation goes inside the pane's `rect`, and what is left for the chart (zero
    /// height when the explanation takes the whole pane).
    func placement(in rect: Rect) -> (area: Rect, remaining: Rect) {
        let needed = lines(width: rect.width - 2).count + 2
        let chart = max(Self.minimumChartHeight, rect.height * 3 / 5)
        let height: Int
        if rect.height - needed >= chart {
            height = needed
        } else if rect.height - chart >= Self.minimumHeight {
            height = rect.height - chart
        } else if rect.height - Self.minimumChartHeight >= Self.minimumHeight {
            height = Self.minimumHeight
        } else {
            height = rect.height
        }
        let remaining = Rect(x: rect.x, y: rect.y, width: rect.width, height: rect.height - height)
        return (Rect(x: rect.x, y: rect.y + rect.height - height, width: rect.width, height: height), remaining)
    }

    /// The description wrapped to `width` columns, without blank lines.
    func lines(width: Int) -> [String] {
        TextWrap.lines(text, width: max(1, width)).filter { !$0.isEmpty }
    }

    /// How far the text scrolls when drawn in `area` (the placement's area, frame included).
    func scrollIndicator(in area: Rect) -> ScrollIndicator {
        ScrollIndicator(total: lines(width: area.width - 2).count, visible: max(0, area.height - 2), offset: scrollOffset)
    }

    func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        guard area.width >= 4, area.height >= 3 else { return }
        buffer.fill(area, with: Cell(" ", style: theme.text))
        let inner = Frame.draw(area, title: Self.title, focused: false, buffer: &buffer, glyphs: glyphs, theme: theme)
        let indicator = scrollIndicator(in: area)
        let shown = lines(width: inner.width).dropFirst(indicator.offset).prefix(inner.height)
        for (row, line) in shown.enumerated() {
            _ = buffer.setString(line, x: inner.x, y: inner.y + row, style: theme.text, clip: inner)
        }
        indicator.render(onBorderOf: area, buffer: &buffer, style: theme.keyHint)
    }
}
