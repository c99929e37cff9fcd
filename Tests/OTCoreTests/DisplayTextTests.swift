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
}
