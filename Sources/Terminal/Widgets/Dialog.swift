/// A modal box centred in the area: title, wrapped message, and a row of buttons.
///
/// Left/Right/Tab/Shift-Tab move between buttons, Enter chooses, Esc cancels; `buttonIndex(atX:y:in:)`
/// supports mouse clicks.
public struct Dialog: Hashable, Sendable {
    public enum Outcome: Hashable, Sendable {
        case none
        case chosen(Int)
        case cancelled
    }

    public var title: String
    public var message: String
    public var buttons: [String]
    public var selectedButton: Int
    /// Draws the frame in the theme's error style (for error panels).
    public var isError: Bool

    public init(title: String, message: String, buttons: [String] = ["OK"], selectedButton: Int = 0, isError: Bool = false) {
        self.title = title
        self.message = message
        self.buttons = buttons
        self.selectedButton = min(max(0, selectedButton), max(0, buttons.count - 1))
        self.isError = isError
    }

    public mutating func handle(_ key: Key) -> Outcome {
        guard !buttons.isEmpty else { return key == .escape || key == .enter ? .cancelled : .none }
        switch key {
        case .left, .backTab: selectedButton = (selectedButton + buttons.count - 1) % buttons.count
        case .right, .tab: selectedButton = (selectedButton + 1) % buttons.count
        case .enter: return .chosen(selectedButton)
        case .escape: return .cancelled
        default: break
        }
        return .none
    }

    /// The dialog's box inside `area`: wide enough for the title and buttons, message wrapped at
    /// 60 columns (or the area's width).
    public func frame(in area: Rect) -> Rect {
        let wrapWidth = max(1, min(60, area.width - 6))
        let lines = TextWrap.lines(message, width: wrapWidth)
        let contentWidth = max(lines.map { DisplayWidth.of($0) }.max() ?? 0, buttonRowWidth, DisplayWidth.of(title) + 2)
        return area.centered(width: contentWidth + 4, height: lines.count + 4)
    }

    private var buttonLabels: [String] { buttons.map { "[ \($0) ]" } }
    private var buttonRowWidth: Int { buttonLabels.reduce(0) { $0 + DisplayWidth.of($1) } + max(0, buttons.count - 1) * 2 }

    /// Cells of each button inside `area`, for hit testing.
    public func buttonFrames(in area: Rect) -> [Rect] {
        let box = frame(in: area)
        var x = box.x + (box.width - buttonRowWidth) / 2
        let y = box.maxY - 2
        return buttonLabels.map { label in
            defer { x += DisplayWidth.of(label) + 2 }
            return Rect(x: x, y: y, width: DisplayWidth.of(label), height: 1)
        }
    }

    /// The button under a mouse position, if any.
    public func buttonIndex(atX x: Int, y: Int, in area: Rect) -> Int? {
        buttonFrames(in: area).firstIndex { $0.contains(x: x, y: y) }
    }

    public func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        let box = frame(in: area)
        guard box.width >= 4, box.height >= 3 else { return }
        buffer.fill(box)
        var frameTheme = theme
        if isError { frameTheme.focusedBorder = theme.error }
        Block(title: title, isFocused: true).render(in: box, buffer: &buffer, glyphs: glyphs, theme: frameTheme)
        let inside = box.inset(top: 1, left: 2, bottom: 1, right: 2)
        for (index, line) in TextWrap.lines(message, width: max(1, inside.width)).enumerated() where index < inside.height - 2 {
            buffer.setString(line, x: inside.x, y: inside.y + index, style: theme.text, clip: inside)
        }
        for (index, rect) in buttonFrames(in: area).enumerated() {
            let style = index == selectedButton ? theme.focusedButton : theme.button
            buffer.setString(buttonLabels[index], x: rect.x, y: rect.y, style: style, clip: box)
        }
    }
}
