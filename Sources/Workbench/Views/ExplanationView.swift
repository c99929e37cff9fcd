import Terminal

/// The explanation pane: the current preset's description (what to watch for), word-wrapped with
/// the Terminal layer's `TextWrap`, in a framed band at the bottom of the convergence pane.
///
/// `E` shows and hides it. It takes only the rows its text needs while the convergence chart keeps
/// at least `minimumChartHeight` rows; on a short screen it takes what the chart can spare, and
/// when not even that is left it takes the whole pane, ending clipped text with an ellipsis.
struct ExplanationView {
    /// The preset's description.
    var text: String

    /// Rows the convergence chart keeps (frame included) while the explanation is shown.
    static let minimumChartHeight = 7
    /// The fewest rows worth giving the explanation (frame and two lines of text).
    static let minimumHeight = 4
    static let title = "What to watch · E hides"

    /// Where the explanation goes inside the convergence pane's `rect`, and what is left for the chart
    /// (zero height when the explanation takes the whole pane).
    func placement(in rect: Rect) -> (area: Rect, remaining: Rect) {
        let needed = lines(width: rect.width - 2).count + 2
        let height: Int
        if rect.height - needed >= Self.minimumChartHeight {
            height = needed
        } else if rect.height - Self.minimumChartHeight >= Self.minimumHeight {
            height = rect.height - Self.minimumChartHeight
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

    func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        guard area.width >= 4, area.height >= 3 else { return }
        buffer.fill(area, with: Cell(" ", style: theme.text))
        let inner = Frame.draw(area, title: Self.title, focused: false, buffer: &buffer, glyphs: glyphs, theme: theme)
        var shown = Array(lines(width: inner.width).prefix(inner.height))
        if shown.count < lines(width: inner.width).count, let last = shown.popLast() {
            let ellipsis = glyphs.ellipsis
            shown.append(DisplayWidth.truncate(last, toColumns: max(0, inner.width - DisplayWidth.of(ellipsis))) + ellipsis)
        }
        for (row, line) in shown.enumerated() {
            _ = buffer.setString(line, x: inner.x, y: inner.y + row, style: theme.text, clip: inner)
        }
    }
}
