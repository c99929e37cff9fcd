import Foundation
import Testing
import OTCore
import Terminal
@testable import Workbench

/// Mouse input that is not a click: the pointer hovering over the plan inspects the block under it.
@Suite struct WorkbenchInputTests {
    /// Hovering over the plan's body puts the inspect cursor on the block under the pointer and the
    /// readout on screen; moving off the body takes it away; a cursor set by a click stays when the
    /// pointer moves on.
    @Test func hoveringOverThePlanInspectsTheBlockUnderThePointer() throws {
        let model = WorkbenchModel(setup: try smallSetup(), provider: nil)
        defer { model.shutdown() }
        _ = render(model)
        #expect(waitForFinish(model))
        _ = render(model)
        let layout = WorkbenchLayout(width: 120, height: 40)
        let area = try #require(model.drawnAreas[.plan])
        let map = PlanView.geometry(for: area).map
        func move(_ x: Int, _ y: Int, kind: MouseEvent.Kind = .move) {
            WorkbenchInput.handle(.mouse(MouseEvent(kind: kind, button: kind == .move ? .none : .left, x: x, y: y)), model: model, layout: layout)
        }
        move(map.x + 4, map.y + 2)
        let (glyphs, theme) = model.drawnStyle
        let expected = model.planView().block(atX: map.x + 4, y: map.y + 2, in: area, glyphs: glyphs, theme: theme)
        #expect(model.planCursor != nil && model.planCursor == expected)
        #expect(render(model).contains("P/(ab) "), "the readout shows while hovering")
        move(map.x + 9, map.y + 5)
        #expect(model.planCursor == model.planView().block(atX: map.x + 9, y: map.y + 5, in: area, glyphs: glyphs, theme: theme))
        // Off the body (over the statistics pane): the hover cursor goes.
        let statistics = layout.rect(.statistics)
        move(statistics.x + 3, statistics.y + 3)
        #expect(model.planCursor == nil)
        #expect(!render(model).contains("P/(ab) 1"))
        // A click sets a cursor that the pointer moving away leaves in place.
        move(map.x + 2, map.y + 1, kind: .press)
        let clicked = try #require(model.planCursor)
        move(map.x + 7, map.y + 3)
        #expect(model.planCursor == clicked, "hovering does not move a clicked cursor")
        move(statistics.x + 3, statistics.y + 3)
        #expect(model.planCursor == clicked)
        // Nor does hovering inspect under a dialog.
        model.planCursor = nil
        model.perform(.showHelp)
        move(map.x + 4, map.y + 2)
        #expect(model.planCursor == nil)
    }
}
