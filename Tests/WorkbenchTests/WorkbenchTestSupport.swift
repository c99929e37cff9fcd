import Foundation
import OTCore
import OTSolvers
import Terminal
@testable import Workbench

/// A small 2-D problem that converges in well under a second.
func smallSetup(solver: String = "sinkhorn", reg: Double = 0.2, speed: Double? = nil) throws -> ProblemSetup {
    let n = 24
    let xs = DenseMatrix(rows: n, columns: 2) { i, k in k == 0 ? Double(i) / Double(n) : Double((i * 7) % 5) / 5 }
    let ys = DenseMatrix(rows: n, columns: 2) { i, k in k == 0 ? 0.5 + Double(i) / Double(n) : Double((i * 3) % 4) / 4 }
    let problem = TransportProblem(source: .uniform(points: xs), target: .uniform(points: ys), groundCost: .sqeuclidean)
    guard let descriptor = SolverRegistry.descriptor(named: solver) else { throw InputError("test", nil, "no solver") }
    var parameters = descriptor.defaults
    try parameters.set("reg", .real(reg))
    return ProblemSetup(title: "test clouds", description: "A test problem with a description to show in help.",
                        problem: problem, solver: descriptor, parameters: parameters, speed: speed, origin: "test")
}

/// Waits (in a test only) until the model's run has finished, refreshing it.
func waitForFinish(_ model: WorkbenchModel, timeout: Double = 20) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        model.refresh()
        if model.runner.isFinished && model.snapshot.heatmap != nil {
            model.refresh()
            return true
        }
        usleep(5000)
    }
    return false
}

func render(_ model: WorkbenchModel, width: Int = 120, height: Int = 40, glyphs: GlyphSet = .unicode, theme: Theme = .standard) -> Buffer {
    var buffer = Buffer(width: width, height: height)
    let view = WorkbenchView(model: model, layout: WorkbenchLayout(width: width, height: height, zoomed: model.zoomed), glyphs: glyphs, theme: theme)
    view.requestHeatmapSize()
    view.render(into: &buffer)
    return buffer
}

extension Buffer {
    func contains(_ text: String) -> Bool { self.text.contains(text) }
    /// Number of cells holding a braille glyph (U+2801...U+28FF, not the blank U+2800).
    var brailleCount: Int {
        cells.filter { cell in cell.glyph.unicodeScalars.first.map { $0.value > 0x2800 && $0.value <= 0x28FF } ?? false }.count
    }
}
