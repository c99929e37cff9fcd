import OTCore
import Testing

/// Text from an input shown in a message: control characters escaped, long text cut with its size.
@Suite struct DisplayTextTests {
    @Test func controlCharactersAreWrittenAsEscapes() {
        #expect(DisplayText.escaped("a\u{1B}[2J\nb\tc\r\u{0}\u{7F}\u{85}") == "a\\e[2J\\nb\\tc\\r\\0\\u{7f}\\u{85}")
        #expect(DisplayText.escaped("plain ü ✓") == "plain ü ✓")
    }

    @Test func longTextIsCutWithItsSize() {
        let cell = String(repeating: "z", count: 1_000_000)
        let shown = DisplayText.excerpt(cell, limit: 40)
        #expect(shown == String(repeating: "z", count: 40) + "... (1000000 bytes)")
        #expect(DisplayText.excerpt("short", limit: 40) == "short")
        // Escapes never push the excerpt past its limit.
        let escapes = DisplayText.excerpt(String(repeating: "\u{1B}", count: 100), limit: 10)
        #expect(escapes == String(repeating: "\\e", count: 5) + "... (100 bytes)")
    }

    @Test func anInputErrorIsOneBoundedLine() {
        let error = InputError("bad\nname.csv", "line 2", String(repeating: "x", count: 10_000))
        #expect(!error.description.contains("\n"))
        #expect(error.description.hasPrefix("bad\\nname.csv: line 2: xxx"))
        #expect(error.description.count < InputError.maximumLength + 40)
    }

    /// Bytes that are not UTF-8 are written as \xNN; valid sequences (of any length) are kept and
    /// control characters escaped as in text.
    @Test func bytesThatAreNotUTF8AreShownAsHex() {
        #expect(DisplayText.escaped(bytes: Array("café ✓".utf8)) == "café ✓")
        #expect(DisplayText.escaped(bytes: [0x63, 0x61, 0x66, 0xE9, 0x2E, 0x63]) == "caf\\xe9.c")
        #expect(DisplayText.escaped(bytes: [0xFF, 0x0A, 0x01]) == "\\xff\\n\\u{1}")
        // A sequence cut short, an overlong form and a surrogate are not UTF-8, byte by byte.
        #expect(DisplayText.escaped(bytes: [0xE2, 0x9C]) == "\\xe2\\x9c")
        #expect(DisplayText.escaped(bytes: [0xC0, 0xAF]) == "\\xc0\\xaf")
        #expect(DisplayText.escaped(bytes: [0xED, 0xA0, 0x80]) == "\\xed\\xa0\\x80")
        #expect(DisplayText.escaped(bytes: Array("😀".utf8)) == "😀")
        #expect(DisplayText.isValidUTF8(Array("plain ü ✓ 😀".utf8)))
        #expect(!DisplayText.isValidUTF8([0x61, 0xE9]))
    }
}
