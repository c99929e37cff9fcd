/// The characters widgets draw with, in a Unicode and an ASCII flavour.
///
/// With a non-UTF-8 locale ncurses prints half blocks and braille as blanks, so the backend's
/// `Capabilities` pick `.ascii` there and every widget degrades to plain characters: braille curves
/// become `'`, `.` and `:` marks, half-block heatmaps become one coloured space per cell, boxes use
/// `+`, `-` and `|`.
public struct GlyphSet: Hashable, Sendable {
    /// True when braille patterns (U+2800-U+28FF) may be used for 2x4-dot plotting.
    public var supportsBraille: Bool
    /// Upper half block (fg = upper pixel, bg = lower pixel), or nil when unavailable.
    public var upperHalfBlock: Character?
    /// Nine glyphs for bars filled 0/8 ... 8/8 from the bottom.
    public var verticalEighths: [Character]
    /// Nine glyphs for bars filled 0/8 ... 8/8 from the left.
    public var horizontalEighths: [Character]
    /// Five glyphs from empty to full for shading without colour.
    public var shadeRamp: [Character]
    public var box: BoxGlyphs
    /// Marker drawn before a legend entry.
    public var legendMarker: Character
    /// Marker for the selected row of a list.
    public var selectionMarker: Character
    /// Horizontal ellipsis for truncated text.
    public var ellipsis: String
    /// Glyphs for braille-less plotting: upper dot only, lower dot only, both.
    public var asciiDots: (upper: Character, lower: Character, both: Character) {
        ("'", ".", ":")
    }

    public init(supportsBraille: Bool, upperHalfBlock: Character?, verticalEighths: [Character],
                shadeRamp: [Character], box: BoxGlyphs, legendMarker: Character,
                selectionMarker: Character, ellipsis: String, horizontalEighths: [Character]) {
        precondition(verticalEighths.count == 9 && horizontalEighths.count == 9 && shadeRamp.count >= 2)
        self.horizontalEighths = horizontalEighths
        self.supportsBraille = supportsBraille
        self.upperHalfBlock = upperHalfBlock
        self.verticalEighths = verticalEighths
        self.shadeRamp = shadeRamp
        self.box = box
        self.legendMarker = legendMarker
        self.selectionMarker = selectionMarker
        self.ellipsis = ellipsis
    }

    public var isUnicode: Bool { supportsBraille }

    public static let unicode = GlyphSet(
        supportsBraille: true, upperHalfBlock: "▀", verticalEighths: Array(" ▁▂▃▄▅▆▇█"),
        shadeRamp: Array(" ░▒▓█"), box: .unicode, legendMarker: "■", selectionMarker: "›", ellipsis: "…",
        horizontalEighths: Array(" ▏▎▍▌▋▊▉█"))

    public static let ascii = GlyphSet(
        supportsBraille: false, upperHalfBlock: nil, verticalEighths: Array("  ..::###"),
        shadeRamp: Array(" .:+#"), box: .ascii, legendMarker: "#", selectionMarker: ">", ellipsis: "~",
        horizontalEighths: Array("  --==###"))

    /// The shade glyph for a level in 0...1.
    public func shade(_ level: Double) -> Character {
        let clamped = level.isNaN ? 0 : min(1, max(0, level))
        let index = Int((clamped * Double(shadeRamp.count - 1)).rounded())
        return shadeRamp[index]
    }

    /// The bar glyph for a cell filled `eighths` / 8 from the bottom.
    public func bar(eighths: Int) -> Character {
        verticalEighths[min(8, max(0, eighths))]
    }

    /// The bar glyph for a cell filled `eighths` / 8 from the left.
    public func horizontalBar(eighths: Int) -> Character {
        horizontalEighths[min(8, max(0, eighths))]
    }

    public static func == (lhs: GlyphSet, rhs: GlyphSet) -> Bool {
        lhs.supportsBraille == rhs.supportsBraille && lhs.upperHalfBlock == rhs.upperHalfBlock
            && lhs.verticalEighths == rhs.verticalEighths && lhs.horizontalEighths == rhs.horizontalEighths
            && lhs.shadeRamp == rhs.shadeRamp
            && lhs.box == rhs.box && lhs.legendMarker == rhs.legendMarker
            && lhs.selectionMarker == rhs.selectionMarker && lhs.ellipsis == rhs.ellipsis
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(supportsBraille)
        hasher.combine(verticalEighths)
        hasher.combine(box)
    }
}
