import Foundation
import OTCore
import OTSolvers
import Terminal

/// Modal overlays: help, pickers, the parameter form, the open-files form and messages.
struct OverlayView {
    let model: WorkbenchModel
    let overlay: WorkbenchModel.Overlay
    let glyphs: GlyphSet
    let theme: Theme

    func render(into buffer: inout Buffer) {
        switch overlay {
        case .help:
            box(title: Self.helpTitle, lines: helpLines(screenWidth: buffer.width), buffer: &buffer, scrollOffset: model.scrollOffset(.help))
        case .solverPicker(let selection):
            let items = model.solverPickerItems
            let lines = items.enumerated().map { index, item in
                (key: index == selection ? "▶ \(item.key)" : "  \(item.key)", text: item.text(availability: model.engineAvailability))
            }
            box(title: "Pick a solver (↑↓ Enter, Esc)", lines: lines + [("", ""), ("", summaryLine(selection))], buffer: &buffer, selected: selection)
        case .presetPicker(let selection):
            let presets = model.provider?.presetList() ?? []
            let lines = presets.enumerated().map { index, preset in
                (key: index == selection ? "▶ \(preset.name)" : "  \(preset.name)", text: preset.title)
            }
            // While the picked preset is read, the title (always in sight) says so.
            var title = "Open a preset (↑↓ Enter, Esc)"
            if let load = model.fileLoad, let name = load.preset {
                let seconds = Int(max(0, ProcessInfo.processInfo.systemUptime - load.started))
                title = "Opening \(DisplayText.escaped(name))… \(seconds) s (Esc abandons, q quits)"
            }
            box(title: title, lines: lines.isEmpty ? [("", "no presets found")] : lines, buffer: &buffer, selected: selection)
        case .parameterForm(let form):
            var lines: [(key: String, text: String)] = []
            for (index, field) in form.fields.enumerated() {
                let marker = index == form.selection ? "▶ " : "  "
                lines.append((marker + field.descriptor.name, fieldText(field.text, cursor: index == form.selection, buffer: buffer)))
                if let error = field.error { lines += errorLines(error, buffer: buffer) }
            }
            if form.fields.indices.contains(form.selection) {
                lines.append(("", ""))
                for line in wrap(form.fields[form.selection].descriptor.help + " " + form.fields[form.selection].descriptor.rangeDescription + ".", width: min(56, fieldTextWidth(buffer))) {
                    lines.append(("", line))
                }
            }
            box(title: "Parameters of \(model.setup.solver.name) (Enter apply, Esc cancel)", lines: lines, buffer: &buffer)
        case .openFiles(let form):
            var lines: [(key: String, text: String)] = [
                ((form.selection == 0 ? "▶ " : "  ") + "source", fieldText(form.source, cursor: form.selection == 0, buffer: buffer)),
                ((form.selection == 1 ? "▶ " : "  ") + "target", fieldText(form.target, cursor: form.selection == 1, buffer: buffer)),
                ("", ""),
                ("", "CSV/TSV point clouds or .npy arrays; Tab switches, Enter opens"),
            ]
            if let load = model.fileLoad {
                let seconds = Int(max(0, ProcessInfo.processInfo.systemUptime - load.started))
                lines.append(("", "reading the files… \(seconds) s (Esc abandons, q quits)"))
            } else if let error = form.error {
                lines += errorLines(error, buffer: buffer)
            }
            box(title: "Open files", lines: lines, buffer: &buffer)
        case .message(let title, let text, let isError):
            box(title: title, lines: wrap(text, width: 64).map { ("", $0) } + [("", ""), ("", "Enter or Esc to close")], buffer: &buffer, isError: isError)
        }
    }

    static let helpTitle = "Help — keys (PgUp/PgDn scroll, Esc closes)"

    /// The help's lines: every key binding (a label too long for the screen wraps under itself),
    /// then the preset's title and description.
    private func helpLines(screenWidth: Int) -> [(key: String, text: String)] {
        let keyWidth = KeyBindings.all.map { DisplayWidth.of($0.keys) }.max() ?? 0
        // The box is at most the screen less 4 columns; its frame, margin and key column take the rest.
        let textWidth = max(20, min(72, screenWidth - 4 - 6 - keyWidth))
        var lines: [(key: String, text: String)] = []
        for binding in KeyBindings.all {
            for (index, line) in wrap(binding.label, width: textWidth).enumerated() { lines.append((index == 0 ? binding.keys : "", line)) }
        }
        lines.append(("", ""))
        lines.append(("", model.setup.title))
        for line in wrap(model.setup.description, width: min(60, textWidth)) { lines.append(("", line)) }
        return lines
    }

    /// How far the help scrolls on a `width` x `height` screen.
    func helpScrollIndicator(width: Int, height: Int) -> ScrollIndicator {
        let lines = helpLines(screenWidth: width)
        let rect = boxRect(title: Self.helpTitle, lines: lines, width: width, height: height)
        return ScrollIndicator(total: lines.count, visible: rect.height - 2, offset: model.scrollOffset(.help))
    }

    private func summaryLine(_ selection: Int) -> String {
        let items = model.solverPickerItems
        return items.indices.contains(selection) ? items[selection].summary : ""
    }

    /// The dialog's frame on a `width` x `height` screen: as big as its lines, at most the screen
    /// less a margin.
    private func boxRect(title: String, lines: [(key: String, text: String)], width screenWidth: Int, height screenHeight: Int) -> Rect {
        let keyWidth = (lines.map { DisplayWidth.of($0.key) }.max() ?? 0)
        let textWidth = lines.map { DisplayWidth.of($0.text) }.max() ?? 0
        let width = min(screenWidth - 4, max(DisplayWidth.of(title) + 6, keyWidth + textWidth + 6))
        let height = min(screenHeight - 2, lines.count + 2)
        return Rect(x: 0, y: 0, width: screenWidth, height: screenHeight).centered(width: width, height: height)
    }

    /// Draws a dialog; lines that do not fit scroll (from `scrollOffset`, or so that the `selected`
    /// line stays in sight), with the scroll position on the bottom border.
    private func box(title: String, lines: [(key: String, text: String)], buffer: inout Buffer, selected: Int? = nil, isError: Bool = false,
                     scrollOffset: Int = 0) {
        let keyWidth = (lines.map { DisplayWidth.of($0.key) }.max() ?? 0)
        let rect = boxRect(title: title, lines: lines, width: buffer.width, height: buffer.height)
        buffer.fill(rect, with: Cell(" ", style: theme.text))
        let inner = Frame.draw(rect, title: title, focused: true, buffer: &buffer, glyphs: glyphs, theme: theme)
        let wanted = selected.map { max(0, $0 - inner.height + 1) } ?? scrollOffset
        let indicator = ScrollIndicator(total: lines.count, visible: inner.height, offset: wanted)
        indicator.render(onBorderOf: rect, buffer: &buffer, style: theme.keyHint)
        for (index, line) in lines.enumerated() where index >= indicator.offset && index < indicator.offset + inner.height {
            let y = inner.y + index - indicator.offset
            let isSelected = selected == index
            let x = inner.x + 1
            if isSelected { buffer.setStyle(theme.selection, in: Rect(x: inner.x, y: y, width: inner.width, height: 1)) }
            _ = buffer.setString(line.key, x: x, y: y, style: isSelected ? theme.selection : theme.title, clip: inner)
            let textStyle = line.text.hasPrefix("✗") || (isError && line.key.isEmpty && index < lines.count - 2) ? theme.error : (isSelected ? theme.selection : theme.text)
            _ = buffer.setString(line.text, x: x + keyWidth + (keyWidth > 0 ? 2 : 0), y: y, style: textStyle, clip: inner)
        }
    }

    /// An error under a form field, wrapped to fit the dialog on this screen: a long path must not
    /// push "expected ..." off the box's edge.
    private func errorLines(_ error: String, buffer: Buffer) -> [(key: String, text: String)] {
        wrap(error, width: fieldTextWidth(buffer) - 2).enumerated().map { index, line in ("", (index == 0 ? "✗ " : "  ") + line) }
    }

    /// A field's text with the cursor; when wider than the dialog, its end after "…", so what is
    /// being typed (a long path) stays in sight.
    private func fieldText(_ text: String, cursor: Bool, buffer: Buffer) -> String {
        let shown = text + (cursor ? "▏" : "")
        let width = fieldTextWidth(buffer)
        guard DisplayWidth.of(shown) > width else { return shown }
        var tail = Substring(shown)
        while DisplayWidth.of(String(tail)) > width - 1 { tail = tail.dropFirst() }
        return "…" + tail
    }

    /// Columns for text beside a form's field names: the box is at most the screen less 4 columns,
    /// and its frame, padding and the names (up to about 20 columns) take the rest.
    private func fieldTextWidth(_ buffer: Buffer) -> Int {
        max(20, min(72, buffer.width - 4 - 6 - 20))
    }

    private func wrap(_ text: String, width: Int) -> [String] {
        TextWrap.lines(text, width: width).filter { !$0.isEmpty }
    }
}
