import Foundation
import Testing
import OTCore
import OTSolvers
import Terminal
@testable import Workbench

@Suite struct PotentialsViewTests {
    @Test func twoDimensionalPotentialsAreColouredOverThePoints() throws {
        let model = WorkbenchModel(setup: try smallSetup(), provider: nil)
        defer { model.shutdown() }
        _ = render(model)
        #expect(waitForFinish(model))
        model.perform(.togglePotentials)
        let buffer = render(model)
        #expect(buffer.contains("1 Problem · potentials f, g"))
        #expect(buffer.contains("f on source"))
        #expect(buffer.contains("g on target"))
        let pane = WorkbenchLayout(width: 120, height: 40).rect(.problem).inset(by: 1)
        var colours = Set<Color>()
        var dots = 0
        for y in pane.y..<pane.maxY {
            for x in pane.x..<pane.maxX where buffer[x, y].glyph == "●" {
                dots += 1
                colours.insert(buffer[x, y].foreground)
            }
        }
        #expect(dots >= 20, "points of both clouds are drawn")
        #expect(colours.count >= 4, "values spread over the colormap")
        // The lowest and highest f values take the colormap's two ends.
        #expect(colours.contains(.rgb(Colormap.viridis.color(at: 0))))
        #expect(colours.contains(.rgb(Colormap.viridis.color(at: 1))))
        // Sinkhorn has a dual: the statistics pane shows primal cost minus dual objective.
        let evaluation = try #require(model.snapshot.latestEvaluated?.evaluation)
        let dual = try #require(evaluation.dualObjective)
        #expect(buffer.contains("cost − dual"))
        #expect(buffer.contains(StatisticsContent.scientific(evaluation.cost - dual)))

        model.perform(.togglePotentials)
        #expect(!render(model).contains("potentials f, g"))
    }

    @Test func withoutColourAShadeRampStandsInForTheColormap() throws {
        let model = WorkbenchModel(setup: try smallSetup(), provider: nil)
        defer { model.shutdown() }
        _ = render(model)
        #expect(waitForFinish(model))
        model.perform(.togglePotentials)
        let buffer = render(model, theme: .monochrome)
        let pane = WorkbenchLayout(width: 120, height: 40).rect(.problem).inset(by: 1)
        var shades = Set<Character>()
        for y in pane.y..<pane.maxY {
            for x in pane.x..<pane.maxX {
                #expect(buffer[x, y].glyph != "●")
                #expect(buffer[x, y].foreground == .default)
                if "░▒▓█".contains(buffer[x, y].glyph) { shades.insert(buffer[x, y].glyph) }
            }
        }
        #expect(shades.count >= 3, "low, middle and high values are told apart: \(shades)")
    }

    @Test func oneDimensionalPotentialsAreTwoCurves() throws {
        let n = 16
        let xs = DenseMatrix(rows: n, columns: 1) { i, _ in Double(i) / Double(n) }
        let ys = DenseMatrix(rows: n, columns: 1) { i, _ in 0.5 + Double(i * i) / Double(n * n) }
        let problem = TransportProblem(source: .uniform(points: xs), target: .uniform(points: ys), groundCost: .sqeuclidean)
        var setup = try smallSetup()
        setup.problem = problem
        let model = WorkbenchModel(setup: setup, provider: nil)
        defer { model.shutdown() }
        _ = render(model)
        #expect(waitForFinish(model))
        model.perform(.togglePotentials)
        let buffer = render(model)
        let pane = WorkbenchLayout(width: 120, height: 40).rect(.problem).inset(by: 1)
        var curveColours = Set<Color>()
        for y in pane.y..<pane.maxY {
            for x in pane.x..<pane.maxX {
                if let scalar = buffer[x, y].glyph.unicodeScalars.first, scalar.value > 0x2800, scalar.value <= 0x28FF {
                    curveColours.insert(buffer[x, y].foreground)
                }
            }
        }
        #expect(curveColours.contains(Theme.standard.seriesColor(0)), "f's curve")
        #expect(curveColours.contains(Theme.standard.seriesColor(1)), "g's curve")
    }
}
