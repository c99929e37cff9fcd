import Terminal

/// The status line's key hints for what the workbench is doing now (the main panes, paint mode,
/// the compare or sweep view, a dialog), fitted to the screen's width by priority.
///
/// Each mode lists its hints in display order, each with a priority (1 is kept longest). When the
/// line is too narrow, hints are dropped lowest priority first; the closing hints are never dropped
/// and always come last: `? help` and `q quit` wherever those keys do that, and in a dialog (where
/// `q` and `?` close the dialog or are typed as letters) the keys that actually leave it, said the
/// same way in every dialog: `Esc / q  close` in the help, `Esc / q  cancel` in the pickers,
/// `Esc  cancel` in the text forms, `Enter / Esc  close` on a message. So a person can always see
/// how to get help and how to leave, at 80 columns as at 200. (Ctrl-C quits from anywhere; the help
/// says so.)
struct HintBar: Equatable {
    struct Hint: Equatable {
        var key: String
        var label: String
        /// 1 is kept longest; higher numbers are dropped first when the line is short.
        var priority: Int

        init(_ key: String, _ label: String, _ priority: Int = 1) {
            self.key = key
            self.label = label
            self.priority = priority
        }

        /// Columns the hint takes: " key " then " label ".
        var width: Int { DisplayWidth.of(key) + DisplayWidth.of(label) + 4 }
    }

    /// Hints that may be dropped, in display order.
    var hints: [Hint]
    /// Hints always shown, at the end of the line.
    var closing: [Hint]

    static let help = Hint("?", "help")
    static let quit = Hint("q", "quit")

    /// The hints for the model's current mode; `canScroll` says whether PgUp/PgDn have something
    /// to scroll on this screen.
    static func forModel(_ model: WorkbenchModel, canScroll: Bool = false) -> HintBar {
        if let overlay = model.overlay { return forOverlay(overlay, loading: model.fileLoad != nil) }
        if model.comparePicker != nil {
            return HintBar(hints: [Hint("↑↓", "move"), Hint("space", "choose"), Hint("Enter", "compare")],
                           closing: [Hint("Esc / q", "cancel")])
        }
        if model.comparison != nil {
            return HintBar(hints: [Hint("s", "pick solvers"), Hint("t", "x axis", 2), Hint("m / Esc", "close")],
                           closing: [help, quit])
        }
        if model.sweepRuns != nil {
            return HintBar(hints: [Hint("t", "x axis", 2), Hint("l", "log / linear", 3), Hint("w / Esc", "close")],
                           closing: [help, quit])
        }
        if let canvas = model.paint {
            let other = canvas.side.name == "source" ? "target" : "source"
            return HintBar(hints: [Hint("←↑↓→", "move"), Hint("space / +", "add"), Hint("x / -", "remove"),
                                   Hint("Tab", "paint \(other)", 2), Hint("b / Esc", "end paint"), Hint("mouse", "L add, R remove", 3)],
                           closing: [help, quit])
        }
        var hints: [Hint] = []
        if model.runner.isFinished {
            hints.append(Hint("r", "restart"))
        } else {
            hints.append(Hint("space", model.snapshot.isPaused ? "resume" : "pause"))
            hints.append(Hint("n", "step", 4))
            hints.append(Hint("r", "restart", 3))
        }
        hints.append(Hint("s", "solver"))
        hints.append(Hint("e", "params", 2))
        if model.setup.parameters.has("reg") { hints.append(Hint("+/-", "reg ×2 ÷2", 2)) }
        hints.append(Hint("E", model.showsExplanation ? "hide text" : "explain"))
        if canScroll { hints.append(Hint("PgUp/PgDn", "scroll")) }
        hints.append(Hint("z", model.zoomed == nil ? "zoom" : "unzoom", 3))
        hints.append(Hint("Tab", "pane", 5))
        hints.append(Hint("p", "presets", 3))
        hints.append(Hint("</>", "speed", 6))
        hints.append(Hint("c", "keep run", 6))
        hints.append(Hint("m", "compare", 5))
        hints.append(Hint("w", "sweep", 6))
        hints.append(Hint("x", "export", 7))
        return HintBar(hints: hints, closing: [help, quit])
    }

    private static func forOverlay(_ overlay: WorkbenchModel.Overlay, loading: Bool) -> HintBar {
        switch overlay {
        case .help:
            return HintBar(hints: [Hint("PgUp/PgDn ↑↓", "scroll"), Hint("Home/End", "top / end", 3)],
                           closing: [Hint("Esc / q", "close")])
        case .presetPicker where loading:
            return HintBar(hints: [], closing: [Hint("Esc", "stop loading"), quit])
        case .solverPicker, .presetPicker:
            return HintBar(hints: [Hint("↑↓", "move"), Hint("Enter", "open")], closing: [Hint("Esc / q", "cancel")])
        case .parameterForm:
            return HintBar(hints: [Hint("↑↓ / Tab", "field"), Hint("Enter", "apply")], closing: [Hint("Esc", "cancel")])
        case .openFiles:
            // While the files are read nothing is typed: Esc abandons the load and q quits.
            if loading { return HintBar(hints: [], closing: [Hint("Esc", "stop loading"), quit]) }
            return HintBar(hints: [Hint("Tab", "source / target"), Hint("Enter", "open"), Hint("~", "is home", 3)],
                           closing: [Hint("Esc", "cancel")])
        case .message:
            return HintBar(hints: [], closing: [Hint("Enter / Esc", "close")])
        }
    }

    /// The hints that fit in `width` columns, in display order: the closing hints always, then the
    /// droppable ones by priority (earlier first among equals) while they fit.
    func fitted(width: Int) -> [Hint] {
        var remaining = width - closing.reduce(0) { $0 + $1.width }
        var kept = Set<Int>()
        let order = hints.indices.sorted { (hints[$0].priority, $0) < (hints[$1].priority, $1) }
        for index in order where hints[index].width <= remaining {
            kept.insert(index)
            remaining -= hints[index].width
        }
        return hints.indices.filter(kept.contains).map { hints[$0] } + closing
    }

    /// Columns the closing hints take (what a message on the same line must leave free).
    var closingWidth: Int { closing.reduce(0) { $0 + $1.width } }

    /// Draws the fitted hints from `x` to the end of `row`; the closing hints end at the right edge
    /// when `rightAligned`, else they follow the others.
    func render(in row: Rect, from x: Int, rightAligned: Bool = false, buffer: inout Buffer, theme: Theme) {
        let width = row.maxX - x
        guard width > 0 else { return }
        var shown = fitted(width: width)
        if rightAligned { shown = closing }
        var column = rightAligned ? row.maxX - closingWidth : x
        // Without colour the bar is reversed; keys then stand out as bold, not reversed.
        let keyStyle = theme.colorEnabled ? theme.keyHint : Style(adding: .bold, removing: .reverse)
        for hint in shown {
            column = buffer.setString(" \(hint.key) ", x: column, y: row.y, style: keyStyle, clip: row)
            column = buffer.setString(" \(hint.label) ", x: column, y: row.y, style: theme.statusBar, clip: row)
        }
    }
}
