/// One row naming chart series: a coloured marker then the name, entries separated by two spaces.
/// Entries that do not fit are dropped whole rather than cut.
public struct Legend: Hashable, Sendable {
    public struct Entry: Hashable, Sendable {
        public var name: String
        public var color: Color
        /// The glyph that tells this series apart without colour (also drawn along its curve);
        /// nil takes the entry's position's `monochromeMarker`.
        public var marker: Character?
        public init(name: String, color: Color, marker: Character? = nil) {
            self.name = name
            self.color = color
            self.marker = marker
        }
    }

    public var entries: [Entry]
    /// Text placed before the entries (e.g. the y axis title), dimmed.
    public var caption: String

    public init(entries: [Entry], caption: String = "") {
        self.entries = entries
        self.caption = caption
    }

    public func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        guard area.height > 0, area.width > 0 else { return }
        var x = area.x
        if !caption.isEmpty {
            x = buffer.setString(caption, x: x, y: area.y, style: theme.dimText, clip: area) + 2
        }
        for (index, entry) in entries.enumerated() {
            let width = 2 + DisplayWidth.of(entry.name)
            guard x + width <= area.maxX else { break }
            // Without colour the series differ by their marker glyph (the one their curve repeats).
            let markerStyle = theme.colorEnabled ? Style(foreground: entry.color) : theme.text
            buffer.set(x: x, y: area.y, glyph: theme.colorEnabled ? glyphs.legendMarker : (entry.marker ?? Legend.monochromeMarker(index)),
                       style: markerStyle)
            buffer.setString(entry.name, x: x + 2, y: area.y, style: theme.text, clip: area)
            x += width + 2
        }
    }

    /// Distinct ASCII markers for series when there is no colour to tell them apart.
    public static func monochromeMarker(_ index: Int) -> Character {
        let markers: [Character] = ["*", "+", "o", "x", "#", "%"]
        return markers[index % markers.count]
    }
}
