import Foundation
import Testing
import OTCore
@testable import OTData

/// Inputs that once hung or crashed a reader under the fuzz harnesses in `Fuzz/` (see README,
/// "Fuzzing"). Each must now give a result or an `InputError` naming the file, quickly.
@Suite struct FuzzRegressionTests {
    /// The committed regression inputs, `Fixtures/fuzz-regressions/*`, named `<reader>-<problem>.<ext>`.
    static let regressionFiles: [String] = {
        let directory = fixturePath("fuzz-regressions")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }()

    /// Decodes `data` with the reader its extension names, as the fuzz harness for that reader does.
    static func decode(_ data: Data, name: String) throws {
        switch (name as NSString).pathExtension {
        case "csv", "tsv", "txt":
            _ = try CSVReader.parseMeasure(String(decoding: data, as: UTF8.self), source: name,
                                           pathExtension: (name as NSString).pathExtension)
        case "npy": _ = try NPYReader.decode(data, source: name)
        case "npz": _ = try NPZReader.decode(data, source: name)
        case "pgm", "ppm": _ = try NetpbmReader.decodeColor(data, source: name)
        case "png": _ = try PNGReader.decode(data, source: name)
        case "jpg": _ = try JPEGReader.decode(data, source: name)
        case "yaml": _ = try PresetParser.parse(String(decoding: data, as: UTF8.self), path: name)
        default: Issue.record("\(name): no reader for this extension")
        }
    }

    @Test func theRegressionFolderIsNotEmpty() {
        #expect(!Self.regressionFiles.isEmpty)
    }

    @Test(arguments: regressionFiles)
    func everyRegressionInputEndsInAResultOrAnInputError(name: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: fixturePath("fuzz-regressions/\(name)")))
        if let text = inputErrorText({ try Self.decode(data, name: name) }) {
            #expect(text.hasPrefix("\(name): "), "\(text)")
        }
    }

    /// Shape (0, 10^14) in Fortran order: an empty matrix whose transposition looped over 10^14
    /// columns (a libFuzzer timeout). It is read as the empty matrix it is, at once.
    @Test func anEmptyFortranMatrixWithAHugeExtentIsReadAtOnce() throws {
        let path = fixturePath("fuzz-regressions/npy-fortran-empty-huge-columns.npy")
        let array = try NPYReader.read(at: path)
        #expect(array.shape == [0, 99_999_999_999_999])
        #expect(array.values.isEmpty)
    }

    /// Thousands of nested flow collections (`{{{[[[...`, 3 KB, found by FuzzPreset) overflowed the
    /// stack inside Yams, which builds its node tree recursively. The nesting is now measured first.
    @Test func aDeeplyNestedPresetIsRefusedBeforeYamsRecurses() throws {
        let name = "preset-deeply-nested-flow.yaml"
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: fixturePath("fuzz-regressions/\(name)"))), as: UTF8.self)
        expectInputError(["fuzz.yaml: nests mappings and sequences more than 64 deep"]) { try PresetParser.parse(text, path: "fuzz.yaml") }
        // The same through block sequences ("- - - ..."), and at depth 100,000.
        let block = String(repeating: "- ", count: 100_000) + "x\n"
        expectInputError(["b.yaml: nests mappings and sequences more than 64 deep"]) { try PresetParser.parse(block, path: "b.yaml") }
        let flow = "name: [" + String(repeating: "[", count: 100_000)
        expectInputError(["f.yaml: nests mappings and sequences more than 64 deep"]) { try PresetParser.parse(flow, path: "f.yaml") }
    }

    /// Nesting up to the limit is still parsed (and then judged on its fields as usual).
    @Test func nestingUpToTheLimitReachesTheFieldChecks() {
        let text = "name: n\ndescription: d\nsolver: s\nproblem: {generator: moons}\nparameters: {}\nlesson: "
            + String(repeating: "[", count: 63) + String(repeating: "]", count: 63) + "\n"
        expectInputError(["p.yaml: field lesson: must be text"]) { try PresetParser.parse(text, path: "p.yaml") }
        #expect(PresetParser.nestingDepth(text, stoppingAbove: 64) == 64)
    }

    /// `lesson: 1144...4` (49 digits, found by FuzzPreset) trapped converting 1.1e48 to `Int`.
    @Test func aLessonNumberOutOfRangeIsAnError() throws {
        let name = "preset-huge-lesson-number.yaml"
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: fixturePath("fuzz-regressions/\(name)"))), as: UTF8.self)
        expectInputError(["l.yaml: field lesson: ", "is not a lesson number; expected a whole number from 1 to 10000"]) {
            try PresetParser.parse(text, path: "l.yaml")
        }
        let base = "name: n\ndescription: d\nsolver: s\nproblem: {generator: moons}\nlesson: "
        for bad in ["1e300", "-1e300", "0", "2.5", "10001"] {
            expectInputError(["l.yaml: field lesson: \(bad == "1e300" || bad == "-1e300" ? "" : bad)"]) { try PresetParser.parse(base + bad, path: "l.yaml") }
        }
        #expect(try PresetParser.parse(base + "7", path: "l.yaml").lesson == 7)
    }

    /// A 2 MB file with 500,000 header columns over 500,000 one-cell rows made the CSV reader reserve
    /// rows x columns doubles (2 TB) before checking the first row, and the allocation trapped. Built
    /// in memory rather than committed: the bug needs the size.
    @Test func aWideHeaderOverManyShortRowsIsARaggedRowError() {
        let columns = 500_000
        let text = "x" + String(repeating: ",a", count: columns - 1) + "\n" + String(repeating: "1\n", count: 500_000)
        expectInputError(["wide.csv: line 2: 1 cell, expected 500000", "x, a, a, a, a, a, a, a, ... (500000 columns)"]) {
            try CSVReader.parseMeasure(text, source: "wide.csv")
        }
        // The message names the first columns and the count, not all 500,000 names.
        let message = inputErrorText { try CSVReader.parseMeasure(text, source: "wide.csv") } ?? ""
        #expect(message.count < 300, "\(message.count) characters")
    }
}
