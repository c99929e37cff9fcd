import Foundation
import Testing
import OTCore
import OTData
import OTSolvers
import Terminal
@testable import Workbench

/// The problem pane of a colour transfer: source, target and (once the run ends) result pictures.
@Suite struct ColorTransferViewTests {
    /// A blue-green gradient onto a red picture, 40 x 20 pixels each, solved exactly.
    static func setup() throws -> ProblemSetup {
        func picture(_ color: (Int, Int) -> [Double]) -> RGBImage {
            RGBImage(width: 40, height: 20, channels: (0..<800).flatMap { color($0 % 40, $0 / 40) })
        }
        let source = picture { x, y in [0.1, Double(x) / 39 * 0.6, 0.5 + Double(y) / 19 * 0.5] }
        let target = picture { x, _ in [0.7 + Double(x) / 39 * 0.3, 0.1, 0.05] }
        let descriptor = try #require(SolverRegistry.descriptor(named: "emd"))
        var setup = ProblemSetup(
            title: "colours", description: "", problem: ColorSampling.problem(source: source, target: target, samples: 60, seed: 0),
            solver: descriptor, parameters: descriptor.defaults, speed: nil, origin: "test")
        setup.colorTransfer = ColorTransferPictures(source: source, target: target)
        return setup
    }

    /// The mean colour of the half-block cells of one panel (below its label row).
    private func meanColor(_ buffer: Buffer, panel: Rect) -> (red: Double, blue: Double, cells: Int) {
        var red = 0.0, blue = 0.0, cells = 0
        for y in (panel.y + 1)..<(panel.y + panel.height) {
            for x in panel.x..<(panel.x + panel.width) {
                guard let rgb = buffer[x, y].foreground.rgbValue, buffer[x, y].glyph == "▀" else { continue }
                red += Double(rgb.red)
                blue += Double(rgb.blue)
                cells += 1
            }
        }
        return (red / Double(max(cells, 1)), blue / Double(max(cells, 1)), cells)
    }

    @Test func showsSourceTargetAndTheRecolouredResult() throws {
        let model = WorkbenchModel(setup: try Self.setup(), provider: nil)
        defer { model.shutdown() }
        _ = render(model)
        #expect(waitForFinish(model))
        let deadline = Date().addingTimeInterval(10)
        while model.snapshot.plan == nil && Date() < deadline { usleep(5000); model.refresh() }
        let buffer = render(model)
        let area = WorkbenchLayout(width: 120, height: 40).rect(.problem).inset(by: 1)
        let panels = ColorTransferView.panels(in: area, for: try #require(model.setup.colorTransfer).source)
        for (label, panel) in zip(["source", "target", "result"], panels) {
            #expect(buffer.string(row: panel.y).contains(label), "\(label) at \(panel)")
        }
        #expect(!buffer.contains("when the solve ends"))
        let source = meanColor(buffer, panel: panels[0]), target = meanColor(buffer, panel: panels[1]), result = meanColor(buffer, panel: panels[2])
        #expect(source.cells > 20 && target.cells > 20 && result.cells > 20, "\(source.cells) \(target.cells) \(result.cells)")
        // The source is blue, the target red; the result takes the target's colours (8-bit levels).
        #expect(source.blue > 150 && source.red < 40)
        #expect(abs(result.red - target.red) < 20 && abs(result.blue - target.blue) < 20, "result \(result), target \(target)")
    }

    @Test func resultWaitsForTheEndOfTheRun() throws {
        let setup = try Self.setup()
        let pictures = try #require(setup.colorTransfer)
        var buffer = Buffer(width: 60, height: 12)
        ColorTransferView(pictures: pictures, problem: setup.problem, plan: nil)
            .render(in: Rect(x: 0, y: 0, width: 60, height: 12), buffer: &buffer, glyphs: .unicode, theme: .standard)
        #expect(buffer.contains("when the solve ends"))
        #expect(buffer.string(row: 0).contains("source"))
    }

    @Test func largePicturesAreReducedForThePane() {
        let big = RGBImage(width: 500, height: 100, channels: [Double](repeating: 0.5, count: 3 * 500 * 100))
        let pictures = ColorTransferPictures(source: big, target: big)
        #expect(pictures.source.width == 125 && pictures.source.height == 25)
        #expect(pictures.source.channels.allSatisfy { abs($0 - 0.5) < 1e-15 })
    }
}
