import Foundation
import Testing
import OTCore
@testable import OTData

/// The `problem: {pairs: FILE}` preset field: a map given by paired points becomes μ against T#μ.
@Suite struct PairedMapSpecTests {
    @Test func pairsBecomeTheSourceAndItsPushforward() throws {
        let directory = temporaryDirectory()
        try "x,y,tx,ty\n0,0,1,0\n2,0,2,3\n".write(to: directory.appendingPathComponent("map.csv"), atomically: true, encoding: .utf8)
        let path = directory.appendingPathComponent("m.yaml").path
        let preset = try PresetParser.parse("name: m\ndescription: x\nsolver: emd\nproblem: {pairs: map.csv, cost: cityblock}\n", path: path)
        #expect(preset.problem.pairs == "map.csv")
        let problem = try PresetResolver.problem(for: preset)
        #expect(problem.source.points == DenseMatrix([[0, 0], [2, 0]]))
        #expect(problem.target.points == DenseMatrix([[1, 0], [2, 3]]))
        #expect(problem.groundCost == .cityblock)
        #expect(problem.cost == DenseMatrix([[1, 5], [1, 3]]))
        #expect(PresetResolver.inputFiles(of: preset).contains { $0.1.hasSuffix("map.csv") })
    }

    @Test func badFieldsAreNamed() throws {
        expectInputError(["p.yaml: field problem.source: is not a known field"]) {
            try PresetParser.parse("name: p\ndescription: x\nsolver: emd\nproblem: {pairs: a.csv, source: b.csv}\n", path: "p.yaml")
        }
        let preset = try PresetParser.parse("name: p\ndescription: x\nsolver: emd\nproblem: {pairs: odd.csv}\n", path: "/tmp/otlab-none/p.yaml")
        expectInputError(["/tmp/otlab-none/odd.csv"]) { try PresetResolver.problem(for: preset) }
    }
}
