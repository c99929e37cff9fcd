import Foundation
import Testing
import OTCore
@testable import OTData

/// The `problem: {color-transfer: ...}` preset field: parsed, resolved against the preset's folder,
/// and bad values named by field.
@Suite struct ColorTransferSpecTests {
    @Test func parsesAndResolvesThePicturesRelativeToThePreset() throws {
        let directory = temporaryDirectory()
        try FileManager.default.copyItem(atPath: fixturePath("colour_rgb.png"), toPath: directory.appendingPathComponent("a.png").path)
        try FileManager.default.copyItem(atPath: fixturePath("scene.ppm"), toPath: directory.appendingPathComponent("b.ppm").path)
        let path = directory.appendingPathComponent("ct.yaml").path
        let text = "name: ct\ndescription: x\nsolver: emd\nproblem:\n  color-transfer: {source: a.png, target: b.ppm, samples: 30, seed: 4}\n"
        let preset = try PresetParser.parse(text, path: path)
        #expect(preset.problem.colorTransfer == ColorTransferSpec(source: "a.png", target: "b.ppm", samples: 30, seed: 4))
        let problem = try PresetResolver.problem(for: preset)
        #expect(problem.sourceCount == 30 && problem.targetCount == 30)
        #expect(problem.source.dimension == 3)
    }

    @Test func badFieldsAreNamed() {
        func parse(_ body: String) throws -> Preset {
            try PresetParser.parse("name: ct\ndescription: x\nsolver: emd\nproblem:\n" + body, path: "ct.yaml")
        }
        expectInputError(["ct.yaml: field problem.color-transfer.samples: 0 is out of range"]) {
            try parse("  color-transfer: {source: a.png, target: b.png, samples: 0}\n")
        }
        expectInputError(["ct.yaml: field problem.color-transfer.target: is missing"]) {
            try parse("  color-transfer: {source: a.png}\n")
        }
        expectInputError(["ct.yaml: field problem.color-transfer.colour: is not a known field"]) {
            try parse("  color-transfer: {source: a.png, target: b.png, colour: red}\n")
        }
        expectInputError(["ct.yaml: field problem.cost: is not a known field"]) {
            try parse("  color-transfer: {source: a.png, target: b.png}\n  cost: euclidean\n")
        }
    }

    @Test func missingPictureIsNamed() throws {
        let preset = try PresetParser.parse("name: ct\ndescription: x\nsolver: emd\nproblem:\n  color-transfer: {source: nope.png, target: b.png}\n",
                                            path: "/tmp/otlab-none/ct.yaml")
        expectInputError(["/tmp/otlab-none/nope.png: no such file"]) { try PresetResolver.problem(for: preset) }
    }
}
