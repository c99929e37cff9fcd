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
        model.drawnAreas = [:]
        model.drawnStyle = (glyphs, theme)
        let explanation = model.showsExplanation ? explanationView : nil
        let explanationPlacement = explanation?.placement(in: layout.rect(explanationHost))
        if renderAnalysis(into: &buffer) {
            renderStatusLine(into: &buffer)
            if let overlay = model.overlay { OverlayView(model: model, overlay: overlay, glyphs: glyphs, theme: theme).render(into: &buffer) }
            return
        }
        for pane in Pane.allCases {
            var frame = layout.rect(pane)
            if frame.isEmpty { continue }  // another pane is zoomed
            if pane == explanationHost, let explanationPlacement {
                frame = explanationPlacement.remaining
                if frame.height == 0 { continue }
            }
            let inner = Frame.draw(frame, title: "\(pane.rawValue + 1) \(pane.title)\(titleSuffix(pane))", focused: model.focus == pane,
                                   buffer: &buffer, glyphs: glyphs, theme: theme)
            model.drawnAreas[pane] = inner
            renderPane(pane, in: inner, buffer: &buffer)
            if pane == .statistics {
                // The keys are named only when they scroll this pane (not while they scroll the explanation).
                statisticsTable(in: inner).scrollIndicator(in: inner, glyphs: glyphs)
                    .render(onBorderOf: frame, buffer: &buffer, style: theme.keyHint, namesKeys: WorkbenchInput.scrollTarget(for: model) == .statistics)
            }
        }
        if let explanation, let explanationPlacement {
            explanation.render(in: explanationPlacement.area, buffer: &buffer, glyphs: glyphs, theme: theme)
        }
        renderStatusLine(into: &buffer)
        if let overlay = model.overlay { OverlayView(model: model, overlay: overlay, glyphs: glyphs, theme: theme).render(into: &buffer) }
    }

    /// The pane the explanation is drawn in: the convergence pane, or the zoomed pane.
    private var explanationHost: Pane { layout.zoomed ?? .convergence }

    private var explanationView: ExplanationView {
        ExplanationView(text: model.setup.description, scrollOffset: model.scrollOffset(.explanation))
    }

    /// Where a scrolling text stands on this screen (for the keys and the wheel to clamp their
    /// offset), or nil when it is not shown.
    public func scrollIndicator(_ target: ScrollTarget) -> ScrollIndicator? {
        guard layout.fits else { return nil }
        switch target {
        case .explanation:
            guard model.showsExplanation else { return nil }
            let view = explanationView
            return view.scrollIndicator(in: view.placement(in: layout.rect(explanationHost)).area)
        case .help:
            guard model.overlay == .help else { return nil }
            return OverlayView(model: model, overlay: .help, glyphs: glyphs, theme: theme)
                .helpScrollIndicator(width: layout.titleBar.width, height: layout.statusBar.maxY)
        case .statistics:
            let frame = layout.rect(.statistics)
            guard !frame.isEmpty else { return nil }
            let inner = frame.inset(by: 1)
            return statisticsTable(in: inner).scrollIndicator(in: inner, glyphs: glyphs)
        }
    }

    /// The explanation's frame on this screen, for the mouse wheel; nil when not shown.
    public var explanationArea: Rect? {
        guard layout.fits, model.showsExplanation else { return nil }
        return explanationView.placement(in: layout.rect(explanationHost)).area
    }

    /// The statistics rows as a table whose long values (a diverged reason) wrap, scrolled.
    private func statisticsTable(in area: Rect) -> KeyValueTable {
        let snapshot = model.snapshot
        let tolerance = model.setup.parameters.has("tol") ? model.setup.parameters.real("tol") : nil
        let rows = StatisticsContent.rows(snapshot: snapshot, records: model.records, problem: model.setup.problem, tolerance: tolerance,
                                          lesson: model.lessonFigures)
        let highlightFirst = snapshot.status.reason != nil || snapshot.startError != nil
        return KeyValueTable(rows: rows.enumerated().map { index, row in
            KeyValueTable.Row(row.0, row.1, valueStyle: highlightFirst && index == 0 ? theme.error : nil)
        }, wrapsValues: true, scrollOffset: model.scrollOffset(.statistics))
    }

    /// Tells the runner how big a heatmap to aggregate, from the plan pane's current size.
    public func requestHeatmapSize() {
        let inner = layout.rect(.plan).inset(by: 1)
        let size: (rows: Int, columns: Int)
        if model.setup.problem.kind != .barycenter {
            size = PlanView.requestedSize(for: inner)
        } else if model.barycenterPlanInput != nil {
            // BarycenterPlanView: half-block pixels under its caption row.
            size = (max(1, 2 * (inner.height - 1)), max(1, inner.width))
        } else {
            size = BarycenterView.requestedSize(problem: model.setup.problem, area: inner)
        }
        model.runner.setHeatmapSize(rows: size.rows, columns: size.columns)
    }

    private func renderPane(_ pane: Pane, in area: Rect, buffer: inout Buffer) {
        let snapshot = model.snapshot
        switch pane {
        case .problem:
            if let canvas = model.paint {
                PaintView(canvas: canvas).render(in: area, buffer: &buffer, glyphs: glyphs, theme: theme)
            } else if model.showsPotentials {
                PotentialsView(problem: model.setup.problem, potentials: snapshot.potentials, solverName: model.setup.solver.name)
                    .render(in: area, buffer: &buffer, glyphs: glyphs, theme: theme)
            } else if model.interpolation.isActive {
                InterpolationView(path: model.interpolationPath, dots: model.interpolationDots, error: model.interpolationError, t: model.interpolation.t)
                    .render(in: area, buffer: &buffer, glyphs: glyphs, theme: theme)
            } else if let barycenter = model.setup.problem.barycenter, barycenter.gridShape != nil {
                BarycenterInputsView(barycenter: barycenter).render(in: area, buffer: &buffer, glyphs: glyphs, theme: theme)
            } else if let barycenter = model.setup.problem.barycenter, case .free = barycenter.support {
                // Every input cloud with its λ (the measures' source and target are only the first two).
                let series = barycenter.measures.enumerated().compactMap { k, measure in
                    measure.points.map { points in
                        Scatter.Series(name: "\(k + 1): λ \(NumberFormat.compact(barycenter.weights[k]))",
                                       points: BarycenterView.planar(points), color: theme.seriesColor(k))
                    }
                }
                Scatter(series: series, preservesAspectRatio: true).render(in: area, buffer: &buffer, glyphs: glyphs, theme: theme)
            } else if let note = model.setup.streamNote, area.height > 5 {
                // A watched stream's measures, and under them what the stream did not send.
                let lines = Array(TextWrap.lines(note, width: max(8, area.width)).filter { !$0.isEmpty }.prefix(3))
                ProblemView(problem: model.setup.problem, colorTransfer: nil, pictures: nil)
                    .render(in: Rect(x: area.x, y: area.y, width: area.width, height: area.height - lines.count), buffer: &buffer,
                            glyphs: glyphs, theme: theme)
                for (k, line) in lines.enumerated() {
                    _ = buffer.setString(line, x: area.x, y: area.maxY - lines.count + k, style: theme.dimText, clip: area)
                }
            } else {
                ProblemView(problem: model.setup.problem, colorTransfer: model.setup.colorTransfer.map { pictures in
                    ColorTransferView(pictures: pictures, problem: model.setup.problem,
                                      plan: snapshot.status.isFinished ? snapshot.plan.map { ($0, [snapshot.generation, snapshot.planIteration ?? 0]) } : nil)
                }, pictures: model.setup.pictures, lesson: model.lessonFigures,
                            mapArrows: model.setup.mapArrows,
                            coupling: (model.setup.lesson as? GibbsCouplingStatistic).map {
                                CouplingHeatmapView(title: "Gibbs coupling exp(-C/reg)/Z", coupling: $0.coupling, a: model.setup.problem.a,
                                                    b: model.setup.problem.b, caption: "marginal bias \(String(format: "%.4g", $0.marginalBias))",
                                                    logScale: model.logColorScale)
                            }).render(in: area, buffer: &buffer, glyphs: glyphs, theme: theme)
            }
        case .plan:
            if let barycenter = model.setup.problem.barycenter, let input = model.barycenterPlanInput {
                BarycenterPlanView(heatmap: snapshot.heatmapInput == input ? snapshot.heatmap : nil, input: input, count: barycenter.count,
                                   iteration: snapshot.latest?.iteration ?? 0, finished: snapshot.status.isFinished, logScale: model.logColorScale)
                    .render(in: area, buffer: &buffer, glyphs: glyphs, theme: theme)
            } else if let barycenter = model.setup.problem.barycenter {
                var view = BarycenterView(picture: snapshot.heatmapInput == nil ? snapshot.heatmap : nil, weights: barycenter.weights,
                                          iteration: snapshot.latest?.iteration ?? 0, finished: snapshot.status.isFinished)
                if case .free = barycenter.support {
                    view.clouds = barycenter.measures.compactMap(\.points)
                    if case .dense(let support)? = snapshot.plan { view.support = support }
                }
                view.render(in: area, buffer: &buffer, glyphs: glyphs, theme: theme)
            } else {
                model.planView().render(in: area, buffer: &buffer, glyphs: glyphs, theme: theme)
            }
        case .convergence:
            model.convergenceView().render(in: area, buffer: &buffer, glyphs: glyphs, theme: theme)
        case .statistics:
            statisticsTable(in: area).render(in: area, buffer: &buffer, glyphs: glyphs, theme: theme)
        case .solver:
            var rows: [(String, String)] = [("solver", model.setup.solver.name)]
            rows += model.setup.parameters.orderedPairs.map { ($0.name, $0.value.description) }
            if let engine = model.engineSolver {
                rows.append(("engine", "\(EngineSolver.title(of: engine.engine)) (python3)"))
            } else {
                rows.append(("speed", SpeedControl.label(model.speed)))
            }
            rows.append(("colour scale", model.logColorScale ? "log" : "linear"))
            TextTable.render(rows, in: area, buffer: &buffer, glyphs: glyphs, theme: theme, highlightFirst: false)
            if !model.runner.acceptsCommands || model.engineSolver != nil {
                // A watched command's or an engine probe's stderr below the parameters: its newest
                // lines that fit (above the key hint for an engine run, which takes keys).
                let messages = model.sourceMessages
                let top = area.y + rows.count
                let room = area.maxY - top - (model.runner.acceptsCommands ? 1 : 0)
                for (k, line) in messages.suffix(max(0, room)).enumerated() {
                    _ = buffer.setString(line, x: area.x, y: top + k, style: theme.dimText, clip: area)
                }
                if !model.runner.acceptsCommands { return }
            }
            let hintRow = area.maxY - 1
            if hintRow > area.y + rows.count {
                _ = buffer.setString("s solver · e edit · +/- reg", x: area.x, y: hintRow, style: theme.dimText, clip: area)
            }
        }
    }

    /// What the problem pane shows besides the measures: paint mode, the potentials, or μ_t's time;
    /// what the plan pane's colours and edges mean.
    private func titleSuffix(_ pane: Pane) -> String {
        if pane == .plan {
            guard model.setup.problem.kind == .barycenter else { return (model.snapshot.heatmapOrder != nil ? " · sorted" : "") + " · colour P/(ab) · edges mass per point" }
            if let input = model.barycenterPlanInput { return " · plan of input \(input + 1) · K next" }
            if case .free? = model.setup.problem.barycenter?.support { return " · barycenter support · K plans" }
            return model.barycenterSweep.isPlaying ? " · barycenter · λ sweep ▶ (a stops)" : " · barycenter (mass per pixel) · a sweeps λ"
        }
        guard pane == .problem else { return "" }
        if let canvas = model.paint { return " · paint \(canvas.side.name)" }
        if model.showsPotentials { return " · potentials f, g" }
        if model.interpolation.isActive { return " · \(model.interpolation.label)\(model.interpolation.isPlaying ? " ▶" : "")" }
        return ""
    }

    /// The compare (`m`) or sweep (`w`) view over the whole body, when one is open.
    private func renderAnalysis(into buffer: inout Buffer) -> Bool {
        let body = Rect(x: 0, y: layout.titleBar.maxY, width: layout.titleBar.width, height: layout.statusBar.y - layout.titleBar.maxY)
        if let comparison = model.comparison {
            CompareView(outcomes: comparison.outcomes, timeAxis: model.timeAxis, problemTitle: model.setup.title,
                        picker: model.comparePicker)
                .render(in: body, buffer: &buffer, glyphs: glyphs, theme: theme)
            return true
        }
        if let sweepRuns = model.sweepRuns {
            SweepView(outcomes: sweepRuns.outcomes, heatmaps: sweepRuns.heatmaps, a: model.setup.problem.a, b: model.setup.problem.b,
                      exactIndex: sweepRuns.exactIndex,
                      logScale: model.logColorScale, problemTitle: model.setup.title,
                      lesson: model.lessonSweep.map { SweepView.LessonChart(sweep: $0, figures: model.lessonSweepFigures) })
                .render(in: body, buffer: &buffer, glyphs: glyphs, theme: theme)
            return true
        }
        return false
    }

    /// The title bar: the run's status badge on the right always, the title before it cut to fit.
    private func renderTitleBar(into buffer: inout Buffer) {
        let bar = layout.titleBar
        buffer.fill(bar, with: Cell(" ", style: theme.statusBar))
        let status = StatisticsContent.statusText(model.snapshot)
        let badge = " \(status.split(separator: ":").first.map(String.init) ?? status) "
        let badgeStyle: Style
        switch model.snapshot.status {
        case .diverged: badgeStyle = theme.error
        case .converged: badgeStyle = Style(foreground: .black, background: .green, adding: .bold)
        default: badgeStyle = theme.keyHint
        }
        let x = bar.maxX - DisplayWidth.of(badge)
        _ = buffer.setString(badge, x: x, y: bar.y, style: theme.colorEnabled ? badgeStyle : Style(adding: .reverse), clip: bar)
        let zoom = layout.zoomed.map { " · zoom: \($0.title) (z back)" } ?? ""
        let left = " otlab · \(model.setup.title) · \(model.setup.solver.title)\(zoom)"
        let room = max(0, x - bar.x - 1)
        let shown = DisplayWidth.of(left) > room ? DisplayWidth.truncate(left, toColumns: max(0, room - DisplayWidth.of(glyphs.ellipsis))) + glyphs.ellipsis : left
        _ = buffer.setString(shown, x: bar.x, y: bar.y, style: theme.statusBar.with(.bold), clip: Rect(x: bar.x, y: bar.y, width: room, height: 1))
    }

    /// The status line: a message on the left when there is one (the diverged reason, a notice, a
    /// stall warning), cut to leave room for the closing hints; otherwise the mode's key hints.
    private func renderStatusLine(into buffer: inout Buffer) {
        let bar = layout.statusBar
        buffer.fill(bar, with: Cell(" ", style: theme.statusBar))
        let target = WorkbenchInput.scrollTarget(for: model)
        let hints = HintBar.forModel(model, canScroll: target.flatMap(scrollIndicator).map { $0.maximumOffset > 0 } ?? false)
        let message: (text: String, style: Style)?
        if let reason = model.snapshot.status.reason {
            message = (" ✗ \(reason)", theme.error)
        } else if let notice = model.notice {
            message = (" \(notice.text)", theme.statusBar.with(.bold))
        } else if let note = model.snapshot.sourceNote ?? model.snapshot.skippedNote {
            message = (" ⚠ \(note)", theme.error)
        } else if let warning = model.snapshot.warning {
            message = (" ⚠ \(warning)", theme.error)
        } else {
            message = nil
        }
        guard let message else {
            hints.render(in: bar, from: bar.x, buffer: &buffer, theme: theme)
            return
        }
        let room = max(0, bar.width - hints.closingWidth - 1)
        let text = DisplayWidth.of(message.text) > room
            ? DisplayWidth.truncate(message.text, toColumns: max(0, room - DisplayWidth.of(glyphs.ellipsis))) + glyphs.ellipsis : message.text
        _ = buffer.setString(text, x: bar.x, y: bar.y, style: message.style, clip: bar)
        hints.render(in: bar, from: bar.x, rightAligned: true, buffer: &buffer, theme: theme)
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

/// A titled frame drawn with the Terminal layer's `Block`; returns the inner area.
enum Frame {
    static func draw(_ rect: Rect, title: String, focused: Bool, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) -> Rect {
        guard rect.width >= 2, rect.height >= 2 else { return .zero }
        let block = Block(title: title, isFocused: focused)
        block.render(in: rect, buffer: &buffer, glyphs: glyphs, theme: theme)
        return block.inner(rect)
    }
}

/// Key/value rows through the Terminal layer's `KeyValueTable`; the first value can be flagged
/// as an error (a diverged status).
enum TextTable {
    static func render(_ rows: [(String, String)], in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme, highlightFirst: Bool) {
        let table = KeyValueTable(rows: rows.enumerated().map { index, row in
            KeyValueTable.Row(row.0, row.1, valueStyle: highlightFirst && index == 0 ? theme.error : nil)
        })
        table.render(in: area, buffer: &buffer, glyphs: glyphs, theme: theme)
    }
}

extension WorkbenchModel {
    /// The plan pane's view of the current state (the input handler asks it where a click falls).
    func planView() -> PlanView {
        let problem = setup.problem
        return PlanView(heatmap: snapshot.heatmap, a: problem.a, b: problem.b, sourcePoints: problem.source.points,
                        targetPoints: problem.target.points, sourceLabels: problem.source.labels, targetLabels: problem.target.labels,
                        logScale: logColorScale,
                        rowOrder: snapshot.heatmapOrder?.rows, columnOrder: snapshot.heatmapOrder?.columns, cursor: planCursor)
    }

    /// The convergence pane's view of the current state.
    func convergenceView() -> ConvergenceView {
        ConvergenceView(records: records, keptRuns: overlaidRuns, timeAxis: timeAxis,
                        currentLabel: setup.solver.name, isFinished: snapshot.status.isFinished, cursorIteration: chartCursor)
    }
}
