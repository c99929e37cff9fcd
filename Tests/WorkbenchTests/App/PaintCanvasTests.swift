import Foundation
import Testing
import OTCore
import OTSolvers
import Terminal
@testable import Workbench

@Suite struct PaintCanvasTests {
    private func canvas(_ problem: TransportProblem) throws -> PaintCanvas {
        try PaintCanvas.make(for: problem).get()
    }

    @Test func startsFromTheBinnedMeasures() throws {
        let problem = try smallSetup().problem
        let paint = try canvas(problem)
        #expect(paint.dimension == 2)
        #expect(paint.columns == PaintCanvas.columns2D && paint.rows == PaintCanvas.rows2D)
        #expect(paint.source.max() == PaintCanvas.initialPeak)
        #expect(paint.target.max() == PaintCanvas.initialPeak)
        // Every source point lies in an occupied cell and inside the padded range.
        let xs = try #require(problem.source.points)
        for i in 0..<xs.rows {
            #expect(paint.xRange.contains(xs[i, 0]) && paint.yRange.contains(xs[i, 1]))
        }
        #expect(paint.edited.isEmpty)
    }

    @Test func addRemoveAndSideSwitchEditOneCell() throws {
        var paint = try canvas(try smallSetup().problem)
        paint.setCursor(column: 0, row: 0)
        let before = paint.mass(column: 0, row: 0, side: .source)
        paint.add()
        paint.add()
        #expect(paint.mass(column: 0, row: 0, side: .source) == before + 2)
        let removed = paint.remove()
        #expect(removed)
        #expect(paint.mass(column: 0, row: 0, side: .source) == before + 1)
        #expect(paint.edited == [.source])
        paint.switchSide()
        #expect(paint.side == .target)
        let targetBefore = paint.target
        paint.moveCursor(columns: 100, rows: 100)
        #expect(paint.cursorColumn == paint.columns - 1 && paint.cursorRow == paint.rows - 1)
        paint.add()
        let total: Double = paint.target.reduce(0, +), totalBefore: Double = targetBefore.reduce(0, +)
        #expect(total == totalBefore + 1)
        #expect(paint.edited == [.source, .target])
    }

    @Test func aSideCannotBeEmptied() throws {
        let single = Measure.uniform(points: DenseMatrix([[0.5, 0.5]]))
        let other = Measure.uniform(points: DenseMatrix([[0, 0], [1, 1]]))
        var paint = try canvas(TransportProblem(source: single, target: other, groundCost: .sqeuclidean))
        let occupied = try #require(paint.source.firstIndex { $0 > 0 })
        paint.setCursor(column: occupied % paint.columns, row: occupied / paint.columns)
        for _ in 0..<Int(PaintCanvas.initialPeak) - 1 {
            let removed = paint.remove()
            #expect(removed)
        }
        let last = paint.remove()
        #expect(!last, "the last unit stays")
        let remaining: Double = paint.source.reduce(0, +)
        #expect(remaining == 1)
        paint.moveCursor(columns: 1, rows: 0)
        let empty = paint.remove()
        #expect(!empty, "an empty cell has nothing to remove")
    }

    @Test func paintedSideBecomesAMeasureWithTheOriginalMass() throws {
        let problem = try smallSetup().problem
        var paint = try canvas(problem)
        paint.setCursor(column: 3, row: 2)
        paint.add()
        let rebuilt = paint.problem(from: problem)
        let occupied = paint.source.filter { $0 > 0 }.count
        #expect(rebuilt.source.count == occupied)
        #expect(abs(rebuilt.source.totalMass - problem.source.totalMass) < 1e-12)
        #expect(rebuilt.target == problem.target, "the untouched side keeps its points")
        #expect(rebuilt.cost.rows == occupied && rebuilt.cost.columns == problem.targetCount)
        // The painted cell's centre carries units/total of the mass.
        let centre = paint.centre(column: 3, row: 2)
        let index = try #require((0..<rebuilt.source.count).first {
            abs(rebuilt.source.points![$0, 0] - centre[0]) < 1e-12 && abs(rebuilt.source.points![$0, 1] - centre[1]) < 1e-12
        })
        let units: Double = paint.source.reduce(0, +)
        let share = paint.mass(column: 3, row: 2, side: .source) / units
        #expect(abs(rebuilt.source.weights[index] - share) < 1e-12)
        let dx = rebuilt.source.points![0, 0] - rebuilt.target.points![0, 0]
        let dy = rebuilt.source.points![0, 1] - rebuilt.target.points![0, 1]
        let squared = dx * dx + dy * dy
        #expect(abs(rebuilt.cost[0, 0] - squared) < 1e-12, "costs are recomputed with the ground cost")
    }

    @Test func weightVectorsCannotBePainted() {
        let problem = TransportProblem(source: Measure(weights: [0.5, 0.5]), target: Measure(weights: [0.5, 0.5]),
                                       cost: DenseMatrix([[0, 1], [1, 0]]))
        guard case .failure(let unavailable) = PaintCanvas.make(for: problem) else {
            Issue.record("weight vectors have no positions to paint")
            return
        }
        #expect(unavailable.reason.contains("point clouds"))
    }

    @Test func keysAndMouseEditThroughTheModelAndRestartAfterAPause() throws {
        let model = WorkbenchModel(setup: try smallSetup(), provider: nil)
        defer { model.shutdown() }
        let layout = WorkbenchLayout(width: 120, height: 40)
        model.perform(.togglePaint)
        var paint = try #require(model.paint)
        #expect(model.focus == .problem)
        let generation = model.snapshot.generation
        let cursor = (paint.cursorColumn, paint.cursorRow)
        let before = paint.mass(column: cursor.0, row: cursor.1, side: .source)
        WorkbenchInput.handle(.key(.character(" ")), model: model, layout: layout)
        WorkbenchInput.handle(.key(.character("+")), model: model, layout: layout)
        paint = try #require(model.paint)
        #expect(paint.mass(column: cursor.0, row: cursor.1, side: .source) == before + 2)
        #expect(!model.snapshot.isPaused, "space adds mass in paint mode; it does not pause")

        // Not yet: the restart waits for a pause in the edits.
        let now = ProcessInfo.processInfo.systemUptime
        model.refresh(now: now)
        #expect(model.runner.snapshot.generation == generation)
        model.refresh(now: now + 1)
        #expect(model.runner.snapshot.generation > generation)
        #expect(model.setup.problem.sourceCount == paint.source.filter { $0 > 0 }.count)

        // A left click adds under the pointer; a right click removes.
        let area = layout.rect(.problem).inset(by: 1)
        let grid = PaintView.gridArea(in: area)
        let x = grid.x + 1, y = grid.y + 1
        let cell = try #require(PaintView.gridCell(atX: x, y: y, in: area, canvas: paint))
        let clicked = paint.mass(column: cell.column, row: cell.row, side: .source)
        WorkbenchInput.handle(.mouse(MouseEvent(kind: .press, button: .left, x: x, y: y)), model: model, layout: layout)
        WorkbenchInput.handle(.mouse(MouseEvent(kind: .drag, button: .left, x: x, y: y)), model: model, layout: layout)
        #expect(model.paint?.mass(column: cell.column, row: cell.row, side: .source) == clicked + 2)
        WorkbenchInput.handle(.mouse(MouseEvent(kind: .press, button: .right, x: x, y: y)), model: model, layout: layout)
        #expect(model.paint?.mass(column: cell.column, row: cell.row, side: .source) == clicked + 1)

        WorkbenchInput.handle(.key(.tab), model: model, layout: layout)
        #expect(model.paint?.side == .target)
        #expect(model.focus == .problem, "Tab switches the painted side, not the pane")
        WorkbenchInput.handle(.key(.character("b")), model: model, layout: layout)
        #expect(model.paint == nil)
    }

    @Test func openingAnotherProblemEndsPaintMode() throws {
        let model = WorkbenchModel(setup: try smallSetup(), provider: nil)
        defer { model.shutdown() }
        model.perform(.togglePaint)
        model.editPaint { $0.add() }
        #expect(model.paint != nil)
        let other = try smallSetup(reg: 0.5)
        model.open(other)
        #expect(model.paint == nil, "the canvas belonged to the old problem")
        model.refresh(now: ProcessInfo.processInfo.systemUptime + 10)
        #expect(model.setup.problem.sourceCount == other.problem.sourceCount, "the pending edit is not applied to the new problem")
    }
}
