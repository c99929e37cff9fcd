import OTCore
import OTSolvers
import Terminal

/// Turns terminal events into workbench actions; an open overlay takes the keys first.
public enum WorkbenchInput {
    public static func handle(_ event: InputEvent, model: WorkbenchModel, layout: WorkbenchLayout) {
        switch event {
        case .interrupt:
            model.perform(.quit)
        case .resize:
            break
        case .mouse(let mouse):
            if mouse.kind == .wheelUp || mouse.kind == .wheelDown {
                handleWheel(mouse, model: model, layout: layout)
                break
            }
            if model.overlay == nil, model.paint != nil, handlePaintMouse(mouse, model: model, layout: layout) {
                break
            }
            if mouse.kind == .move {
                hover(atX: mouse.x, y: mouse.y, model: model)
                break
            }
            if model.overlay == nil, mouse.kind == .press, let pane = layout.pane(atX: mouse.x, y: mouse.y) {
                model.perform(.focus(pane))
                if mouse.button == .left, model.comparison == nil, model.sweepRuns == nil { inspect(atX: mouse.x, y: mouse.y, in: pane, model: model) }
            }
        case .key(let key):
            if key == .controlC {
                model.perform(.quit)
            } else if model.overlay == .help, handleScrollKey(key, target: .help, model: model, layout: layout, lineKeys: true) {
                break
            } else if let overlay = model.overlay {
                handleOverlay(key, overlay: overlay, model: model)
            } else if model.paint != nil, handlePaintKey(key, model: model) {
                break
            } else if model.comparison != nil || model.sweepRuns != nil {
                handleAnalysis(key, model: model)
            } else if let target = scrollTarget(for: model), handleScrollKey(key, target: target, model: model, layout: layout,
                                                                                  lineKeys: target == .statistics && model.focus == .statistics) {
                break
            } else {
                handleBase(key, model: model)
            }
        }
    }

    /// What PgUp/PgDn scroll in the main view: the statistics when focused, else the explanation
    /// when shown, else the statistics.
    static func scrollTarget(for model: WorkbenchModel) -> ScrollTarget? {
        guard model.comparison == nil, model.sweepRuns == nil, model.paint == nil || model.focus == .statistics else { return nil }
        if model.focus == .statistics { return .statistics }
        return model.showsExplanation ? .explanation : .statistics
    }

    /// PgUp/PgDn by a page, Home/End to either end and, with `lineKeys`, ↑↓ j k by a line. Returns
    /// false for other keys.
    private static func handleScrollKey(_ key: Key, target: ScrollTarget, model: WorkbenchModel, layout: WorkbenchLayout, lineKeys: Bool) -> Bool {
        let delta: Int
        guard let indicator = view(model, layout).scrollIndicator(target) else { return false }
        let page = max(1, indicator.visible - 1)
        switch key {
        case .pageUp: delta = -page
        case .pageDown: delta = page
        case .home: delta = -indicator.total
        case .end: delta = indicator.total
        case .up where lineKeys, .character("k") where lineKeys: delta = -1
        case .down where lineKeys, .character("j") where lineKeys: delta = 1
        default: return false
        }
        model.scroll(target, by: delta, limit: indicator.maximumOffset)
        return true
    }

    /// The wheel scrolls the text under the pointer by three lines: the help when it is open, else
    /// the explanation or the statistics pane.
    private static func handleWheel(_ mouse: MouseEvent, model: WorkbenchModel, layout: WorkbenchLayout) {
        let view = view(model, layout)
        let target: ScrollTarget
        if model.overlay == .help {
            target = .help
        } else if model.overlay != nil || model.comparison != nil || model.sweepRuns != nil {
            return
        } else if let area = view.explanationArea, area.contains(x: mouse.x, y: mouse.y) {
            target = .explanation
        } else if layout.pane(atX: mouse.x, y: mouse.y) == .statistics {
            target = .statistics
        } else {
            return
        }
        guard let indicator = view.scrollIndicator(target) else { return }
        model.scroll(target, by: mouse.kind == .wheelUp ? -3 : 3, limit: indicator.maximumOffset)
    }

    /// A view of the current screen, to measure the scrolling texts (glyphs and colours do not
    /// change how many lines they take).
    private static func view(_ model: WorkbenchModel, _ layout: WorkbenchLayout) -> WorkbenchView {
        WorkbenchView(model: model, layout: layout, glyphs: .unicode, theme: .monochrome)
    }

    private static func handleBase(_ key: Key, model: WorkbenchModel) {
        switch key {
        case .character(let c): if let action = KeyBindings.action(for: c) { model.perform(action) }
        case .tab: model.perform(.focusNext)
        case .backTab: model.perform(.focusPrevious)
        case .escape: model.perform(.dismiss)
        case .enter: model.perform(.togglePause)
        case .left: moveInspect(columns: -1, rows: 0, model: model)
        case .right: moveInspect(columns: 1, rows: 0, model: model)
        case .up: moveInspect(columns: 0, rows: -1, model: model)
        case .down: moveInspect(columns: 0, rows: 1, model: model)
        default: break
        }
    }

    /// Arrow keys inspect the focused pane: they move the plan's cursor by one block (the first
    /// press shows it in the middle of the plan) or the chart's crosshair by one plot column.
    private static func moveInspect(columns: Int, rows: Int, model: WorkbenchModel) {
        let (glyphs, theme) = model.drawnStyle
        switch model.focus {
        case .plan:
            guard let area = model.drawnAreas[.plan],
                  let grid = model.planView().gridSize(in: area, glyphs: glyphs, theme: theme) else { return }
            model.planCursorFollowsPointer = false
            if let cursor = model.planCursor {
                model.planCursor = cursor.clamped(rows: grid.rows, columns: grid.columns)
                    .moved(rows: rows, columns: columns, within: grid.rows, grid.columns)
            } else {
                model.planCursor = HeatmapCursor(row: grid.rows / 2, column: grid.columns / 2)
            }
        case .convergence:
            guard let area = model.drawnAreas[.convergence], columns != 0 || model.chartCursor == nil else { return }
            model.chartCursor = model.convergenceView().movedCursor(by: model.chartCursor == nil ? 0 : columns, in: area)
        default: break
        }
    }

    /// The pointer moving over the plan's body (no button held; terminals report it in mode 1003,
    /// which the backend asks for) puts the inspect cursor on the block under it; leaving the body
    /// takes away a cursor that hovering put there (one set by a click or the arrows stays).
    private static func hover(atX x: Int, y: Int, model: WorkbenchModel) {
        guard model.overlay == nil, model.paint == nil, model.comparison == nil, model.sweepRuns == nil else { return }
        let (glyphs, theme) = model.drawnStyle
        if let area = model.drawnAreas[.plan], let block = model.planView().block(atX: x, y: y, in: area, glyphs: glyphs, theme: theme) {
            guard model.planCursor == nil || model.planCursorFollowsPointer else { return }
            model.planCursor = block
            model.planCursorFollowsPointer = true
        } else if model.planCursorFollowsPointer {
            model.planCursor = nil
        }
    }

    /// A left click on the plan puts the inspect cursor on the block under it; on the chart, the
    /// crosshair on the record under it.
    private static func inspect(atX x: Int, y: Int, in pane: Pane, model: WorkbenchModel) {
        guard let area = model.drawnAreas[pane] else { return }
        let (glyphs, theme) = model.drawnStyle
        switch pane {
        case .plan:
            if let block = model.planView().block(atX: x, y: y, in: area, glyphs: glyphs, theme: theme) {
                model.planCursor = block
                model.planCursorFollowsPointer = false
            }
        case .convergence:
            if let iteration = model.convergenceView().iteration(atColumn: x, in: area) { model.chartCursor = iteration }
        default: break
        }
    }

    /// Paint mode's keys; returns false for keys it leaves to the base map.
    private static func handlePaintKey(_ key: Key, model: WorkbenchModel) -> Bool {
        switch key {
        case .left: model.editPaint { $0.moveCursor(columns: -1, rows: 0) }
        case .right: model.editPaint { $0.moveCursor(columns: 1, rows: 0) }
        case .up: model.editPaint { $0.moveCursor(columns: 0, rows: -1) }
        case .down: model.editPaint { $0.moveCursor(columns: 0, rows: 1) }
        case .character(" "), .character("+"), .character("="): model.editPaint { $0.add() }
        case .character("x"), .character("-"), .backspace, .delete: model.editPaint { $0.remove() }
        case .tab, .backTab: model.editPaint { $0.switchSide() }
        case .escape: model.perform(.togglePaint)
        default: return false
        }
        return true
    }

    /// Left press or drag adds mass under the pointer, right removes; returns false outside the canvas.
    private static func handlePaintMouse(_ mouse: MouseEvent, model: WorkbenchModel, layout: WorkbenchLayout) -> Bool {
        guard let canvas = model.paint, [.press, .drag].contains(mouse.kind), mouse.button == .left || mouse.button == .right,
              let cell = PaintView.gridCell(atX: mouse.x, y: mouse.y, in: layout.rect(.problem).inset(by: 1), canvas: canvas) else { return false }
        model.editPaint {
            $0.setCursor(column: cell.column, row: cell.row)
            if mouse.button == .left { $0.add() } else { $0.remove() }
        }
        return true
    }

    /// Keys while the compare or sweep view is open: it closes on its own key or Esc; `t`, `l`,
    /// `?` and `q` keep their meaning; the main run's keys wait until it closes.
    private static func handleAnalysis(_ key: Key, model: WorkbenchModel) {
        if var picker = model.comparePicker {
            switch picker.handle(key) {
            case .none: model.comparePicker = picker
            case .cancel: model.comparePicker = nil
            case .apply(let names):
                model.comparePicker = nil
                model.compare(solverNames: names)
            }
            return
        }
        if key == .character("s"), let comparison = model.comparison {
            model.comparePicker = ComparePicker(chosen: comparison.outcomes.map(\.solverName), problem: model.setup.problem)
            return
        }
        switch key {
        case .escape: model.closeAnalysis()
        case .character(let c):
            if let action = KeyBindings.action(for: c),
               [.toggleCompare, .toggleSweep, .toggleTimeAxis, .toggleLogColorScale, .showHelp, .quit].contains(action) {
                model.perform(action)
            }
        default: break
        }
    }

    private static func handleOverlay(_ key: Key, overlay: WorkbenchModel.Overlay, model: WorkbenchModel) {
        switch overlay {
        case .help, .message:
            if key == .escape || key == .enter || key == .character("q") || key == .character("?") || key == .character(" ") {
                model.overlay = nil
            }

        case .solverPicker(let selection):
            let count = max(1, model.solverPickerItems.count)
            switch key {
            case .up, .character("k"): model.overlay = .solverPicker(selection: (selection + count - 1) % count)
            case .down, .character("j"), .tab: model.overlay = .solverPicker(selection: (selection + 1) % count)
            case .enter:
                model.pickSolverItem(at: selection)
            case .escape, .character("q"): model.overlay = nil
            default: break
            }

        case .presetPicker(let selection):
            guard let provider = model.provider else { model.overlay = nil; return }
            // While the preset is read (off the UI thread), Esc abandons it and `q` quits.
            if model.fileLoad != nil {
                if key == .escape { model.cancelFileLoad() }
                if key == .character("q") { model.perform(.quit) }
                return
            }
            let presets = provider.presetList()
            let count = max(1, presets.count)
            switch key {
            case .up, .character("k"): model.overlay = .presetPicker(selection: (selection + count - 1) % count)
            case .down, .character("j"), .tab: model.overlay = .presetPicker(selection: (selection + 1) % count)
            case .enter:
                guard presets.indices.contains(selection) else { model.overlay = nil; return }
                model.startPresetLoad(presets[selection].name)
            case .escape, .character("q"): model.overlay = nil
            default: break
            }

        case .parameterForm(var form):
            switch key {
            case .up: form.moveSelection(by: -1)
            case .down, .tab: form.moveSelection(by: 1)
            case .backTab: form.moveSelection(by: -1)
            case .backspace: form.backspace()
            case .character(let c): form.type(c)
            case .escape:
                model.overlay = nil
                return
            case .enter:
                if let values = form.validated(against: model.setup.parameters) {
                    model.overlay = nil
                    model.apply(solver: model.setup.solver, parameters: values)
                    model.post("parameters applied; restarted")
                    return
                }
            default: break
            }
            model.overlay = .parameterForm(form)

        case .openFiles(var form):
            // While the files are read, Esc abandons the load and `q` quits; other keys wait.
            if model.fileLoad != nil {
                if key == .escape { model.cancelFileLoad() }
                if key == .character("q") { model.perform(.quit) }
                return
            }
            switch key {
            case .tab, .down, .up, .backTab: form.selection = 1 - form.selection
            case .backspace: form.backspace()
            case .character(let c): form.type(c)
            case .escape:
                model.overlay = nil
                return
            case .enter:
                guard model.provider != nil else { model.overlay = nil; return }
                if form.selection == 0 && form.target.isEmpty {
                    form.selection = 1
                } else {
                    form.error = nil
                    model.startFileLoad(source: form.sourcePath, target: form.targetPath)
                }
            default: break
            }
            model.overlay = .openFiles(form)
        }
    }
}
