import OTSession
import Terminal

/// A lesson's bars in the problem pane (e.g. tokens per expert for the routing lesson): one row per
/// category, one column of horizontal bars per series side by side on a shared scale, each bar
/// ending in its value, and the reference level (the balanced load) marked where a bar stops short
/// of it. Readable without colour: the series are told apart by their column and header.
struct LessonBarsView {
    var bars: LessonFigures.Bars

    func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        guard !area.isEmpty, !bars.series.isEmpty else { return }
        let marker: Character = glyphs.isUnicode ? "┊" : ":"
        var title = bars.title
        if let reference = bars.reference {
            // The reference's note in full where it fits, else just its mark and value.
            let full = "  \(marker) balanced \(StatisticsContent.compact(reference))", short = " \(marker) \(StatisticsContent.compact(reference))"
            title += DisplayWidth.of(title + full) <= area.width ? full : short
        }
        _ = buffer.setString(title, x: area.x, y: area.y, style: theme.text.with(.bold), clip: area)
        guard area.height >= 3 else { return }
        let labelWidth = (bars.categories.map { DisplayWidth.of($0) }.max() ?? 0) + 1
        let columnWidth = max(4, (area.width - labelWidth) / bars.series.count)
        let numberWidth = (bars.series.flatMap(\.values).map { StatisticsContent.compact($0).count }.max() ?? 1) + 1
        let barWidth = max(1, columnWidth - numberWidth - 2)
        let top = max(bars.reference ?? 0, bars.series.flatMap(\.values).filter(\.isFinite).max() ?? 0)
        for (k, series) in bars.series.enumerated() {
            let x = area.x + labelWidth + k * columnWidth
            _ = buffer.setString(series.name, x: x, y: area.y + 1, style: theme.dimText,
                                 clip: Rect(x: x, y: area.y + 1, width: max(0, min(columnWidth - 1, area.maxX - x)), height: 1))
        }
        let rows = min(bars.categories.count, area.height - 2)
        for row in 0..<rows {
            let y = area.y + 2 + row
            let last = row == rows - 1 && rows < bars.categories.count
            _ = buffer.setString(last ? glyphs.ellipsis : bars.categories[row], x: area.x, y: y, style: theme.dimText, clip: area)
            if last { break }
            for (k, series) in bars.series.enumerated() where row < series.values.count {
                let x = area.x + labelWidth + k * columnWidth
                let value = series.values[row]
                let style = theme.colorEnabled ? Style(foreground: theme.seriesColor(k)) : theme.text
                let eighths = top > 0 && value.isFinite ? Int((value / top * Double(barWidth * 8)).rounded()) : 0
                for cell in 0..<barWidth {
                    let filled = min(8, max(0, eighths - cell * 8))
                    guard filled > 0 else { break }
                    buffer.set(x: x + cell, y: y, glyph: glyphs.horizontalBar(eighths: filled), style: style)
                }
                if let reference = bars.reference, top > 0 {
                    let cell = min(barWidth - 1, Int(reference / top * Double(barWidth)))
                    if cell * 8 >= eighths { buffer.set(x: x + cell, y: y, glyph: marker, style: theme.dimText) }
                }
                let number = StatisticsContent.compact(value)
                _ = buffer.setString(number, x: x + barWidth + 1, y: y, style: theme.text,
                                     clip: Rect(x: area.x, y: y, width: area.width, height: 1))
            }
        }
    }
}
