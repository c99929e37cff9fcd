import Foundation
import OTCore
import OTSession
import OTSolvers
import Terminal

/// The workbench's state and behaviour, without any drawing: actions in, runner commands out.
///
/// Lives on the UI thread. Reads the runner's snapshot and new records once per frame (`refresh`),
/// never waiting for the solver.
public final class WorkbenchModel {
    /// A modal overlay, at most one at a time.
    public enum Overlay: Equatable {
        case help
        case solverPicker(selection: Int)
        case presetPicker(selection: Int)
        case parameterForm(ParameterForm)
        case openFiles(FileForm)
        case message(title: String, text: String, isError: Bool)
    }

    public private(set) var setup: ProblemSetup {
        didSet { setupVersion += 1 }
    }
    /// Counts changes of `setup`, so caches of the problem (the sorted order) know when to go.
    private var setupVersion = 0
    /// The run shown: a local solver, an engine's run through the Python probe (`EngineRunner`), or
    /// a watched stream (the views cannot tell them apart). Replaced when the solver picker
    /// switches between otlab's solvers and an engine's.
    public private(set) var runner: any RunSource
    /// Which engines (POT, OTT-JAX) python3 imports, checked off the UI thread when the solver
    /// picker first opens; nil before. Tests set it.
    public var engineAvailability: EngineAvailability?
    /// The interpreter engine runs start (`python3`; tests put a stand-in script here).
    public var enginePython = "python3"
    private var engineAvailabilityRevision = -1
    /// Further watched streams (`otlab watch A.jsonl B.jsonl`): their curves overlay the chart.
    public private(set) var companions: [CompanionRun] = []
    public var focus: Pane = .plan
    public var overlay: Overlay?
    public var logColorScale = true
    public var timeAxis = false
    /// Whether the explanation pane (the preset's description) is shown; `E` toggles it.
    public var showsExplanation = false
    /// The pane maximised over the whole body (`z`), or nil for the tiled layout.
    public var zoomed: Pane?
    /// How many lines each scrolling text is scrolled down (clamped by the view when drawn and by
    /// `scroll(_:by:limit:)` when moved).
    public private(set) var scrollOffsets: [ScrollTarget: Int] = [:]
    public private(set) var speed: Double?
    public private(set) var keptRuns: [KeptRun] = []
    public private(set) var snapshot: RunSnapshot
    /// The current run's records (thinned by the runner for long runs).
    public private(set) var records: [IterationRecord] = []
    /// Transient note for the status line (e.g. "exported plan.npy"), with its expiry time.
    public private(set) var notice: (text: String, until: Double)?
    public private(set) var quitRequested = false
    /// The compare view's runs (`m`): several solvers on the loaded problem, nil when closed.
    public private(set) var comparison: RunGroup?
    /// The sweep view's runs (`w`): one solver over several regularizations, nil when closed.
    public private(set) var sweepRuns: RunGroup?
    /// The sweep the sweep view runs (its regularizations and whether the exact cost is included).
    public private(set) var sweep: RegularizationSweep?
    /// The lesson sweep the sweep view runs instead, when the preset has one, and the figures of
    /// its finished points (nil until a point's plan is in).
    public private(set) var lessonSweep: LessonSweep?
    public private(set) var lessonSweepFigures: [LessonFigures?] = []
    /// The compare view's solver chooser (`s` while comparing), nil when closed.
    public var comparePicker: ComparePicker?
    /// Whether the main run was going when a compare or sweep view paused it.
    private var resumeAfterAnalysis = false
    let provider: SetupProvider?
    /// The files the open dialog is reading, off the UI thread; nil when none (see `FileLoad`).
    public private(set) var fileLoad: FileLoad?
    /// The last whole second of a running load shown, so that the progress note is redrawn each second.
    private var fileLoadSecondsShown = -1
    private var recordEpoch = -1
    private var lastRevision = -1
    private var exportRequested = false
    /// The displacement-interpolation slider of the problem pane (`[`, `]`, `a`).
    public var interpolation = InterpolationSlider()
    /// The plan pane of a barycenter problem: nil shows the barycenter, k the plan between input k
    /// and the barycenter (`K` cycles; `SolverRunner.setHeatmapInput`).
    public private(set) var barycenterPlanInput: Int?
    /// When the support of a free-support barycenter was last asked for (the scatter draws it).
    private var lastSupportRequest = -Double.infinity
    /// The `a` key on a barycenter problem: λ sweeping around the inputs' simplex.
    public var barycenterSweep = BarycenterSweep()
    /// μ_t's pairs along the latest plan of the current run, rebuilt when a newer plan arrives.
    public private(set) var interpolationPath: DisplacementInterpolation?
    /// The pairs the 2-D scatter draws (`InterpolationView.displayFraction`), chosen once per plan.
    public private(set) var interpolationDots: [DisplacementInterpolation.Pair] = []
    /// Why the current problem has no interpolation (e.g. weight vectors without points).
    public private(set) var interpolationError: String?
    private var interpolationPlanKey: [Int]?
    private var lastPlanRequest = -Double.infinity
    /// The lesson statistic's figures for the latest plan (see `LessonTracker`).
    private var lessonTracker = LessonTracker()
    /// The figures of the setup's lesson statistic (nil when the setup has none).
    public var lessonFigures: LessonFigures? { lessonTracker.figures }
    /// Whether the problem pane shows the dual potentials f and g (`f`).
    public var showsPotentials = false
    /// Paint mode (`b`): the editable source and target grids, or nil.
    public private(set) var paint: PaintCanvas?
    /// When the last paint edit not yet applied was made (edits are applied after a short pause).
    private var paintEditedAt: Double?
    /// Seconds without a paint edit before the problem is rebuilt and the solver restarted.
    public static let paintDebounceSeconds = 0.25
    /// The plan pane's inspect cursor (arrows while the plan pane is focused, a click on the plan,
    /// or the pointer hovering over it), nil when off; Esc hides it.
    public var planCursor: HeatmapCursor? {
        didSet { if planCursor == nil { planCursorFollowsPointer = false } }
    }
    /// True while the plan's inspect cursor was put there by the pointer hovering over the plan
    /// (not by a click or the arrows): it follows the pointer and goes when the pointer leaves.
    public var planCursorFollowsPointer = false
    /// Whether the plan's rows and columns are sorted along the principal axis of the points
    /// (`O`) rather than shown in input order.
    public private(set) var sortsPlan = false
    /// The sorted order of the loaded problem, computed once per problem.
    private var planOrderCache: (problem: Int, order: HeatmapOrder?)?
    /// Largest plan (n·m entries) shown sorted: a sorted heatmap forms the plan at display rate.
    public static let sortedPlanLimit = 4_000_000
    /// The convergence chart's crosshair: the iteration it reads off (the nearest record is
    /// shown), nil when off; Esc hides it.
    public var chartCursor: Int?
    /// The inner area each pane was last drawn in, and the glyphs and theme it was drawn with, so
    /// a click or an arrow key maps to what is on the screen (whatever zoom or explanation did to
    /// the layout). Written by `WorkbenchView.render`.
    public internal(set) var drawnAreas: [Pane: Rect] = [:]
    public internal(set) var drawnStyle: (glyphs: GlyphSet, theme: Theme) = (.unicode, .standard)

    public init(setup: ProblemSetup, provider: SetupProvider?) {
        self.setup = setup
        self.provider = provider
        self.speed = setup.speed
        let runner = SolverRunner(configuration: WorkbenchModel.configuration(for: setup, speed: setup.speed))
        self.runner = runner
        self.snapshot = runner.snapshot
    }

    /// A workbench on a run that comes from elsewhere (`otlab watch`): `source` drives the panes,
    /// `companions` overlay their curves (labelled) on the convergence chart.
    public init(setup: ProblemSetup, source: any RunSource, companions: [(label: String, source: any RunSource)] = []) {
        self.setup = setup
        self.provider = nil
        self.speed = nil
        self.runner = source
        self.snapshot = source.snapshot
        self.companions = companions.map { CompanionRun(label: $0.label, source: $0.source) }
    }

    /// The runs overlaid on the convergence chart: kept runs, then the live companions.
    public var overlaidRuns: [(label: String, records: [IterationRecord])] {
        keptRuns.map { ($0.label, $0.records) } + companions.map { ($0.label, $0.records) }
    }

    /// Side output of the run's source (a watched command's stderr), newest last.
    public var sourceMessages: [String] { runner.messages }

    static func configuration(for setup: ProblemSetup, speed: Double?) -> RunConfiguration {
        RunConfiguration(
            problem: setup.problem, solver: setup.solver, parameters: setup.parameters,
            evaluation: .perSecond(30), iterationsPerSecond: speed,
            keepsFinalPlan: setup.colorTransfer != nil)  // the colour-transfer result needs the final plan
    }

    // MARK: Plan order

    /// Sorts the plan's rows and columns along the principal axis of the source and target
    /// points together, or returns to input order; says why when the problem cannot be sorted.
    public func togglePlanOrder() {
        if sortsPlan {
            sortsPlan = false
            runner.setHeatmapOrder(nil)
            post("plan in input order")
            return
        }
        let problem = setup.problem
        guard runner.canReorderHeatmap else {
            post("no sorted order: this run's heatmap comes summed by its producer")
            return
        }
        guard let xs = problem.source.points, let ys = problem.target.points, xs.columns == ys.columns else {
            post("no sorted order: the measures are not point clouds of one dimension")
            return
        }
        guard !problem.hasImplicitCost, problem.sourceCount * problem.targetCount <= Self.sortedPlanLimit else {
            post("no sorted order: the \(problem.sourceCount) x \(problem.targetCount) plan is too large to form at display rate")
            return
        }
        sortsPlan = true
        runner.setHeatmapOrder(planOrder())
        post("plan rows and columns sorted along the principal axis of the points")
    }

    /// The sorted order of the loaded problem's points (nil when they have no principal axis).
    func planOrder() -> HeatmapOrder? {
        let key = setupVersion
        if let cache = planOrderCache, cache.problem == key { return cache.order }
        var order: HeatmapOrder?
        if let xs = setup.problem.source.points, let ys = setup.problem.target.points,
           let axis = PrincipalAxisOrder.axis(of: [xs, ys]) {
            order = HeatmapOrder(rows: PrincipalAxisOrder.order(of: xs, along: axis), columns: PrincipalAxisOrder.order(of: ys, along: axis))
        }
        planOrderCache = (key, order)
        return order
    }

    // MARK: Frame update

    /// Pulls the latest snapshot and new records; returns true when something changed.
    @discardableResult
    public func refresh(now: Double = ProcessInfo.processInfo.systemUptime) -> Bool {
        if sortsPlan { runner.setHeatmapOrder(planOrder()) }
        let latest = runner.snapshot
        var changed = latest.revision != lastRevision || latest.generation != snapshot.generation
        if latest.generation != snapshot.generation { records = []; recordEpoch = -1 }
        snapshot = latest
        lastRevision = latest.revision
        let (slice, epoch) = runner.records(from: records.count)
        if epoch != recordEpoch {
            records = Array(runner.records(from: 0).records)
            recordEpoch = epoch
            changed = true
        } else if !slice.isEmpty {
            records.append(contentsOf: slice)
            changed = true
        }
        if let notice, now > notice.until {
            self.notice = nil
            changed = true
        }
        for index in companions.indices where companions[index].refresh() { changed = true }
        if let engineAvailability, engineAvailability.revision != engineAvailabilityRevision {
            engineAvailabilityRevision = engineAvailability.revision
            changed = true
        }
        if let comparison, comparison.refresh() { changed = true }
        if let sweepRuns, sweepRuns.refresh() {
            changed = true
            if let lessonSweep {
                for index in lessonSweepFigures.indices where lessonSweepFigures[index] == nil {
                    guard let plan = sweepRuns.plans[index] else { continue }
                    lessonSweepFigures[index] = lessonSweep.figures(at: index, plan: plan, iteration: sweepRuns.outcomes[index].iterations)
                }
            }
        }
        if exportRequested, let plan = snapshot.plan {
            exportRequested = false
            finishExport(plan)
            changed = true
        }
        if updateInterpolation(now: now) { changed = true }
        if lessonTracker.update(statistic: setup.lesson, setupVersion: setupVersion, snapshot: snapshot, runner: runner,
                                planSize: setup.problem.sourceCount * setup.problem.targetCount, now: now) { changed = true }
        if updateBarycenterSweep(now: now) { changed = true }
        requestBarycenterSupport(now: now)
        if applyPendingPaint(now: now) { changed = true }
        if pollFileLoad(now: now) { changed = true }
        return changed
    }

    // MARK: Opening files

    /// Starts reading the open dialog's files on a thread of their own; the dialog shows a progress
    /// note until `refresh` picks the outcome up.
    public func startFileLoad(source: String, target: String) {
        guard let provider, fileLoad == nil else { return }
        fileLoad = FileLoad(provider: provider, source: source, target: target, solver: setup.solver, parameters: setup.parameters)
        fileLoadSecondsShown = -1
    }

    /// Starts opening a preset picked with `p` on a thread of its own (its files are read and checked
    /// there); the picker shows a progress note until `refresh` picks the outcome up.
    public func startPresetLoad(_ name: String) {
        guard let provider, fileLoad == nil else { return }
        fileLoad = FileLoad(provider: provider, preset: name)
        fileLoadSecondsShown = -1
    }

    /// Abandons the running load (Esc): its outcome will be dropped.
    public func cancelFileLoad() {
        fileLoad = nil
    }

    /// Opens a finished load's problem, or shows its error in the dialog. True when the screen changed
    /// (an outcome arrived, or the progress note's seconds moved on).
    private func pollFileLoad(now: Double) -> Bool {
        guard let load = fileLoad else { return false }
        guard let outcome = load.finished else {
            let seconds = Int(max(0, now - load.started))
            defer { fileLoadSecondsShown = seconds }
            return seconds != fileLoadSecondsShown
        }
        fileLoad = nil
        if let preset = load.preset {
            switch outcome {
            case .loaded(let setup):
                if case .presetPicker = overlay { overlay = nil }
                open(setup)
            case .failed(let message):
                overlay = .message(title: "Cannot open preset \(DisplayText.escaped(preset))", text: message, isError: true)
            }
            return true
        }
        switch outcome {
        case .loaded(let setup):
            if case .openFiles = overlay { overlay = nil }
            open(setup)
        case .failed(let message):
            var form = FileForm()
            if case .openFiles(let open) = overlay { form = open }
            form.source = load.source
            form.target = load.target
            form.error = message
            overlay = .openFiles(form)
        }
        return true
    }

    public func post(_ text: String, seconds: Double = 4) {
        notice = (text, ProcessInfo.processInfo.systemUptime + seconds)
    }

    // MARK: Actions

    public func perform(_ action: WorkbenchAction) {
        if !runner.acceptsCommands && Self.changesTheRun(action) {
            post("watching a stream: its producer runs the solve, so this key does nothing here (c keeps, x exports)")
            return
        }
        if let engine = engineSolver, let reason = Self.engineRefusal(action, engine: engine) {
            post(reason)
            return
        }
        switch action {
        case .togglePause: runner.togglePause()
        case .singleStep: runner.step()
        case .restart: restart()
        case .pickSolver:
            if engineAvailability == nil { engineAvailability = EngineAvailability() }
            let index = solverPickerItems.firstIndex { $0.key == setup.solver.name } ?? 0
            overlay = .solverPicker(selection: index)
        case .editParameters: overlay = .parameterForm(ParameterForm(parameters: setup.parameters))
        case .increaseRegularization: scaleRegularization(by: 2)
        case .decreaseRegularization: scaleRegularization(by: 0.5)
        case .openPreset:
            if provider != nil { overlay = .presetPicker(selection: 0) }
        case .openFiles: overlay = .openFiles(FileForm())
        case .toggleLogColorScale: logColorScale.toggle()
        case .togglePlanOrder: togglePlanOrder()
        case .toggleTimeAxis: timeAxis.toggle()
        case .keepRunForComparison: keepRun()
        case .clearComparison:
            keptRuns.removeAll()
            post("cleared kept runs")
        case .export: startExport()
        case .slower: setSpeed(SpeedControl.slower(than: speed))
        case .faster: setSpeed(SpeedControl.faster(than: speed))
        case .focusNext: setFocus(Pane(rawValue: (focus.rawValue + 1) % Pane.allCases.count)!)
        case .focusPrevious: setFocus(Pane(rawValue: (focus.rawValue + Pane.allCases.count - 1) % Pane.allCases.count)!)
        case .focus(let pane): setFocus(pane)
        case .showHelp:
            overlay = overlay == .help ? nil : .help
            scrollOffsets[.help] = 0
        case .dismiss: dismiss()
        case .quit: quitRequested = true
        case .toggleExplanation:
            showsExplanation.toggle()
            scrollOffsets[.explanation] = 0
        case .toggleZoom: zoomed = zoomed == nil ? focus : nil
        case .interpolationBackward: interpolation.move(by: -InterpolationSlider.step)
        case .interpolationForward: interpolation.move(by: InterpolationSlider.step)
        case .toggleInterpolationPlayback:
            if setup.problem.kind == .barycenter {
                barycenterSweep.toggle()
                if !barycenterSweep.isPlaying { restart() }
            } else {
                interpolation.togglePlaying(now: ProcessInfo.processInfo.systemUptime)
            }
        case .togglePotentials: showsPotentials.toggle()
        case .cycleBarycenterPlan: cycleBarycenterPlan()
        case .togglePaint: togglePaint()
        case .toggleCompare: toggleCompare()
        case .toggleSweep: toggleSweep()
        }
    }

    /// Moves the focus; while a pane is zoomed the zoom follows the focus (Tab pages through the
    /// panes at full size).
    private func setFocus(_ pane: Pane) {
        focus = pane
        if zoomed != nil { zoomed = pane }
    }

    /// The line a scrolling text starts at.
    public func scrollOffset(_ target: ScrollTarget) -> Int { scrollOffsets[target] ?? 0 }

    /// Scrolls a text by `lines` (negative: up), keeping the offset within `0...limit`, the most the
    /// text can scroll on the current screen.
    public func scroll(_ target: ScrollTarget, by lines: Int, limit: Int) {
        scrollOffsets[target] = min(max(0, limit), max(0, scrollOffset(target) + lines))
    }

    /// The engine solver the run uses (`pot:sinkhorn-log`), nil for otlab's own.
    public var engineSolver: EngineSolver? { EngineSolver.named(setup.solver.name) }

    /// The solver picker's lines: otlab's solvers, then the engines' (see `SolverPickerItem`).
    public var solverPickerItems: [SolverPickerItem] { SolverPickerItem.items(availability: engineAvailability) }

    /// Picks the picker's line `index`: switches solver, or, on an engine's note, says it again.
    public func pickSolverItem(at index: Int) {
        let items = solverPickerItems
        guard items.indices.contains(index) else { return }
        switch items[index] {
        case .solver(let descriptor):
            overlay = nil
            switchSolver(to: descriptor)
        case .note(_, let text):
            post(text, seconds: 6)
        }
    }

    /// Why a key does nothing while another engine runs the solve (nil: it works).
    static func engineRefusal(_ action: WorkbenchAction, engine: EngineSolver) -> String? {
        let title = EngineSolver.title(of: engine.engine)
        switch action {
        case .singleStep: return "\(title) runs in its own process: no single steps (space pauses it)"
        case .slower, .faster: return "\(title) runs at its own pace: the speed control is the swift engine's"
        case .toggleCompare, .toggleSweep: return "compare and sweep run otlab's solvers: pick one with s first"
        default: return nil
        }
    }

    /// Actions that pause, restart or re-parameterize the run, or start other runs on its problem:
    /// meaningless for a watched stream.
    static func changesTheRun(_ action: WorkbenchAction) -> Bool {
        switch action {
        case .togglePause, .singleStep, .restart, .pickSolver, .editParameters, .increaseRegularization, .decreaseRegularization,
             .openPreset, .openFiles, .slower, .faster, .togglePaint, .toggleCompare, .toggleSweep: true
        default: false
        }
    }

    /// Opens the compare view on the loaded problem (pausing the main run so the compared runs
    /// have the cores), or closes it and resumes the main run.
    public func toggleCompare() {
        if comparison != nil {
            closeAnalysis()
            return
        }
        closeAnalysis()
        pauseForAnalysis()
        comparison = RunGroup(comparison: ComparisonDefaults.comparison(for: setup, speed: speed))
    }

    /// Restarts the comparison with the named solvers (the compare view's chooser).
    public func compare(solverNames names: [String]) {
        guard comparison != nil else { return }
        comparison?.shutdown()
        comparison = RunGroup(comparison: ComparisonDefaults.comparison(for: setup, speed: speed, names: names))
    }

    /// Opens the sweep view (the current solver over four regularizations and the exact cost), or
    /// closes it.
    public func toggleSweep() {
        if sweepRuns != nil {
            closeAnalysis()
            return
        }
        closeAnalysis()
        if let lesson = setup.lessonSweep {
            pauseForAnalysis()
            lessonSweep = lesson
            lessonSweepFigures = Array(repeating: nil, count: lesson.points.count)
            sweepRuns = RunGroup(comparison: lesson.comparison(evaluation: .perSecond(10)), heatmapSize: (rows: 24, columns: 24))
            return
        }
        guard let sweep = ComparisonDefaults.sweep(for: setup) else {
            post("no regularization sweep for \(setup.solver.name) on this problem")
            return
        }
        pauseForAnalysis()
        self.sweep = sweep
        sweepRuns = RunGroup(comparison: sweep.comparison(evaluation: .perSecond(10)),
                             exactIndex: sweep.includesExact ? sweep.parameterSets.count : nil,
                             heatmapSize: (rows: 24, columns: 24))
    }

    /// Closes the compare or sweep view, stopping its runs, and resumes the main run if it was going.
    public func closeAnalysis() {
        guard comparison != nil || sweepRuns != nil else { return }
        comparison?.shutdown()
        sweepRuns?.shutdown()
        comparison = nil
        comparePicker = nil
        sweepRuns = nil
        sweep = nil
        lessonSweep = nil
        lessonSweepFigures = []
        if resumeAfterAnalysis { runner.resume() }
        resumeAfterAnalysis = false
    }

    private func pauseForAnalysis() {
        resumeAfterAnalysis = !runner.snapshot.isPaused && !runner.isFinished
        if resumeAfterAnalysis { runner.pause() }
    }

    /// Restarts the run on the current setup: the same runner with a new configuration, or a new
    /// one when the solver moved between otlab's engine and POT / OTT-JAX.
    public func restart() {
        let configuration = WorkbenchModel.configuration(for: setup, speed: speed)
        if let engine = engineSolver {
            if let current = runner as? EngineRunner, current.engine.descriptor.name == engine.descriptor.name {
                current.restart(with: configuration)
            } else {
                replaceRunner(with: EngineRunner(configuration: configuration, engine: engine, python: enginePython))
            }
        } else if runner is EngineRunner {
            replaceRunner(with: SolverRunner(configuration: configuration))
        } else {
            runner.restart(with: configuration)
        }
        records = []
        recordEpoch = -1
    }

    /// Puts a new run source in place of the current one, which is shut down (its process ended).
    private func replaceRunner(with source: any RunSource) {
        runner.shutdown()
        runner = source
        source.setHeatmapInput(barycenterPlanInput)
        snapshot = source.snapshot
        lastRevision = -1
        if sortsPlan && !source.canReorderHeatmap { sortsPlan = false }
    }

    /// Replaces the solver and/or parameters and restarts.
    public func apply(solver: SolverDescriptor, parameters: ParameterValues) {
        for (name, value) in setup.parameters.orderedPairs { rememberedParameters[name] = value }
        setup.solver = solver
        setup.parameters = parameters
        restart()
    }

    /// Opens a new problem setup (preset or files) and restarts on it.
    public func open(_ newSetup: ProblemSetup) {
        setup = newSetup
        rememberedParameters = [:]
        barycenterPlanInput = nil
        runner.setHeatmapInput(nil)
        speed = newSetup.speed
        keptRuns.removeAll()
        // The canvas and μ_t's pairs belong to the old problem.
        paint = nil
        paintEditedAt = nil
        interpolationPath = nil
        interpolationDots = []
        interpolationPlanKey = nil
        restart()
        post("opened \(newSetup.title)")
    }

    /// Switches solver, keeping the values of parameters both solvers share, and bringing back
    /// values set earlier on this problem for parameters the current solver lacks: reg survives a
    /// switch to emd (which has none) and back.
    public func switchSolver(to descriptor: SolverDescriptor) {
        var values = descriptor.defaults
        for (name, value) in rememberedParameters where values.has(name) {
            try? values.set(name, value)
        }
        for (name, value) in setup.parameters.orderedPairs where values.has(name) {
            try? values.set(name, value)
        }
        apply(solver: descriptor, parameters: values)
        post("solver: \(descriptor.name)")
    }

    /// The latest value of every parameter set on this problem, whichever solver had it (cleared
    /// when another problem is opened).
    private var rememberedParameters: [String: ParameterValue] = [:]

    private func scaleRegularization(by factor: Double) {
        guard setup.parameters.has("reg") else {
            post("\(setup.solver.name) has no regularization")
            return
        }
        var values = setup.parameters
        let next = values.real("reg") * factor
        do {
            try values.set("reg", .real(next))
            apply(solver: setup.solver, parameters: values)
            post("reg = \(ParameterValue.format(next))")
        } catch {
            post("reg \(ParameterValue.format(next)) is out of range")
        }
    }

    private func setSpeed(_ newSpeed: Double?) {
        speed = newSpeed
        runner.setSpeed(iterationsPerSecond: newSpeed)
        post("speed: \(SpeedControl.label(newSpeed))")
    }

    private func keepRun() {
        guard !records.isEmpty else {
            post("nothing to keep yet")
            return
        }
        let reg = setup.parameters.has("reg") ? " reg=\(setup.parameters["reg"]?.description ?? "")" : ""
        keptRuns.append(KeptRun(label: "\(setup.solver.name)\(reg)", records: records))
        if keptRuns.count > 5 { keptRuns.removeFirst() }
        post("kept \(keptRuns.last!.label) for comparison")
    }

    // MARK: Export

    /// Where exports go: the current directory, named after the setup and the time.
    public var exportDirectory = FileManager.default.currentDirectoryPath
    /// Performs the writing of an export; set by the executable (the data layer's writers).
    /// It gets the plan with the weights it was solved between and the records, and the file stem.
    public var exportWriter: (@Sendable (ExportContent, String) throws -> [String])?

    private func startExport() {
        guard exportWriter != nil else {
            post("export is not available here")
            return
        }
        if setup.problem.hasImplicitCost {
            post("no plan export: the \(setup.problem.sourceCount) x \(setup.problem.targetCount) plan is not formed (implicit cost)", seconds: 6)
            return
        }
        exportRequested = true
        runner.requestPlan()
        post("exporting…")
    }

    private func finishExport(_ plan: TransportPlan) {
        guard let exportWriter else { return }
        let stem = ExportFiles.unusedStem(exportDirectory + "/otlab-\(setup.solver.name)-\(Int(Date().timeIntervalSince1970))")
        do {
            let written = try exportWriter(ExportContent(plan: plan, a: setup.problem.a, b: setup.problem.b, records: records), stem)
            post("exported " + ExportFiles.summary(written), seconds: 6)
        } catch {
            overlay = .message(title: "Export failed", text: MessageText.bounded("\(error)"), isError: true)
        }
    }

    /// Esc: closes the overlay; with none open, returns the problem pane to the plain measures
    /// (interpolation and potentials off).
    private func dismiss() {
        if overlay != nil {
            overlay = nil
        } else if planCursor != nil || chartCursor != nil {
            planCursor = nil
            chartCursor = nil
        } else if zoomed != nil {
            zoomed = nil
        } else {
            interpolation.deactivate()
            showsPotentials = false
        }
    }

    // MARK: Interpolation

    /// Advances the animation, rebuilds μ_t's pairs when a newer plan arrived, and asks the runner
    /// for the current plan (every 0.3 s, or every n·m / 2e6 s for bigger plans) while the one
    /// shown is older than the run.
    /// While λ sweeps: once the current barycenter is final and has been shown for a moment, the
    /// next λ starts (unthrottled, so the picture morphs at the solver's pace). λ keeps a 2% floor
    /// per input so no logarithm in the geometric mean meets a zero weight times an empty pixel.
    private func updateBarycenterSweep(now: Double) -> Bool {
        guard barycenterSweep.isPlaying, let barycenter = setup.problem.barycenter, runner.isFinished else { return false }
        guard let finished = barycenterSweep.finishedAt else {
            barycenterSweep.finishedAt = now
            return false
        }
        guard now - finished >= BarycenterSweep.hold else { return false }
        let count = barycenter.count
        let lambdas = barycenterSweep.advance(count: count).map { 0.98 * $0 + 0.02 / Double(count) }
        setup.problem.barycenter?.weights = lambdas
        runner.restart(with: WorkbenchModel.configuration(for: setup, speed: nil))
        records = []
        recordEpoch = -1
        return true
    }

    private func updateInterpolation(now: Double) -> Bool {
        guard interpolation.isActive else { return false }
        var changed = interpolation.advance(now: now)
        if let plan = snapshot.plan, let iteration = snapshot.planIteration, interpolationPlanKey != [snapshot.generation, iteration] {
            interpolationPlanKey = [snapshot.generation, iteration]
            do {
                let path = try DisplacementInterpolation(source: setup.problem.source, target: setup.problem.target, plan: plan,
                                                         relativeThreshold: InterpolationView.relativeThreshold)
                interpolationPath = path
                interpolationDots = path.prominentPairs(fraction: InterpolationView.displayFraction, limit: InterpolationView.maximumPoints)
                interpolationError = nil
            } catch {
                interpolationPath = nil
                interpolationDots = []
                interpolationError = error.message
            }
            changed = true
        }
        let current = snapshot.plan != nil && snapshot.planIteration == (snapshot.latest?.iteration ?? 0)
        // A full plan is copied and paired on each request: ask less often for big problems.
        let interval = max(0.3, Double(setup.problem.sourceCount * setup.problem.targetCount) / 2e6)
        if !current && snapshot.startError == nil && now - lastPlanRequest >= interval {
            runner.requestPlan()
            lastPlanRequest = now
        }
        return changed
    }

    // MARK: Barycenter plans

    /// `K`: the barycenter, then input 1's plan to it, input 2's, ..., and back to the barycenter.
    public func cycleBarycenterPlan() {
        guard let barycenter = setup.problem.barycenter else {
            post("K shows a barycenter's plans; this problem has one plan (the plan pane)")
            return
        }
        let next: Int? = switch barycenterPlanInput {
        case nil: 0
        case let k? where k + 1 < barycenter.count: k + 1
        default: nil
        }
        barycenterPlanInput = next
        runner.setHeatmapInput(next)
        post(next.map { "plan of input \($0 + 1) to the barycenter (K: next)" } ?? "the barycenter")
    }

    /// A free-support barycenter's scatter draws the support points, which come with the plan:
    /// ask for it every 0.2 s while the one shown is older than the run.
    private func requestBarycenterSupport(now: Double) {
        guard case .free? = setup.problem.barycenter?.support, barycenterPlanInput == nil, snapshot.startError == nil else { return }
        let current = snapshot.plan != nil && snapshot.planIteration == (snapshot.latest?.iteration ?? 0)
        guard !current, now - lastSupportRequest >= 0.2 else { return }
        runner.requestPlan()
        lastSupportRequest = now
    }

    // MARK: Paint mode

    private func togglePaint() {
        if paint != nil {
            applyPendingPaint(now: .infinity)
            paint = nil
            post("paint mode off")
            return
        }
        switch PaintCanvas.make(for: setup.problem) {
        case .success(let canvas):
            paint = canvas
            focus = .problem
            post("painting the source: arrows move, space adds, x removes, Tab switches side, b ends")
        case .failure(let unavailable):
            post(unavailable.reason, seconds: 6)
        }
    }

    /// Applies one edit to the paint canvas; the solver restarts once edits pause for
    /// `paintDebounceSeconds`.
    public func editPaint(now: Double = ProcessInfo.processInfo.systemUptime, _ change: (inout PaintCanvas) -> Void) {
        guard var canvas = paint else { return }
        let before = canvas
        change(&canvas)
        paint = canvas
        if canvas.source != before.source || canvas.target != before.target { paintEditedAt = now }
    }

    /// Rebuilds the problem from the canvas and restarts when the last edit is old enough.
    @discardableResult
    private func applyPendingPaint(now: Double) -> Bool {
        guard let editedAt = paintEditedAt, let canvas = paint, now - editedAt >= Self.paintDebounceSeconds else { return false }
        paintEditedAt = nil
        setup.problem = canvas.problem(from: setup.problem)
        setup.lesson = nil  // the lesson's statistic described the problem before the paint
        restart()
        return true
    }

    /// Stops the solver thread for good.
    public func shutdown() {
        comparison?.shutdown()
        sweepRuns?.shutdown()
        runner.shutdown()
        for companion in companions { companion.source.shutdown() }
    }
}
