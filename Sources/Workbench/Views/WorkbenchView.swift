import OTCore
import OTSession
import OTSolvers
import Terminal

/// Draws the whole workbench for one frame into a cell buffer: title bar, the five panes, the
/// status line and any overlay. A pure function of the model's state, so tests render it into a
/// `Buffer` and read the cells.
public struct WorkbenchView {
    let model: WorkbenchModel
    let layout: WorkbenchLayout
    let glyphs: GlyphSet
    let theme: Theme

    public init(model: WorkbenchModel, layout: WorkbenchLayout, glyphs: GlyphSet, theme: Theme) {
        self.model = model
        self.layout = layout
        self.glyphs = glyphs
        self.theme = theme
    }

    public func render(into buffer: inout Buffer) {
        guard layout.fits else {
            renderTooSmall(into: &buffer)
            return
        }
        renderTitleBar(into: &buffer)
        for pane in Pane.allCases {
            let frame = layout.rect(pane)
            let inner = Frame.draw(frame, title: "\(pane.rawValue + 1) \(pane.title)", focused: model.focus == pane,
                                   buffer: &buffer, glyphs: glyphs, theme: theme)
            renderPane(pane, in: inner, buffer: &buffer)
        }
        renderStatusLine(into: &buffer)
        if let overlay = model.overlay { OverlayView(model: model, overlay: overlay, glyphs: glyphs, theme: theme).render(into: &buffer) }
    }

    /// Tells the runner how big a heatmap to aggregate, from the plan pane's current size.
    public func requestHeatmapSize() {
        let inner = layout.rect(.plan).inset(by: 1)
        let size = PlanView.requestedSize(for: inner)
        model.runner.setHeatmapSize(rows: size.rows, columns: size.columns)
    }

    private func renderPane(_ pane: Pane, in area: Rect, buffer: inout Buffer) {
        let snapshot = model.snapshot
        switch pane {
        case .problem:
            ProblemView(problem: model.setup.problem).render(in: area, buffer: &buffer, glyphs: glyphs, theme: theme)
        case .plan:
            PlanView(heatmap: snapshot.heatmap, logScale: model.logColorScale).render(in: area, buffer: &buffer, glyphs: glyphs, theme: theme)
        case .convergence:
            ConvergenceView(
                records: model.records, keptRuns: model.keptRuns.map { ($0.label, $0.records) },
                timeAxis: model.timeAxis, currentLabel: model.setup.solver.name
            ).render(in: area, buffer: &buffer, glyphs: glyphs, theme: theme)
        case .statistics:
            let tolerance = model.setup.parameters.has("tol") ? model.setup.parameters.real("tol") : nil
            let rows = StatisticsContent.rows(snapshot: snapshot, records: model.records, problem: model.setup.problem, tolerance: tolerance)
            TextTable.render(rows, in: area, buffer: &buffer, theme: theme, highlightFirst: snapshot.status.reason != nil || snapshot.startError != nil)
        case .solver:
            var rows: [(String, String)] = [("solver", model.setup.solver.name)]
            rows += model.setup.parameters.orderedPairs.map { ($0.name, $0.value.description) }
            rows.append(("speed", SpeedControl.label(model.speed)))
            rows.append(("colour scale", model.logColorScale ? "log" : "linear"))
            TextTable.render(rows, in: area, buffer: &buffer, theme: theme, highlightFirst: false)
            let hintRow = area.maxY - 1
            if hintRow > area.y + rows.count {
                _ = buffer.setString("s solver · e edit · +/- reg", x: area.x, y: hintRow, style: theme.dimText, clip: area)
            }
        }
    }

    private func renderTitleBar(into buffer: inout Buffer) {
        let bar = layout.titleBar
        buffer.fill(bar, with: Cell(" ", style: theme.statusBar))
        let status = StatisticsContent.statusText(model.snapshot)
        let left = " otlab · \(model.setup.title) · \(model.setup.solver.title)"
        _ = buffer.setString(left, x: bar.x, y: bar.y, style: theme.statusBar.with(.bold), clip: bar)
        let badge = " \(status.split(separator: ":").first.map(String.init) ?? status) "
        let badgeStyle: Style
        switch model.snapshot.status {
        case .diverged: badgeStyle = theme.error
        case .converged: badgeStyle = Style(foreground: .black, background: .green, adding: .bold)
        default: badgeStyle = theme.keyHint
        }
        let x = bar.maxX - DisplayWidth.of(badge)
        if x > DisplayWidth.of(left) { _ = buffer.setString(badge, x: x, y: bar.y, style: theme.colorEnabled ? badgeStyle : Style(adding: .reverse), clip: bar) }
    }

    private func renderStatusLine(into buffer: inout Buffer) {
        let bar = layout.statusBar
        buffer.fill(bar, with: Cell(" ", style: theme.statusBar))
        if let reason = model.snapshot.status.reason {
            _ = buffer.setString(" ✗ \(reason)", x: bar.x, y: bar.y, style: theme.error, clip: bar)
            return
        }
        if let notice = model.notice {
            _ = buffer.setString(" \(notice.text)", x: bar.x, y: bar.y, style: theme.statusBar.with(.bold), clip: bar)
            return
        }
        var x = bar.x
        for binding in KeyBindings.all where binding.hint {
            let key = " \(binding.keys) "
            x = buffer.setString(key, x: x, y: bar.y, style: theme.keyHint, clip: bar)
            x = buffer.setString(" \(binding.label)  ", x: x, y: bar.y, style: theme.statusBar, clip: bar)
            if x >= bar.maxX { break }
        }
    }

    private func renderTooSmall(into buffer: inout Buffer) {
        let message = "otlab needs at least \(WorkbenchLayout.minimumWidth)×\(WorkbenchLayout.minimumHeight); this terminal is \(buffer.width)×\(buffer.height)"
        let y = buffer.height / 2
        let x = max(0, (buffer.width - DisplayWidth.of(message)) / 2)
        _ = buffer.setString(message, x: x, y: y, style: theme.title, clip: buffer.area)
        let hint = "enlarge the window, or press q to quit"
        _ = buffer.setString(hint, x: max(0, (buffer.width - hint.count) / 2), y: y + 1, style: theme.dimText, clip: buffer.area)
    }
}

/// A frame with a title; returns the inner area.
enum Frame {
    static func draw(_ rect: Rect, title: String, focused: Bool, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) -> Rect {
        guard rect.width >= 2, rect.height >= 2 else { return .zero }
        let box = focused && glyphs.isUnicode ? BoxGlyphs.unicodeHeavy : glyphs.box
        let style = focused ? theme.focusedBorder : theme.border
        for x in rect.x..<rect.maxX {
            buffer.set(x: x, y: rect.y, glyph: box.horizontal, style: style)
            buffer.set(x: x, y: rect.maxY - 1, glyph: box.horizontal, style: style)
        }
        for y in rect.y..<rect.maxY {
            buffer.set(x: rect.x, y: y, glyph: box.vertical, style: style)
            buffer.set(x: rect.maxX - 1, y: y, glyph: box.vertical, style: style)
        }
        buffer.set(x: rect.x, y: rect.y, glyph: box.topLeft, style: style)
        buffer.set(x: rect.maxX - 1, y: rect.y, glyph: box.topRight, style: style)
        buffer.set(x: rect.x, y: rect.maxY - 1, glyph: box.bottomLeft, style: style)
        buffer.set(x: rect.maxX - 1, y: rect.maxY - 1, glyph: box.bottomRight, style: style)
        _ = buffer.setString(" \(title) ", x: rect.x + 1, y: rect.y, style: focused ? theme.focusedBorder : theme.title,
                             clip: Rect(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: 1))
        return rect.inset(by: 1)
    }
}

/// Two-column key/value text, the value column aligned.
enum TextTable {
    static func render(_ rows: [(String, String)], in area: Rect, buffer: inout Buffer, theme: Theme, highlightFirst: Bool) {
        let keyWidth = min(area.width / 2, (rows.map { DisplayWidth.of($0.0) }.max() ?? 0) + 1)
        for (index, row) in rows.enumerated() where index < area.height {
            let y = area.y + index
            _ = buffer.setString(row.0, x: area.x, y: y, style: theme.dimText, clip: area)
            let valueStyle = highlightFirst && index == 0 ? theme.error : theme.text
            _ = buffer.setString(row.1, x: area.x + keyWidth, y: y, style: valueStyle, clip: area)
        }
    }
}
