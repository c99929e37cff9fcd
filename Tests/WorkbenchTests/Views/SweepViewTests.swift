import Foundation
import Testing
import OTCore
import OTSession
import OTSolvers
import Terminal
@testable import Workbench

@Suite struct SweepViewTests {
    private let layout = WorkbenchLayout(width: 120, height: 40)

    @Test func wShowsOnePlanPerRegAndCostFallingTowardTheExactCost() throws {
        let model = WorkbenchModel(setup: try smallSetup(solver: "sinkhorn-log", reg: 0.2), provider: nil)
        defer { model.shutdown() }
        WorkbenchInput.handle(.key(.character("w")), model: model, layout: layout)
        let sweep = try #require(model.sweep)
        #expect(sweep.regs == [0.8, 0.4, 0.2, 0.1], "4x the current reg down to half of it")
        #expect(waitForRuns(model) { model.sweepRuns })
        // The heatmaps arrive with the runs' last publish; give the lingering runners a moment.
        let deadline = Date().addingTimeInterval(5)
        while model.sweepRuns!.heatmaps.contains(where: { $0 == nil }) && Date() < deadline { usleep(5000); model.refresh() }
        let runs = try #require(model.sweepRuns)
        let exactIndex = try #require(runs.exactIndex)
        let exact = try #require(runs.outcomes[exactIndex].cost)
        let costs = try runs.outcomes.prefix(exactIndex).map { try #require($0.cost) }
        // Numbers first: the entropic cost falls with reg and stays above the exact cost.
        for k in costs.indices {
            #expect(costs[k] > exact, "reg \(sweep.regs[k]): \(costs[k]) vs exact \(exact)")
            if k > 0 { #expect(costs[k] < costs[k - 1], "\(costs)") }
        }

        let buffer = render(model)
        #expect(buffer.contains("Regularization sweep · sinkhorn-log"))
        // Small multiples: one titled heatmap per reg and the exact plan, side by side on one row.
        let titles = try #require((0..<buffer.height).map { buffer.string(row: $0) }.first { $0.contains("reg=0.8") })
        for title in ["reg=0.8", "reg=0.4", "reg=0.2", "reg=0.1", "exact (emd)"] { #expect(titles.contains(title), "\(titles)") }
        var halfBlocks = 0
        for y in 0..<buffer.height { for x in 0..<buffer.width where buffer[x, y].glyph == "▀" { halfBlocks += 1 } }
        #expect(halfBlocks > 200, "five heatmaps of half blocks, \(halfBlocks)")
        // The cost chart with its exact reference line, and the table of costs and biases.
        #expect(buffer.contains("exact \(StatisticsContent.precise(exact))"), "legend of the reference line")
        #expect(buffer.contains("emd cost \(StatisticsContent.precise(exact))"))
        for (k, cost) in costs.enumerated() {
            let line = try #require((0..<buffer.height).map { buffer.string(row: $0) }.first {
                $0.contains(StatisticsContent.precise(cost))
            }, "row for reg \(sweep.regs[k])")
            #expect(line.contains(StatisticsContent.scientific(cost - exact)), "bias in \(line)")
        }
        #expect(buffer.brailleCount > 5, "the cost curve")

        WorkbenchInput.handle(.key(.character("w")), model: model, layout: layout)
        #expect(model.sweepRuns == nil)
    }

    @Test func aSolverWithoutRegSweepsLogDomainSinkhorn() throws {
        let setup = try smallSetup(solver: "sinkhorn-log", reg: 0.2)
        let emd = try #require(SolverRegistry.descriptor(named: "emd"))
        var exactSetup = setup
        exactSetup.solver = emd
        exactSetup.parameters = emd.defaults
        let sweep = try #require(ComparisonDefaults.sweep(for: exactSetup))
        #expect(sweep.solver.name == "sinkhorn-log")
        let largest = try #require(setup.problem.cost.storage.max())
        #expect(abs(sweep.regs[2] - 0.02 * largest) < 1e-12)
    }

    /// The sweep's small multiples draw the density P/(ab) as the plan pane does: product plans of
    /// 53 x 47 points with uneven weights, summed into the sweep's 24 x 24 blocks (two or three
    /// points a block), are one colour in every heatmap.
    @Test func productPlansAreOneColourInEverySmallMultiple() throws {
        let a = PlanViewTests.weights(53, seed: 21), b = PlanViewTests.weights(47, seed: 22)
        let plan = DenseMatrix(rows: a.count, columns: b.count) { i, j in a[i] * b[j] }
        let sums = BlockAggregation.aggregate(.dense(plan), maxRows: 24, maxColumns: 24)
        let problem = TransportProblem(source: Measure(weights: a), target: Measure(weights: b),
                                       cost: DenseMatrix(rows: a.count, columns: b.count, repeating: 1))
        let solver = try #require(SolverRegistry.descriptor(named: "sinkhorn"))
        let configuration = RunConfiguration(problem: problem, solver: solver, parameters: solver.defaults)
        let outcomes = ["reg=1", "reg=2"].map { RunOutcome(label: $0, snapshot: .initial(generation: 0, configuration: configuration), records: []) }
        for logScale in [true, false] {
            let view = SweepView(outcomes: outcomes, heatmaps: [sums, sums], a: a, b: b, exactIndex: nil, logScale: logScale, problemTitle: "product")
            var buffer = Buffer(width: 120, height: 40)
            view.render(in: Rect(x: 0, y: 0, width: 120, height: 40), buffer: &buffer, glyphs: .unicode, theme: .standard)
            var colours = Set<[Color]>(), cells = 0
            for y in 0..<buffer.height {
                for x in 0..<buffer.width where buffer[x, y].glyph == "▀" {
                    colours.insert([buffer[x, y].foreground, buffer[x, y].background])
                    cells += 1
                }
            }
            #expect(cells > 200, "two heatmaps of half blocks, \(cells)")
            #expect(colours.count == 1, "log \(logScale): \(colours.count) colours")
        }
    }
}
