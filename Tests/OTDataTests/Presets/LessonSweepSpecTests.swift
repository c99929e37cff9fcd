import Foundation
import Testing
import OTCore
@testable import OTData

/// The `sweep:` preset field of a lesson's own sweep: parsed, and bad values named by field.
@Suite struct LessonSweepSpecTests {
    private func parse(_ tail: String) throws -> Preset {
        try PresetParser.parse("name: s\ndescription: x\nsolver: sinkhorn-log\nproblem: {generator: distillation, shift: 2}\n" + tail, path: "s.yaml")
    }

    @Test func parsesSettingValuesAndFigures() throws {
        let preset = try parse("statistic: distillation\nsweep: {setting: shift, values: [0, 1.5, 4], figures: [kl, sinkhorn], normalized: true}\n")
        #expect(preset.sweep == LessonSweepSpec(setting: "shift", values: [0, 1.5, 4], figures: ["kl", "sinkhorn"], normalized: true))
    }

    @Test func badSweepsAreNamed() {
        expectInputError(["s.yaml: field sweep.setting", "distillation has no setting \"width2\"", "n, batch, width, shift, seed"]) {
            try parse("statistic: distillation\nsweep: {setting: width2, values: [1], figures: [kl]}\n")
        }
        expectInputError(["s.yaml: field sweep", "name one with statistic:"]) {
            try parse("sweep: {setting: shift, values: [1], figures: [kl]}\n")
        }
        expectInputError(["s.yaml: field sweep.values", "non-empty list"]) {
            try parse("statistic: distillation\nsweep: {setting: shift, values: [], figures: [kl]}\n")
        }
        expectInputError(["s.yaml: field sweep.values", "out of range"]) {
            try PresetParser.parse("name: s\ndescription: x\nsolver: emd\nproblem: {generator: distillation}\nstatistic: distillation\nsweep: {setting: n, values: [1], figures: [kl]}\n", path: "s.yaml")
        }
        expectInputError(["s.yaml: field sweep", "problem.generator"]) {
            try PresetParser.parse("name: s\ndescription: x\nsolver: emd\nproblem: {source: a.csv, target: b.csv}\nstatistic: distillation\nsweep: {setting: n, values: [1], figures: [kl]}\n", path: "s.yaml")
        }
        expectInputError(["s.yaml: field sweep.colour: is not a known field"]) {
            try parse("statistic: distillation\nsweep: {setting: shift, values: [1], figures: [kl], colour: red}\n")
        }
    }
}
