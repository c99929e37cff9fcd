import Foundation
import OTCore
import OTSession
import OTSolvers
import TestScratch
import Terminal
import Testing
@testable import Workbench

/// The solver picker offers POT and OTT-JAX beside otlab's solvers where python3 imports them,
/// says how to install them where it does not, and an engine's run replaces the local runner
/// (a stand-in script plays python3 here; python/tests drives the real probe).
@Suite struct EnginePickerTests {
    @Test func missingEnginesAreNotesThatSayHowToInstallThem() throws {
        let model = WorkbenchModel(setup: try smallSetup(), provider: nil)
        defer { model.shutdown() }
        model.engineAvailability = EngineAvailability(fixed: [
            "pot": .missing(reason: "python3 cannot import otlab_probe and ot"), "ott": .checking,
        ])
        model.perform(.pickSolver)
        let items = model.solverPickerItems
        #expect(items.count == SolverRegistry.all.count + 2, "one note per engine, no engine solvers")
        let screen = render(model).text
        #expect(screen.contains("POT: python3 cannot import otlab_probe and ot; install: pip install ./python pot"))
        #expect(screen.contains("checking whether python3 imports OTT-JAX"))
        // Enter on a note says it again and switches nothing.
        model.pickSolverItem(at: SolverRegistry.all.count)
        #expect(model.setup.solver.name == "sinkhorn")
        #expect(model.notice?.text.contains("pip install ./python pot") == true)
    }

    @Test func anAvailableEnginesSolverRunsThroughTheProbeAndBack() throws {
        let model = WorkbenchModel(setup: try smallSetup(), provider: nil)
        defer { model.shutdown() }
        model.engineAvailability = EngineAvailability(fixed: ["pot": .available(version: "0.9.7"), "ott": .missing(reason: "python3 cannot import otlab_probe and ott")])
        // The stand-in probe answers with a 24 x 24 run of 21 records.
        let header = RecordStreamWriter.header(StreamHeader(engine: "pot", engineVersion: "0.9.7", solver: "sinkhorn_log", parameters: [("reg", .real(0.2))], n: 24, m: 24))
        var lines = [header]
        for k in 1...21 {
            lines.append(RecordStreamWriter.record(IterationRecord(iteration: 10 * k, seconds: Double(k) / 100, marginalError: pow(0.5, Double(k)),
                                                                   evaluation: SolverEvaluation(cost: 0.3, objective: 0.4, mass: 1), extras: [])))
        }
        let plan = DenseMatrix(rows: 24, columns: 24) { i, j in i == j ? 1.0 / 24 : 0 }
        lines.append(RecordStreamWriter.plan(StreamPlanSnapshot(iteration: 210, n: 24, m: 24, blocks: plan)))
        lines.append(RecordStreamWriter.summary(StreamSummary(status: .converged, iterations: 210, cost: 0.3)))
        let stream = TestScratch.file("engine-stream.jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: stream, atomically: true, encoding: .utf8)
        let script = TestScratch.directory("engine-python").appendingPathComponent("python3")
        try "#!/bin/sh\ncat > /dev/null\ncat '\(stream.path)'\n".write(to: script, atomically: true, encoding: .utf8)
        chmod(script.path, 0o755)
        model.enginePython = script.path

        model.perform(.pickSolver)
        let items = model.solverPickerItems
        let index = try #require(items.firstIndex { $0.key == "pot:sinkhorn-log" })
        #expect(render(model).text.contains("POT ot.sinkhorn (log domain) (Python probe) · 0.9.7"))
        #expect(items.contains { if case .note(let engine, let text) = $0 { engine == "ott" && text.contains("pip install ./python ott-jax") } else { false } })
        model.pickSolverItem(at: index)
        #expect(model.overlay == nil)
        #expect(model.runner is EngineRunner)
        #expect(model.setup.parameters.real("reg") == 0.2, "reg carried over from sinkhorn")
        #expect(waitForFinish(model))
        #expect(model.snapshot.status == .converged)
        #expect(model.records.last?.iteration == 210)
        let screen = render(model).text
        #expect(screen.contains("POT (python3)"), "\(screen)")
        // Keys that cannot reach another engine say why.
        model.perform(.singleStep)
        #expect(model.notice?.text.contains("no single steps") == true)
        // Export asks for the plan: the whole 24 x 24 plan the probe sent.
        model.runner.requestPlan()
        model.refresh()
        #expect(model.snapshot.plan?.rows == 24 && model.snapshot.plan?.columns == 24)

        // Back to otlab's own solver: a local runner again.
        model.switchSolver(to: try #require(SolverRegistry.descriptor(named: "sinkhorn-log")))
        #expect(model.runner is SolverRunner)
        _ = render(model)  // the view tells the new runner the heatmap's size, as every frame does
        #expect(waitForFinish(model))
        #expect(model.snapshot.solverName == "sinkhorn-log")
    }
}
