import Foundation
import Testing
import OTCore
import Terminal
@testable import Workbench

/// The status line's hints fit the width by priority, always end with the way to help and out, and
/// follow the mode.
@Suite struct HintBarTests {
    /// The status line's text, trailing blanks removed.
    func statusLine(_ buffer: Buffer) -> String {
        String(buffer.string(row: buffer.height - 1).reversed().drop { $0 == " " }.reversed())
    }

    @Test(arguments: [(80, 24), (120, 36), (200, 60)])
    func mainViewEndsWithHelpAndQuit(size: (Int, Int)) throws {
        let model = WorkbenchModel(setup: try smallSetup(speed: 1), provider: nil)
        defer { model.shutdown() }
        model.refresh()
        let line = statusLine(render(model, width: size.0, height: size.1))
        #expect(line.hasSuffix("?  help  q  quit"), "\(size): \(line)")
        #expect(line.contains("space  pause") || line.contains("space  resume"), "\(size): \(line)")
        #expect(line.contains("s  solver") && line.contains("E  explain"), "\(size): \(line)")
        #expect(DisplayWidth.of(line) <= size.0)
        if size.0 >= 200 {
            #expect(line.contains("z  zoom") && line.contains("p  presets") && line.contains("m  compare") && line.contains("x  export"), "\(line)")
        }
    }

    @Test func narrowerScreensDropTheLeastNeededHintsFirst() throws {
        let model = WorkbenchModel(setup: try smallSetup(speed: 1), provider: nil)
        defer { model.shutdown() }
        let bar = HintBar.forModel(model)
        let wide = bar.fitted(width: 200).map(\.key), narrow = bar.fitted(width: 80).map(\.key)
        #expect(narrow.count < wide.count)
        #expect(Set(narrow).isSubset(of: Set(wide)))
        #expect(!narrow.contains("x") && wide.contains("x"))
        #expect(narrow.suffix(2) == ["?", "q"] && wide.suffix(2) == ["?", "q"])
        // Even at a width with room for nothing else the closing hints stay.
        #expect(bar.fitted(width: 10).map(\.key) == ["?", "q"])
    }

    @Test func paintModeHasItsOwnHints() throws {
        let model = WorkbenchModel(setup: try smallSetup(speed: 1), provider: nil)
        defer { model.shutdown() }
        model.perform(.togglePaint)
        #expect(model.paint != nil)
        let hints = HintBar.forModel(model).fitted(width: 120)
        let line = hints.map { "\($0.key) \($0.label)" }.joined(separator: " | ")
        #expect(!line.contains("pause"), "\(line)")
        #expect(line.contains("add") && line.contains("remove") && line.contains("end paint"), "\(line)")
        #expect(hints.suffix(2).map(\.key) == ["?", "q"])
    }

    /// Every dialog's line ends with the keys that really leave it (never a `q quit` where `q` is
    /// typed or closes the dialog), at 80 and 120 columns, and those keys do leave it.
    @Test func dialogsEndWithTheKeysThatLeaveThem() throws {
        let model = WorkbenchModel(setup: try smallSetup(speed: 1), provider: nil)
        defer { model.shutdown() }
        let layout = WorkbenchLayout(width: 80, height: 24)
        model.perform(.showHelp)
        let line = statusLine(render(model, width: 120, height: 36))
        #expect(line.contains("PgUp/PgDn ↑↓  scroll") && line.hasSuffix("Esc / q  close"), "\(line)")
        #expect(statusLine(render(model, width: 80, height: 24)).hasSuffix("Esc / q  close"))
        WorkbenchInput.handle(.key(.character("q")), model: model, layout: layout)
        #expect(model.overlay == nil && !model.quitRequested, "q closes the help")

        model.overlay = .solverPicker(selection: 0)
        let picker = statusLine(render(model, width: 80, height: 24))
        #expect(picker.contains("Enter  open") && picker.hasSuffix("Esc / q  cancel"), "\(picker)")
        WorkbenchInput.handle(.key(.character("q")), model: model, layout: layout)
        #expect(model.overlay == nil && !model.quitRequested, "q cancels the picker")

        model.overlay = .parameterForm(ParameterForm(parameters: model.setup.parameters))
        let form = statusLine(render(model, width: 80, height: 24))
        #expect(form.contains("Enter  apply") && form.hasSuffix("Esc  cancel"), "\(form)")
        #expect(!form.contains("q  "), "q is typed in a form: \(form)")
        WorkbenchInput.handle(.key(.escape), model: model, layout: layout)
        #expect(model.overlay == nil)

        model.overlay = .message(title: "Note", text: "something", isError: false)
        #expect(statusLine(render(model, width: 80, height: 24)).hasSuffix("Enter / Esc  close"))
        for overlay in [WorkbenchModel.Overlay.help, .solverPicker(selection: 0), .presetPicker(selection: 0),
                        .parameterForm(ParameterForm(parameters: model.setup.parameters)), .message(title: "t", text: "x", isError: true)] {
            model.overlay = overlay
            #expect(!statusLine(render(model, width: 200, height: 60)).contains("Ctrl-C"), "\(overlay)")
        }
        model.overlay = nil
    }

    @Test func compareAndSweepViewsHaveTheirOwnHints() throws {
        let model = WorkbenchModel(setup: try smallSetup(speed: 1), provider: nil)
        defer { model.shutdown() }
        model.perform(.toggleCompare)
        let compare = statusLine(render(model, width: 120, height: 36))
        #expect(compare.contains("s  pick solvers") && compare.contains("m / Esc  close") && compare.hasSuffix("?  help  q  quit"), "\(compare)")
        #expect(!compare.contains("pause"))
        model.perform(.toggleSweep)
        let sweep = statusLine(render(model, width: 120, height: 36))
        #expect(sweep.contains("w / Esc  close") && sweep.hasSuffix("?  help  q  quit"), "\(sweep)")
    }

    /// A message (here a long notice) is cut before the closing hints, which keep the line's end.
    @Test func messagesLeaveTheClosingHints() throws {
        let model = WorkbenchModel(setup: try smallSetup(speed: 1), provider: nil)
        defer { model.shutdown() }
        model.post(String(repeating: "a very long notice ", count: 12))
        let line = statusLine(render(model, width: 80, height: 24))
        #expect(line.hasPrefix(" a very long notice"))
        #expect(line.hasSuffix("?  help  q  quit"), "\(line)")
        #expect(line.contains("…"))
    }

    /// At 80 x 24 the title bar keeps the run's status and cuts the title instead.
    @Test func titleBarKeepsTheStatusOnANarrowScreen() throws {
        var setup = try smallSetup(speed: 1)
        setup.title = "A preset with a rather long title that would fill the whole title bar by itself"
        let model = WorkbenchModel(setup: setup, provider: nil)
        defer { model.shutdown() }
        model.refresh()
        let title = render(model, width: 80, height: 24).string(row: 0)
        #expect(title.hasSuffix(" running ") || title.hasSuffix(" paused "), "\(title)")
        #expect(title.contains("…"))
    }
}
