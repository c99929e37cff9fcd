import OTCore
import OTData
import Testing

/// A preset's `statistic:` field: a name, or a name with settings; checked with the statistic's
/// own descriptors when a lookup is given, and named in every error.
@Suite struct PresetStatisticTests {
    static let base = "name: s\ndescription: x\nsolver: sinkhorn\nproblem: {generator: gating-logits, n: 8}\n"
    static let lookup: PresetParser.StatisticParameterLookup = { name in
        name == "routing" ? [ParameterDescriptor(name: "k", label: "k", kind: .integer(default: 2, range: 1...10), help: "k")] : nil
    }

    @Test func nameAloneOrWithSettings() throws {
        let plain = try PresetParser.parse(Self.base + "statistic: routing\n", path: "s.yaml", statisticParameters: Self.lookup)
        #expect(plain.statistic == LessonStatisticSpec(name: "routing"))
        let set = try PresetParser.parse(Self.base + "statistic: {name: routing, k: 3}\n", path: "s.yaml", statisticParameters: Self.lookup)
        #expect(set.statistic == LessonStatisticSpec(name: "routing", settings: ["k": "3"]))
        let none = try PresetParser.parse(Self.base, path: "s.yaml")
        #expect(none.statistic == nil)
    }

    @Test func badStatisticsNameTheField() {
        let cases: [(String, String)] = [
            ("statistic: nope\n", "field statistic: unknown lesson statistic \"nope\""),
            ("statistic: {name: routing, j: 1}\n", "field statistic.j: routing has no such setting; it takes k"),
            ("statistic: {name: routing, k: 99}\n", "field statistic.k"),
            ("statistic: {k: 2}\n", "field statistic.name: is missing"),
            ("statistic: [routing]\n", "field statistic: must be a statistic name or a mapping"),
        ]
        for (text, message) in cases {
            #expect(throws: InputError.self) { try PresetParser.parse(Self.base + text, path: "s.yaml", statisticParameters: Self.lookup) }
            do {
                _ = try PresetParser.parse(Self.base + text, path: "s.yaml", statisticParameters: Self.lookup)
            } catch {
                #expect("\(error)".contains(message), "\(text): \(error)")
            }
        }
    }
}
