import Testing
@testable import Terminal

/// Under a non-UTF-8 locale every glyph is folded to one ASCII column, never to `?`.
@Suite struct ASCIIFallbackTests {
    @Test func textCharactersHaveReadableStandIns() {
        let pairs: [(Character, Character)] = [
            ("·", "-"), ("×", "x"), ("−", "-"), ("—", "-"), ("…", "~"), ("≈", "~"), ("→", ">"), ("←", "<"),
            ("↑", "^"), ("↓", "v"), ("▲", "^"), ("▼", "v"), ("▶", ">"), ("✗", "x"), ("⚠", "!"), ("μ", "u"),
            ("─", "-"), ("━", "-"), ("│", "|"), ("┃", "|"), ("┌", "+"), ("┛", "+"), ("┤", "+"), ("┴", "+"),
            ("■", "#"), ("█", "#"), ("░", "."), ("é", "e"), ("Ü", "U"), ("⠀", " "), ("⠉", "'"), ("⣀", "."), ("⣿", ":"),
        ]
        for (glyph, expected) in pairs {
            #expect(ASCIIFallback.character(glyph) == expected, "\(glyph)")
        }
        #expect(ASCIIFallback.character("a") == "a" && ASCIIFallback.character("?") == "?")
    }

    /// Whatever the character, the stand-in is one printable ASCII column and not `?`.
    @Test func everyCharacterFoldsToPrintableASCIIOtherThanQuestionMark() {
        let ranges: [ClosedRange<UInt32>] = [0xA0...0x24F, 0x370...0x3FF, 0x2000...0x22FF, 0x2500...0x27BF, 0x2800...0x28FF, 0x4E00...0x4E20, 0x1F600...0x1F610]
        for range in ranges {
            for value in range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                let folded = ASCIIFallback.character(Character(scalar))
                #expect(folded.isASCII && folded != "?" && (folded.asciiValue ?? 0) >= 0x20, "U+\(String(value, radix: 16)) -> \(folded)")
            }
        }
    }

    /// A wide glyph becomes one character and a space; the columns after it stay where they were.
    @Test func bufferFoldKeepsTheColumns() {
        var buffer = Buffer(width: 12, height: 1)
        buffer.setString("a·漢b─▼", x: 0, y: 0)
        let folded = buffer.foldedToASCII()
        #expect(folded.string(row: 0) == "a-* b-v     ")
        #expect(folded.cells.allSatisfy { $0.glyph.isASCII && !$0.isContinuation })
    }
}
