/// A framed list to choose one item from: a title, items with optional dimmed descriptions, a
/// highlighted selection that scrolls into view.
///
/// Up/Down (or k/j), Page Up/Down, Home/End move; Enter chooses; Esc cancels.
public struct ListPicker: Hashable, Sendable {
    public struct Item: Hashable, Sendable {
        public var title: String
        public var detail: String
        public init(_ title: String, detail: String = "") {
            self.title = title
            self.detail = detail
        }
    }

    public enum Outcome: Hashable, Sendable {
        case none
        case moved
        case chosen(Int)
        case cancelled
    }

    public var title: String
    public var items: [Item]
    public private(set) var selectedIndex: Int
    /// First visible item; adjusted by `scrollToSelection(visibleRows:)` and when rendering.
    public private(set) var scrollOffset: Int = 0
    /// Rows moved by Page Up/Down.
    public var pageSize: Int = 10
    public var isFocused: Bool

    public init(title: String, items: [Item], selectedIndex: Int = 0, isFocused: Bool = true) {
        self.title = title
        self.items = items
        self.selectedIndex = items.isEmpty ? 0 : min(max(0, selectedIndex), items.count - 1)
        self.isFocused = isFocused
    }

    public var selectedItem: Item? { items.indices.contains(selectedIndex) ? items[selectedIndex] : nil }

    public mutating func select(_ index: Int) {
        guard !items.isEmpty else { return }
        selectedIndex = min(max(0, index), items.count - 1)
    }

    public mutating func handle(_ key: Key) -> Outcome {
        let before = selectedIndex
        switch key {
        case .up, .character("k"): select(selectedIndex - 1)
        case .down, .character("j"): select(selectedIndex + 1)
        case .pageUp: select(selectedIndex - pageSize)
        case .pageDown: select(selectedIndex + pageSize)
        case .home: select(0)
        case .end: select(items.count - 1)
        case .enter: return items.isEmpty ? .none : .chosen(selectedIndex)
        case .escape: return .cancelled
        default: return .none
        }
        scrollToSelection(visibleRows: pageSize)
        return selectedIndex == before ? .none : .moved
    }

    /// Moves `scrollOffset` the least needed to show the selection in `visibleRows` rows.
    public mutating func scrollToSelection(visibleRows: Int) {
        scrollOffset = offset(forVisibleRows: visibleRows)
    }

    func offset(forVisibleRows rows: Int) -> Int {
        guard rows > 0 else { return selectedIndex }
        var offset = min(scrollOffset, selectedIndex)
        if selectedIndex >= offset + rows { offset = selectedIndex - rows + 1 }
        return max(0, min(offset, max(0, items.count - rows)))
    }

    /// The item drawn at screen row `y` when rendered in `area`, for mouse selection.
    public func itemIndex(atY y: Int, in area: Rect) -> Int? {
        let inside = Block(title: title).inner(area)
        guard y >= inside.y, y < inside.maxY else { return nil }
        let index = offset(forVisibleRows: inside.height) + (y - inside.y)
        return items.indices.contains(index) ? index : nil
    }

    public func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        let block = Block(title: title, isFocused: isFocused)
        block.render(in: area, buffer: &buffer, glyphs: glyphs, theme: theme)
        let inside = block.inner(area)
        guard !inside.isEmpty else { return }
        let first = offset(forVisibleRows: inside.height)
        let titleWidth = min(inside.width - 2, (items.map { DisplayWidth.of($0.title) }.max() ?? 0))
        for row in 0..<inside.height {
            let index = first + row
            guard items.indices.contains(index) else { break }
            let item = items[index], y = inside.y + row
            let selected = index == selectedIndex
            if selected {
                buffer.set(x: inside.x, y: y, glyph: glyphs.selectionMarker, style: theme.text.with(.bold))
            }
            let titleText = DisplayWidth.pad(DisplayWidth.truncate(item.title, toColumns: titleWidth, ellipsis: glyphs.ellipsis),
                                             toColumns: titleWidth)
            let titleEnd = buffer.setString(titleText, x: inside.x + 2, y: y,
                                            style: selected ? theme.selection : theme.text, clip: inside)
            if !item.detail.isEmpty && titleEnd + 2 < inside.maxX {
                let detail = DisplayWidth.truncate(item.detail, toColumns: inside.maxX - titleEnd - 2, ellipsis: glyphs.ellipsis)
                buffer.setString(detail, x: titleEnd + 2, y: y, style: theme.dimText, clip: inside)
            }
        }
    }
}
