import Foundation
import OTCore
import OTSolvers
import Terminal
import Testing
@testable import Workbench

/// The workbench draws whatever a file or preset holds: points at ±1e308 (whose span overflows),
/// subnormal and zero spans, a speed of 1e22. Each used to trap the first frame (`Int(NaN)` in
/// `ProblemView.binned`, `Int(1e19)` in `SpeedControl.label`).
@Suite struct ProblemViewTests {
    static func setup(source: [Double], target: [Double], dimension: Int, speed: Double? = nil) throws -> ProblemSetup {
        func measure(_ values: [Double]) -> Measure {
            .uniform(points: DenseMatrix(rows: values.count / dimension, columns: dimension, storage: values))
        }
        let problem = TransportProblem(source: measure(source), target: measure(target), groundCost: .sqeuclidean)
        let descriptor = try #require(SolverRegistry.descriptor(named: "emd"))
        return ProblemSetup(title: "hostile", description: "hostile values", problem: problem, solver: descriptor,
                            parameters: descriptor.defaults, speed: speed, origin: "test")
    }

    @Test(arguments: [[-1e308, 1e308, 0], [Double.leastNonzeroMagnitude, 2 * Double.leastNonzeroMagnitude, 0], [1e19, -1e19, 3], [-Double.greatestFiniteMagnitude, Double.greatestFiniteMagnitude, 1]])
    func oneDimensionalPointsAtExtremesDraw(values: [Double]) throws {
        let model = WorkbenchModel(setup: try Self.setup(source: values, target: values.reversed(), dimension: 1), provider: nil)
        defer { model.runner.cancel() }
        var buffer = Buffer(width: 60, height: 12)
        ProblemView(problem: model.setup.problem).render(in: buffer.area, buffer: &buffer, glyphs: .unicode, theme: .standard)
        // Both ends are drawn: the first and last columns hold bars (the outermost points).
        let bars = Set(GlyphSet.unicode.verticalEighths.dropFirst())
        let columns = (0..<60).filter { x in (0..<12).contains { y in bars.contains(buffer.cell(x: x, y: y).glyph) } }
        #expect(columns.first == 0)
        #expect(columns.last == 59 || values.allSatisfy { abs($0) < 1e-300 })
        _ = render(model)
    }

    @Test func twoDimensionalPointsAtExtremesDraw() throws {
        let values = [-1e308, 1e308, 1e308, -1e308, 0, Double.leastNonzeroMagnitude]
        let model = WorkbenchModel(setup: try Self.setup(source: values, target: values.reversed(), dimension: 2), provider: nil)
        defer { model.runner.cancel() }
        let buffer = render(model)
        #expect(buffer.brailleCount > 0)
    }

    @Test(arguments: [1e22, 1e300, Double.infinity, -5, Double.nan, 0.5, 2500])
    func anySpeedHasALabelAndAFrame(speed: Double) throws {
        let label = SpeedControl.label(speed)
        #expect(label.hasSuffix("it/s"))
        let model = WorkbenchModel(setup: try Self.setup(source: [0, 1], target: [1, 2], dimension: 1, speed: speed), provider: nil)
        defer { model.runner.cancel() }
        #expect(render(model).contains(label))
    }

    @Test func speedLabels() {
        #expect(SpeedControl.label(1e22) == "1e22 it/s")
        #expect(SpeedControl.label(2500) == "2k it/s")
        #expect(SpeedControl.label(50) == "50 it/s")
        #expect(SpeedControl.label(nil) == "max")
    }
}
