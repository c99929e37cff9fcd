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
