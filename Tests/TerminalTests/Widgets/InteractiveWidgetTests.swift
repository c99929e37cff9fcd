import Testing
import Terminal

@Suite struct InteractiveWidgetTests {
    private func regularizationForm() -> Form {
        Form(title: "parameters", fields: [
            .init(label: "reg", value: "0.1", help: "entropic regularization, > 0") { text in
                guard let value = Double(text) else { return "not a number" }
                return value > 0 ? nil : "must be > 0"
            },
            .init(label: "max iterations", value: "1000"),
        ])
    }

    @Test func formRejectsInvalidValueAndShowsError() {
        var form = regularizationForm()
        #expect(form.handle(.enter) == .editing)
        for _ in 0..<3 { _ = form.handle(.backspace) }
        _ = form.handle(.character("-"))
        _ = form.handle(.character("1"))
        #expect(form.editingText == "-1")
        #expect(form.handle(.enter) == .rejected(field: 0, message: "must be > 0"))
        #expect(form.isEditing)
        var buffer = Buffer(width: 40, height: 7)
        form.render(in: buffer.area, buffer: &buffer, glyphs: .unicode, theme: .standard)
        #expect(buffer.string(row: 2).contains("must be > 0"))
        #expect(buffer.cell(x: buffer.string(row: 2).distance(to: "must"), y: 2).foreground == .brightRed)
        #expect(buffer.string(row: 1).contains("-1"))
        #expect(buffer.string(row: 5).contains("entropic regularization"))
        #expect(form.fields[0].value == "0.1")
    }

    @Test func formCommitsEditsAndMovesFocus() {
        var form = regularizationForm()
        _ = form.handle(.character("5"))           // typing replaces the value
        _ = form.handle(.left)
        _ = form.handle(.character("0"))
        _ = form.handle(.character("."))
        #expect(form.editingText == "0.5")
        #expect(form.handle(.tab) == .committed(field: 0, value: "0.5"))
        #expect(form.focusedIndex == 1)
        #expect(form.fields[0].value == "0.5")
        _ = form.handle(.enter)
        _ = form.handle(.character("0"))
        #expect(form.handle(.escape) == .editCancelled)
        #expect(form.fields[1].value == "1000")
        #expect(form.handle(.escape) == .dismissed)
        var buffer = Buffer(width: 30, height: 4)
        form.render(in: buffer.area, buffer: &buffer, glyphs: .unicode, theme: .standard)
        #expect(buffer.string(row: 1).hasPrefix("┃  reg            0.5"))
        #expect(buffer.string(row: 2).hasPrefix("┃› max iterations 1000"))
    }

    @Test func editorShowsTheCursorAsAReverseCell() {
        var form = Form(fields: [.init(label: "tol", value: "1e-9")])
        _ = form.handle(.enter)
        _ = form.handle(.left)
        _ = form.handle(.left)
        var buffer = Buffer(width: 12, height: 1)
        form.render(in: buffer.area, buffer: &buffer, glyphs: .unicode, theme: .standard)
        #expect(buffer.string(row: 0) == "› tol 1e-9  ")
        #expect(form.cursor == 2)
        #expect(buffer.cell(x: 8, y: 0).glyph == "-")
        #expect(buffer.cell(x: 8, y: 0).attributes.contains(.reverse))
        #expect(!buffer.cell(x: 7, y: 0).attributes.contains(.reverse))
        #expect(buffer.cell(x: 7, y: 0).attributes.contains(.underline))
    }

    @Test func listPickerScrollsToTheSelection() {
        var picker = ListPicker(title: "presets", items: (0..<20).map { .init("item \($0)", detail: "detail \($0)") })
        var buffer = Buffer(width: 30, height: 6)  // 4 visible rows
        picker.pageSize = 4
        for _ in 0..<6 { _ = picker.handle(.down) }
        #expect(picker.selectedIndex == 6)
        picker.render(in: buffer.area, buffer: &buffer, glyphs: .unicode, theme: .standard)
        #expect(buffer.string(row: 4).hasPrefix("┃› item 6   detail 6"))
        #expect(buffer.string(row: 1).contains("item 3"))
        #expect(buffer.cell(x: 3, y: 4).attributes.contains(.reverse))
        #expect(picker.itemIndex(atY: 2, in: buffer.area) == 4)
        #expect(picker.handle(.end) == .moved)
        #expect(picker.handle(.down) == .none)
        #expect(picker.handle(.enter) == .chosen(19))
        #expect(picker.handle(.escape) == .cancelled)
    }

    @Test func dialogButtonsAndMessage() {
        var dialog = Dialog(title: "Quit?", message: "A solve is running. Quit anyway?", buttons: ["Quit", "Cancel"])
        #expect(dialog.handle(.right) == .none)
        #expect(dialog.selectedButton == 1)
        #expect(dialog.handle(.enter) == .chosen(1))
        var buffer = Buffer(width: 60, height: 12)
        dialog.render(in: buffer.area, buffer: &buffer, glyphs: .unicode, theme: .standard)
        let text = buffer.text
        #expect(text.contains("A solve is running. Quit anyway?"))
        #expect(text.contains("[ Quit ]  [ Cancel ]"))
        #expect(text.contains("┏ Quit? ━"))
        let cancel = dialog.buttonFrames(in: buffer.area)[1]
        #expect(buffer.cell(x: cancel.x, y: cancel.y).attributes.contains(.reverse))
        #expect(dialog.buttonIndex(atX: cancel.x + 2, y: cancel.y, in: buffer.area) == 1)
        #expect(dialog.handle(.escape) == .cancelled)
    }
}

extension String {
    /// Column of the first occurrence of `needle` (ASCII test helper).
    fileprivate func distance(to needle: String) -> Int {
        guard let range = range(of: needle) else { return -1 }
        return self.distance(from: startIndex, to: range.lowerBound)
    }
}
