/// Labelled text fields with validation, for solver parameters.
///
/// Keys when not editing: Up/Down/Tab/Shift-Tab move the focus; Enter edits the focused field (its
/// value kept, cursor at the end); typing a character starts editing with that character replacing
/// the value; Esc dismisses the form. While editing: characters insert at the cursor, Backspace and
/// Delete remove, Left/Right/Home/End move the cursor, Enter validates and commits (a rejected value
/// keeps the editor open and shows the error under the field), Tab/Shift-Tab/Up/Down commit and move,
/// Esc restores the old value.
public struct Form: Sendable {
    public struct Field: Sendable {
        public var label: String
        public var value: String
        /// One line shown at the bottom while the field has focus (range, unit, meaning).
        public var help: String
        /// Returns an error message for an unacceptable value, nil when it is fine.
        public var validate: (@Sendable (String) -> String?)?

        public init(label: String, value: String, help: String = "", validate: (@Sendable (String) -> String?)? = nil) {
            self.label = label
            self.value = value
            self.help = help
            self.validate = validate
        }
    }

    public enum Outcome: Hashable, Sendable {
        case none
        case focusChanged(Int)
        case editing
        /// A field's new value passed validation and was stored.
        case committed(field: Int, value: String)
        /// Validation failed; the message is also shown under the field.
        case rejected(field: Int, message: String)
        case editCancelled
        /// Esc outside editing: the caller should close the form.
        case dismissed
    }

    public var title: String
    public var fields: [Field]
    public private(set) var focusedIndex: Int = 0
    /// The text being edited, nil when not editing.
    public private(set) var editingText: String?
    /// Cursor position within `editingText`, in characters.
    public private(set) var cursor: Int = 0
    /// The last validation error of the focused field.
    public private(set) var errorMessage: String?
    public var isFocused: Bool

    public init(title: String = "", fields: [Field], isFocused: Bool = true) {
        self.title = title
        self.fields = fields
        self.isFocused = isFocused
    }

    public var isEditing: Bool { editingText != nil }

    public mutating func focus(_ index: Int) {
        guard !fields.isEmpty else { return }
        focusedIndex = min(max(0, index), fields.count - 1)
        errorMessage = nil
    }

    public mutating func handle(_ key: Key) -> Outcome {
        guard !fields.isEmpty else { return key == .escape ? .dismissed : .none }
        if let text = editingText { return handleEditing(key, text: text) }
        switch key {
        case .up, .backTab: return moveFocus(by: -1)
        case .down, .tab: return moveFocus(by: 1)
        case .enter:
            startEditing(with: fields[focusedIndex].value)
            return .editing
        case .character(let character):
            startEditing(with: String(character))
            return .editing
        case .escape:
            return .dismissed
        default:
            return .none
        }
    }

    private mutating func moveFocus(by step: Int) -> Outcome {
        let count = fields.count
        focus((focusedIndex + step + count) % count)
        return .focusChanged(focusedIndex)
    }

    private mutating func startEditing(with text: String) {
        editingText = text
        cursor = text.count
        errorMessage = nil
    }

    private mutating func handleEditing(_ key: Key, text: String) -> Outcome {
        var characters = Array(text)
        switch key {
        case .character(let character):
            characters.insert(character, at: cursor)
            cursor += 1
        case .backspace:
            if cursor > 0 {
                characters.remove(at: cursor - 1)
                cursor -= 1
            }
        case .delete:
            if cursor < characters.count { characters.remove(at: cursor) }
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(characters.count, cursor + 1)
        case .home: cursor = 0
        case .end: cursor = characters.count
        case .escape:
            editingText = nil
            errorMessage = nil
            return .editCancelled
        case .enter:
            return commit(text)
        case .tab, .down, .backTab, .up:
            let outcome = commit(text)
            if case .committed = outcome { _ = moveFocus(by: key == .tab || key == .down ? 1 : -1) }
            return outcome
        default:
            return .none
        }
        editingText = String(characters)
        return .editing
    }

    private mutating func commit(_ text: String) -> Outcome {
        if let message = fields[focusedIndex].validate?(text) {
            errorMessage = message
            return .rejected(field: focusedIndex, message: message)
        }
        fields[focusedIndex].value = text
        editingText = nil
        errorMessage = nil
        return .committed(field: focusedIndex, value: text)
    }

    public func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        var inside = area
        if !title.isEmpty {
            let block = Block(title: title, isFocused: isFocused)
            block.render(in: area, buffer: &buffer, glyphs: glyphs, theme: theme)
            inside = block.inner(area)
        }
        guard !inside.isEmpty, !fields.isEmpty else { return }
        let labelWidth = min(inside.width / 2, fields.map { DisplayWidth.of($0.label) }.max() ?? 0)
        let valueX = inside.x + 2 + labelWidth + 1
        let valueWidth = inside.maxX - valueX
        let help = fields[focusedIndex].help
        let helpRows = help.isEmpty || inside.height < fields.count + 2 ? 0 : 1
        let errorRows = errorMessage == nil ? 0 : 1
        let listRows = max(1, inside.height - helpRows)
        let first = max(0, focusedIndex + errorRows - listRows + 1)

        var y = inside.y
        for index in first..<fields.count {
            guard y < inside.y + listRows else { break }
            let field = fields[index], focused = index == focusedIndex && isFocused
            if focused { buffer.set(x: inside.x, y: y, glyph: glyphs.selectionMarker, style: theme.text.with(.bold)) }
            let label = DisplayWidth.truncate(field.label, toColumns: labelWidth, ellipsis: glyphs.ellipsis)
            buffer.setString(label, x: inside.x + 2, y: y, style: focused ? theme.text.with(.bold) : theme.dimText, clip: inside)
            if valueWidth > 0 {
                if index == focusedIndex, let text = editingText {
                    drawEditor(text, x: valueX, y: y, width: valueWidth, buffer: &buffer, theme: theme, clip: inside)
                } else {
                    let value = DisplayWidth.truncate(field.value, toColumns: valueWidth, ellipsis: glyphs.ellipsis)
                    buffer.setString(value, x: valueX, y: y, style: focused ? theme.selection : theme.text, clip: inside)
                }
            }
            y += 1
            if index == focusedIndex, let errorMessage, y < inside.y + listRows {
                buffer.setString(errorMessage, x: valueX, y: y, style: theme.error, clip: inside)
                y += 1
            }
        }
        if helpRows == 1 {
            buffer.setString(help, x: inside.x, y: inside.maxY - 1, style: theme.dimText, clip: inside)
        }
    }

    /// The edited text with a reverse-video cursor cell, scrolled so the cursor stays visible.
    private func drawEditor(_ text: String, x: Int, y: Int, width: Int, buffer: inout Buffer, theme: Theme, clip: Rect) {
        let characters = Array(text)
        let start = max(0, cursor - width + 1)
        let visible = characters[start..<min(characters.count, start + width)]
        let field = Rect(x: x, y: y, width: width, height: 1).intersection(clip)
        buffer.fill(field, with: Cell(" ", style: theme.input))
        buffer.setString(String(visible), x: x, y: y, style: theme.input, clip: clip)
        let cursorX = x + DisplayWidth.of(String(characters[start..<cursor]))
        buffer.setStyle(x: cursorX, y: y, Style(adding: .reverse))
    }
}
