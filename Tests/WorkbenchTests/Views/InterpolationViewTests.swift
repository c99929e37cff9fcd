import Foundation
import Testing
import OTCore
import OTSolvers
import Terminal
@testable import Workbench

@Suite struct InterpolationViewTests {
    /// Two 2-D clouds solved exactly (emd), so μ_1 sits exactly on the target points.
    private func exactSetup(dimension: Int = 2) throws -> ProblemSetup {
        let n = 20
        let problem: TransportProblem
        if dimension == 2 {
            let xs = DenseMatrix(rows: n, columns: 2) { i, k in k == 0 ? Double(i % 5) / 5 : Double(i / 5) / 5 }
            let ys = DenseMatrix(rows: n, columns: 2) { i, k in k == 0 ? 2 + Double(i % 4) / 4 : 1 + Double(i / 4) / 4 }
            problem = TransportProblem(source: .uniform(points: xs), target: .uniform(points: ys), groundCost: .sqeuclidean)
        } else {
            let xs = DenseMatrix(rows: n, columns: 1) { i, _ in Double(i) / Double(n) }
            let ys = DenseMatrix(rows: n, columns: 1) { i, _ in 9 + Double(i) / Double(n) }
            problem = TransportProblem(source: .uniform(points: xs), target: .uniform(points: ys), groundCost: .sqeuclidean)
        }
        let descriptor = try #require(SolverRegistry.descriptor(named: "emd"))
        return ProblemSetup(title: "exact", description: "", problem: problem, solver: descriptor,
                            parameters: descriptor.defaults, speed: nil, origin: "test")
    }

    private func waitForPath(_ model: WorkbenchModel) -> Bool {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            model.refresh()
            if model.runner.isFinished, let path = model.interpolationPath, model.snapshot.planIteration == model.snapshot.latest?.iteration,
               !path.pairs.isEmpty { return true }
            usleep(5000)
        }
        return false
    }

    /// Cells of the problem pane whose glyph is braille in `color`.
    private func brailleCells(_ buffer: Buffer, color: Color) -> Int {
        let pane = WorkbenchLayout(width: 120, height: 40).rect(.problem).inset(by: 1)
        var count = 0
        for y in pane.y..<pane.maxY {
            for x in pane.x..<pane.maxX {
                let cell = buffer[x, y]
                if let scalar = cell.glyph.unicodeScalars.first, scalar.value > 0x2800, scalar.value <= 0x28FF, cell.foreground == color { count += 1 }
            }
        }
        return count
    }

    @Test func bracketsShowTheTimeInTheTitleAndMoveTheMass() throws {
        let model = WorkbenchModel(setup: try exactSetup(), provider: nil)
        defer { model.shutdown() }
        _ = render(model)
        for _ in 0..<3 { model.perform(.interpolationForward) }
        #expect(waitForPath(model))
        var buffer = render(model)
        #expect(buffer.contains("1 Problem · t = 0.30"))
        let theme = Theme.standard
        let source = theme.seriesColor(0), target = theme.seriesColor(1), moving = theme.seriesColor(2)
        #expect(brailleCells(buffer, color: moving) > 5, "μ_t is drawn")
        #expect(brailleCells(buffer, color: target) > 5, "the target is still visible at t = 0.3")

        for _ in 0..<7 { model.perform(.interpolationForward) }
        model.refresh()
        buffer = render(model)
        #expect(buffer.contains("t = 1.00"))
        #expect(brailleCells(buffer, color: target) == 0, "at t = 1 μ_t covers every target dot")
        #expect(brailleCells(buffer, color: source) > 5)

        for _ in 0..<10 { model.perform(.interpolationBackward) }
        model.refresh()
        buffer = render(model)
        #expect(buffer.contains("t = 0.00"))
        #expect(brailleCells(buffer, color: source) == 0, "at t = 0 μ_t covers every source dot")

        // Esc (no dialog open) returns to the plain problem view.
        model.perform(.dismiss)
        buffer = render(model)
        #expect(!buffer.contains("t = 0.00"))
        #expect(brailleCells(buffer, color: moving) == 0)
        #expect(brailleCells(buffer, color: source) > 5)
    }

    @Test func oneDimensionalMassMovesAlongTheHistogram() throws {
        let model = WorkbenchModel(setup: try exactSetup(dimension: 1), provider: nil)
        defer { model.shutdown() }
        _ = render(model)
        for _ in 0..<5 { model.perform(.interpolationForward) }
        #expect(waitForPath(model))
        let buffer = render(model)
        #expect(buffer.contains("t = 0.50"))
        // Range 0…9.95; μ_0.5 lies in 4.5…4.975, so every bar sits in the middle twentieth.
        let pane = WorkbenchLayout(width: 120, height: 40).rect(.problem).inset(by: 1)
        var columns = Set<Int>()
        for y in pane.y + 1..<pane.maxY {
            for x in pane.x..<pane.maxX where "▁▂▃▄▅▆▇█".contains(buffer[x, y].glyph) { columns.insert(x - pane.x) }
        }
        #expect(!columns.isEmpty)
        for column in columns {
            let position = Double(column) / Double(pane.width)
            #expect(position > 0.4 && position < 0.55, "bar at \(position) of the width")
        }
    }

    @Test func playAnimatesAndWeightVectorsExplainWhyNot() throws {
        let model = WorkbenchModel(setup: try exactSetup(), provider: nil)
        defer { model.shutdown() }
        model.perform(.toggleInterpolationPlayback)
        let start = ProcessInfo.processInfo.systemUptime
        model.refresh(now: start)
        #expect(model.refresh(now: start + 0.5), "a playing slider redraws every frame")
        #expect(model.interpolation.t > 0.1)
        #expect(render(model).contains("▶"))
        model.perform(.toggleInterpolationPlayback)
        #expect(!model.interpolation.isPlaying)

        let weights = TransportProblem(source: Measure(weights: [0.5, 0.5]), target: Measure(weights: [0.5, 0.5]), cost: DenseMatrix([[0, 1], [1, 0]]))
        let descriptor = try #require(SolverRegistry.descriptor(named: "emd"))
        let vectors = WorkbenchModel(setup: ProblemSetup(title: "w", description: "", problem: weights, solver: descriptor,
                                                         parameters: descriptor.defaults, speed: nil, origin: "test"), provider: nil)
        defer { vectors.shutdown() }
        vectors.perform(.interpolationForward)
        let deadline = Date().addingTimeInterval(10)
        while vectors.interpolationError == nil && Date() < deadline { vectors.refresh(); usleep(5000) }
        #expect(render(vectors).contains("no interpolation"))
    }
}
