import OTCore
import Testing

@Suite struct MessageTextTests {
    @Test func shortTextIsKeptWhole() {
        #expect(MessageText.bounded("a.csv: line 3: expected a number") == "a.csv: line 3: expected a number")
        let exact = String(repeating: "x", count: MessageText.defaultLimit)
        #expect(MessageText.bounded(exact) == exact)
    }

    @Test func longTextKeepsItsHeadAndTailAndStatesItsSize() {
        let text = "a.csv: line 3: \"" + String(repeating: "z", count: 1 << 20) + "\" is not a number; expected a number"
        let bounded = MessageText.bounded(text, limit: 400)
        #expect(bounded.hasPrefix("a.csv: line 3: \"zzz"))
        #expect(bounded.hasSuffix("is not a number; expected a number"))
        #expect(bounded.contains("… (\(text.count - 400) of \(text.count) characters left out) …"))
        #expect(bounded.count < 460)
    }

    @Test func charactersAreNeverCut() {
        let text = String(repeating: "é🇫🇷", count: 1000)
        let bounded = MessageText.bounded(text, limit: 100)
        #expect(bounded.hasPrefix(String(repeating: "é🇫🇷", count: 37) + "é…"))
        #expect(bounded.hasSuffix("🇫🇷" + String(repeating: "é🇫🇷", count: 12)))
    }
}
