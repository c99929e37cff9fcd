import ArgumentParser
import Foundation
import OTCore
import OTData
import OTSession
import OTSolvers

/// `otlab color-transfer SOURCE TARGET --out OUT.png`: recolours SOURCE with TARGET's palette by
/// optimal transport between sampled pixel colours (see `ColorTransfer`).
struct ColorTransferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "color-transfer",
        abstract: "Recolour a picture with another picture's colours by optimal transport.",
        discussion: HelpExamples.discussion(
            """
                SOURCE and TARGET are pictures (.png, .jpg, .jpeg, .ppm, .pgm). N pixels are sampled from each \
                (seeded), transported in RGB space with the chosen solver (emd by default, sinkhorn-log when --reg \
                is given), and every source pixel moves by the barycentric displacement of its nearest sample. \
                The output PNG has the source's size. Exit status: 0 written, 1 numerical failure, 2 bad input.
                """,
            [
                ("otlab color-transfer day.png sunset.png --out recoloured.png", "Recolour day.png with sunset.png's colours (exact OT)."),
                ("otlab color-transfer day.png sunset.png --out soft.png --reg 0.01 --samples 2000", "Entropic, with more samples."),
            ]))

    @Argument(help: "The picture to recolour.")
    var source: String

    @Argument(help: "The picture whose colours to take.")
    var target: String

    @Option(name: .long, help: "Where to write the recoloured picture (.png).")
    var out: String

    @Option(name: .long, parsing: .unconditional, help: "Pixels sampled from each picture (the OT problem is N x N).")
    var samples: Int = 1000

    @Option(name: .long, parsing: .unconditional, help: "Seed of the pixel samples.")
    var seed: Int = 0

    @Option(name: .long, help: "Solver name (see `otlab solvers`); default emd, or sinkhorn-log when --reg is given.")
    var solver: String?

    @Option(name: .long, parsing: .unconditional, help: "Entropic regularization (absolute, in squared RGB units on [0, 1]).")
    var reg: String?

    @Flag(name: .long, help: "Print one JSON object when done.")
    var json = false

    func run() throws {
        try PlanExport.checkExtension(out, flag: "--out", allowed: ["png"])
        try OutputPaths.requireDistinct(outputs: [("--out", out)], inputs: [("source", source), ("target", target)])
        guard (1...ColorSampling.maximumSamples).contains(samples) else {
            throw InputError("--samples", nil, "\(samples) is out of range; expected a whole number in [1, \(ColorSampling.maximumSamples)]")
        }
        guard seed >= 0 else {
            throw InputError("--seed", nil, "\(seed) is out of range; expected a whole number >= 0")
        }
        let name = solver ?? (reg == nil ? "emd" : "sinkhorn-log")
        guard let descriptor = SolverRegistry.descriptor(named: name) else {
            throw InputError("--solver", nil, "unknown solver \"\(name)\"; known solvers: \(SolverRegistry.names.joined(separator: ", "))")
        }
        var parameters = descriptor.defaults
        if let reg {
            guard parameters.has("reg") else { throw InputError("--reg", nil, "\(descriptor.name) takes no --reg") }
            try parameters.set("reg", text: reg)
        }
        let sourceImage = try ImageReader.readColor(at: source)
        let targetImage = try ImageReader.readColor(at: target)
        let transfer = ColorTransfer(samples: samples, seed: seed, solver: descriptor, parameters: parameters)
        let started = Date()
        let result = try transfer.run(source: sourceImage, target: targetImage)
        let seconds = Date().timeIntervalSince(started)
        guard let image = result.image else {
            FileHandle.standardError.write(Data("otlab: \(descriptor.name) diverged: \(result.status.reason ?? result.status.name)\n".utf8))
            throw ExitStatus.numericalFailure
        }
        try PNGWriter.write(image, to: out)
        let before = sourceImage.meanColor, after = image.meanColor, goal = targetImage.meanColor
        if json {
            let object: JSONValue = .object([
                ("solver", .string(descriptor.name)), ("status", .string(result.status.name)),
                ("iterations", .integer(result.iterations)), ("seconds", .number(seconds)),
                ("cost", JSONValue.number(result.cost)), ("samples", .integer(samples)),
                ("width", .integer(image.width)), ("height", .integer(image.height)),
                ("out", .string(out)),
                ("source_mean", .array([before.red, before.green, before.blue].map { JSONValue.number($0) })),
                ("target_mean", .array([goal.red, goal.green, goal.blue].map { JSONValue.number($0) })),
                ("result_mean", .array([after.red, after.green, after.blue].map { JSONValue.number($0) })),
            ])
            print(object.rendered)
        } else {
            func rgb(_ c: (red: Double, green: Double, blue: Double)) -> String { String(format: "(%.3f, %.3f, %.3f)", c.red, c.green, c.blue) }
            print("solver          \(descriptor.name)")
            print("status          \(result.status.name)")
            print("iterations      \(result.iterations)")
            print(String(format: "seconds         %.3f", seconds))
            print("cost            \(result.cost.map { String(format: "%.12g", $0) } ?? "-")")
            print("mean colour     \(rgb(before)) -> \(rgb(after)), target \(rgb(goal))")
            print("wrote           \(out) (\(image.width) x \(image.height))")
        }
    }
}
