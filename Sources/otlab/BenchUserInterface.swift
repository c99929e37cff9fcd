import Foundation
import OTData
import OTSession
import Terminal
import Workbench

/// What the workbench costs the solver: iterations per second of the same unthrottled run with the
/// workbench drawing every frame (model refresh + full render into a cell buffer at 30 frames a
/// second, as the app loop does) against the runner alone, alternating, medians of the repeats.
/// ncurses' own flush is not included: it writes only changed cells and is not on the solver's path.
enum BenchUserInterface {
    struct Result {
        var problem: String
        var headless: [Double]
        var workbench: [Double]
        var ratio: Double { median(workbench) / median(headless) }
    }

    static func run(seconds: Double, repeats: Int) throws -> Result {
        var setup = try CatalogSetupProvider(catalog: PresetCatalog.checked()).setup(preset: "welcome")
        try setup.parameters.set("tol", .real(0))
        try setup.parameters.set("max-iter", .integer(100_000_000))
        setup.speed = nil
        var headless: [Double] = [], workbench: [Double] = []
        for _ in 0..<max(1, repeats) {
            // Headless: the same runner and evaluation policy, nobody drawing.
            let runner = SolverRunner(configuration: RunConfiguration(
                problem: setup.problem, solver: setup.solver, parameters: setup.parameters, evaluation: .perSecond(30)))
            usleep(UInt32(seconds * 1e6))
            headless.append(Double(runner.snapshot.latest?.iteration ?? 0) / seconds)
            runner.shutdown()

            // Workbench: the model and a full redraw every frame.
            let model = WorkbenchModel(setup: setup, provider: nil)
            var buffer = Buffer(width: 120, height: 40)
            let layout = WorkbenchLayout(width: 120, height: 40)
            let start = Date()
            while Date().timeIntervalSince(start) < seconds {
                let frameStart = Date()
                model.refresh()
                let view = WorkbenchView(model: model, layout: layout, glyphs: .unicode, theme: .standard)
                buffer.clear()
                view.render(into: &buffer)
                view.requestHeatmapSize()
                let left = 1.0 / 30 - Date().timeIntervalSince(frameStart)
                if left > 0 { usleep(UInt32(left * 1e6)) }
            }
            model.refresh()
            workbench.append(Double(model.snapshot.latest?.iteration ?? 0) / seconds)
            model.shutdown()
        }
        let n = setup.problem.sourceCount, m = setup.problem.targetCount
        return Result(problem: "welcome (\(n) x \(m), \(setup.solver.name))", headless: headless, workbench: workbench)
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }
}
