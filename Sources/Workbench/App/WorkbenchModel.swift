import Foundation
import OTCore
import OTSession
import OTSolvers

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

    public private(set) var setup: ProblemSetup
    public let runner: SolverRunner
    public var focus: Pane = .plan
    public var overlay: Overlay?
    public var logColorScale = true
    public var timeAxis = false
    public private(set) var speed: Double?
    public private(set) var keptRuns: [KeptRun] = []
    public private(set) var snapshot: RunSnapshot
    /// The current run's records (thinned by the runner for long runs).
    public private(set) var records: [IterationRecord] = []
    /// Transient note for the status line (e.g. "exported plan.npy"), with its expiry time.
    public private(set) var notice: (text: String, until: Double)?
    public private(set) var quitRequested = false
    let provider: SetupProvider?
    private var recordEpoch = -1
    private var lastRevision = -1
    private var exportRequested = false

    public init(setup: ProblemSetup, provider: SetupProvider?) {
        self.setup = setup
        self.provider = provider
        self.speed = setup.speed
        let runner = SolverRunner(configuration: WorkbenchModel.configuration(for: setup, speed: setup.speed))
        self.runner = runner
        self.snapshot = runner.snapshot
    }

    static func configuration(for setup: ProblemSetup, speed: Double?) -> RunConfiguration {
        RunConfiguration(
            problem: setup.problem, solver: setup.solver, parameters: setup.parameters,
            evaluation: .perSecond(30), iterationsPerSecond: speed)
    }

    // MARK: Frame update

    /// Pulls the latest snapshot and new records; returns true when something changed.
    @discardableResult
    public func refresh(now: Double = ProcessInfo.processInfo.systemUptime) -> Bool {
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
        if exportRequested, let plan = snapshot.plan {
            exportRequested = false
            finishExport(plan)
            changed = true
        }
        return changed
    }

    public func post(_ text: String, seconds: Double = 4) {
        notice = (text, ProcessInfo.processInfo.systemUptime + seconds)
    }

    // MARK: Actions

    public func perform(_ action: WorkbenchAction) {
        switch action {
        case .togglePause: runner.togglePause()
        case .singleStep: runner.step()
        case .restart: restart()
        case .pickSolver:
            let index = SolverRegistry.all.firstIndex { $0.name == setup.solver.name } ?? 0
            overlay = .solverPicker(selection: index)
        case .editParameters: overlay = .parameterForm(ParameterForm(parameters: setup.parameters))
        case .increaseRegularization: scaleRegularization(by: 2)
        case .decreaseRegularization: scaleRegularization(by: 0.5)
        case .openPreset:
            if provider != nil { overlay = .presetPicker(selection: 0) }
        case .openFiles: overlay = .openFiles(FileForm())
        case .toggleLogColorScale: logColorScale.toggle()
        case .toggleTimeAxis: timeAxis.toggle()
        case .keepRunForComparison: keepRun()
        case .clearComparison:
            keptRuns.removeAll()
            post("cleared kept runs")
        case .export: startExport()
        case .slower: setSpeed(SpeedControl.slower(than: speed))
        case .faster: setSpeed(SpeedControl.faster(than: speed))
        case .focusNext: focus = Pane(rawValue: (focus.rawValue + 1) % Pane.allCases.count)!
        case .focusPrevious: focus = Pane(rawValue: (focus.rawValue + Pane.allCases.count - 1) % Pane.allCases.count)!
        case .focus(let pane): focus = pane
        case .showHelp: overlay = overlay == .help ? nil : .help
        case .dismiss: overlay = nil
        case .quit: quitRequested = true
        }
    }

    public func restart() {
        runner.restart(with: WorkbenchModel.configuration(for: setup, speed: speed))
        records = []
        recordEpoch = -1
    }

    /// Replaces the solver and/or parameters and restarts.
    public func apply(solver: SolverDescriptor, parameters: ParameterValues) {
        setup.solver = solver
        setup.parameters = parameters
        restart()
    }

    /// Opens a new problem setup (preset or files) and restarts on it.
    public func open(_ newSetup: ProblemSetup) {
        setup = newSetup
        speed = newSetup.speed
        keptRuns.removeAll()
        restart()
        post("opened \(newSetup.title)")
    }

    /// Switches solver, keeping the values of parameters both solvers share.
    public func switchSolver(to descriptor: SolverDescriptor) {
        var values = descriptor.defaults
        for (name, value) in setup.parameters.orderedPairs where values.has(name) {
            try? values.set(name, value)
        }
        apply(solver: descriptor, parameters: values)
        post("solver: \(descriptor.name)")
    }

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
        let reg = setup.parameters.has("reg") ? " reg=\(ParameterValue.format(setup.parameters.real("reg")))" : ""
        keptRuns.append(KeptRun(label: "\(setup.solver.name)\(reg)", records: records))
        if keptRuns.count > 5 { keptRuns.removeFirst() }
        post("kept \(keptRuns.last!.label) for comparison")
    }

    // MARK: Export

    /// Where exports go: the current directory, named after the setup and the time.
    public var exportDirectory = FileManager.default.currentDirectoryPath
    /// Performs the writing of an export; set by the executable (the data layer's writers).
    public var exportWriter: (@Sendable (TransportPlan, [IterationRecord], String) throws -> [String])?

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
        let stem = exportDirectory + "/otlab-\(setup.solver.name)-\(Int(Date().timeIntervalSince1970))"
        do {
            let written = try exportWriter(plan, records, stem)
            post("exported " + written.map { ($0 as NSString).lastPathComponent }.joined(separator: ", "), seconds: 6)
        } catch {
            overlay = .message(title: "Export failed", text: "\(error)", isError: true)
        }
    }

    /// Stops the solver thread for good.
    public func shutdown() { runner.shutdown() }
}
