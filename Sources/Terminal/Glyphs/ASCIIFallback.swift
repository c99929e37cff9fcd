/// One-column ASCII stand-ins for every non-ASCII character the screen may hold, for terminals whose
/// locale is not UTF-8 (`LANG=C`): there ncurses prints each such character as `?`.
///
/// The `.ascii` glyph set keeps widgets from drawing half blocks and braille, but text carries its
/// own characters (`·`, `×`, `−`, `—`, arrows, `≈`, `μ`, a heavy frame, a wide CJK file name). So the
/// backend passes the whole buffer through `Buffer.foldedToASCII()` once per frame: one place, and
/// whatever a view writes is covered. Every replacement is one column wide, so layouts are kept; a
/// double-width glyph becomes one character and a space.
public enum ASCIIFallback {
    /// The ASCII stand-in for `character` (itself when already ASCII).
    public static func character(_ character: Character) -> Character {
        if character.isASCII { return character }
        if let mapped = table[character] { return mapped }
        guard let scalar = character.unicodeScalars.first else { return " " }
        switch scalar.value {
        case 0x2500...0x257F: return boxDrawing(scalar.value)
        case 0x2800...0x28FF: return braille(scalar.value - 0x2800)
        case 0x2580...0x259F: return "#"
        case 0x2190...0x21FF: return "-"
        default: break
        }
        // Accented letters: their base letter (é -> e).
        if let base = String(character).latinBaseLetter { return base }
        return "*"
    }

    /// Box drawing: horizontal lines to `-`, vertical lines to `|`, corners and junctions to `+`.
    private static func boxDrawing(_ value: UInt32) -> Character {
        switch value {
        case 0x2500, 0x2501, 0x2504, 0x2505, 0x2508, 0x2509, 0x254C, 0x254D, 0x2550, 0x2574, 0x2576, 0x2578, 0x257A, 0x257C, 0x257E: return "-"
        case 0x2502, 0x2503, 0x2506, 0x2507, 0x250A, 0x250B, 0x254E, 0x254F, 0x2551, 0x2575, 0x2577, 0x2579, 0x257B, 0x257D, 0x257F: return "|"
        default: return "+"
        }
    }

    /// A braille cell by where its dots are: none, top only, bottom only, or both.
    private static func braille(_ bits: UInt32) -> Character {
        let top = bits & 0b0001_1011 != 0      // dots 1, 2, 4, 5
        let bottom = bits & 0b1110_0100 != 0   // dots 3, 6, 7, 8
        switch (top, bottom) {
        case (false, false): return " "
        case (true, false): return "'"
        case (false, true): return "."
        case (true, true): return ":"
        }
    }

    private static let table: [Character: Character] = [
        "·": "-", "•": "*", "×": "x", "÷": "/", "−": "-", "–": "-", "—": "-", "‒": "-", "―": "-",
        "…": "~", "⋯": "~", "≈": "~", "∼": "~", "≤": "<", "≥": ">", "≠": "#", "±": "+", "∞": "8",
        "‘": "'", "’": "'", "“": "\"", "”": "\"", "«": "<", "»": ">", "‹": "<", "›": ">",
        "←": "<", "→": ">", "↑": "^", "↓": "v", "↔": "-", "↕": "|", "⇐": "<", "⇒": ">",
        "▲": "^", "△": "^", "▼": "v", "▽": "v", "▶": ">", "▷": ">", "◀": "<", "◁": "<", "►": ">", "◄": "<",
        "■": "#", "□": "o", "▪": "#", "▫": "o", "●": "*", "○": "o", "◆": "*", "◇": "o", "◉": "@", "◎": "@",
        "✗": "x", "✘": "x", "✓": "v", "✔": "v", "⚠": "!", "★": "*", "☆": "*", "♦": "*",
        "█": "#", "▓": "#", "▒": ":", "░": ".", "▀": "\"", "▄": "_", "▌": "|", "▐": "|",
        "▁": "_", "▂": "_", "▃": "=", "▅": "#", "▆": "#", "▇": "#",
        "▏": "|", "▎": "|", "▍": "|", "▋": "|", "▊": "|", "▉": "#",
        "μ": "u", "µ": "u", "λ": "l", "ε": "e", "σ": "s", "τ": "t", "α": "a", "β": "b", "γ": "g", "δ": "d",
        "θ": "t", "π": "p", "φ": "f", "ψ": "y", "ω": "w", "Σ": "S", "∑": "S", "Δ": "D", "∂": "d", "√": "V",
        "°": "o", "²": "2", "³": "3", "¹": "1", "⁰": "0", "⁻": "-", "⁺": "+", "₀": "0", "₁": "1", "₂": "2",
        "⟨": "<", "⟩": ">", "‖": "|", "¦": "|", "§": "S", "¶": "P", "©": "c", "®": "r", "€": "E", "£": "L",
        "\u{00A0}": " ", "\u{2009}": " ", "\u{202F}": " ", "\u{2002}": " ", "\u{2003}": " ",
    ]
}

extension String {
    /// The base letter of an accented Latin-1 letter (é -> e), else nil.
    fileprivate var latinBaseLetter: Character? {
        guard let first = unicodeScalars.first else { return nil }
        let letters: [ClosedRange<UInt32>: Character] = [
            0xC0...0xC5: "A", 0xC7...0xC7: "C", 0xC8...0xCB: "E", 0xCC...0xCF: "I", 0xD1...0xD1: "N", 0xD2...0xD6: "O",
            0xD9...0xDC: "U", 0xDD...0xDD: "Y", 0xE0...0xE5: "a", 0xE7...0xE7: "c", 0xE8...0xEB: "e", 0xEC...0xEF: "i",
            0xF1...0xF1: "n", 0xF2...0xF6: "o", 0xF9...0xFC: "u", 0xFD...0xFD: "y", 0xFF...0xFF: "y",
        ]
        for (range, letter) in letters where range.contains(first.value) { return letter }
        return nil
    }
}

extension Buffer {
    /// This buffer with every glyph replaced by its `ASCIIFallback` (continuation cells of wide
    /// glyphs become plain spaces): what a non-UTF-8 terminal can show.
    public func foldedToASCII() -> Buffer {
        var folded = self
        folded.foldToASCII()
        return folded
    }

    /// Replaces every glyph by its `ASCIIFallback` in place.
    public mutating func foldToASCII() {
        for y in 0..<height {
            for x in 0..<width {
                var cell = self.cell(x: x, y: y)
                if cell.isContinuation {
                    cell.isContinuation = false
                    cell.glyph = " "
                } else if !cell.glyph.isASCII {
                    cell.glyph = ASCIIFallback.character(cell.glyph)
                } else {
                    continue
                }
                set(x: x, y: y, cell)
            }
        }
    }
}
