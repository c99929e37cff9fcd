import Testing
import Terminal

@Suite struct TextTests {
    @Test func compactNumbers() {
        #expect(NumberFormat.compact(0) == "0")
        #expect(NumberFormat.compact(0.25) == "0.25")
        #expect(NumberFormat.compact(1500) == "1500")
        #expect(NumberFormat.compact(1e-6) == "1e-6")
        #expect(NumberFormat.compact(2.5e8) == "2.5e8")
        #expect(NumberFormat.compact(-0.000012) == "-1.2e-5")
        #expect(NumberFormat.compact(3.14159) == "3.14")
        #expect(NumberFormat.compact(.nan) == "nan")
        #expect(NumberFormat.scientific(9.99e-3) == "1e-2")
    }

    @Test func wrapAndTruncate() {
        #expect(TextWrap.lines("the quick brown fox", width: 9) == ["the quick", "brown fox"])
        #expect(TextWrap.lines("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(DisplayWidth.truncate("parameters", toColumns: 6, ellipsis: "…") == "param…")
        #expect(DisplayWidth.pad("ab", toColumns: 4) == "ab  ")
        #expect(DisplayWidth.of("日本") == 4)
    }
}

/// A word of a quarter megabyte (a bad CSV cell quoted in an error) wraps in linear time: each character is
/// measured once. The old loop re-measured the rest of the word for every line cut from it.
@Suite struct TextWrapLongWordTests {
    @Test func megabyteWordWrapsIntoFullLines() {
        let word = String(repeating: "z", count: (1 << 18) + 10)
        let lines = TextWrap.lines("bad: " + word + " expected a number", width: 64)
        #expect(lines.first == "bad:")
        #expect(lines.dropFirst().dropLast().allSatisfy { $0.count == 64 })
        #expect(lines.dropFirst().dropLast().map(\.count).reduce(0, +) + lines.last!.count == word.count + " expected a number".count)
        #expect(lines.last!.hasSuffix("z expected a number"))
    }

    @Test func wideCharactersNeverLoopOnANarrowLine() {
        // A two-column character on a one-column line: put alone on its line, not cut forever.
        #expect(TextWrap.lines("日本", width: 1) == ["日", "本"])
    }
}
