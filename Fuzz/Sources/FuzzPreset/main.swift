import Foundation
import FuzzDriver
import OTCore
import OTData

/// The largest size setting (`n`, `width`, `height`) the harness lets a generator run with. The
/// generators enforce their own ranges (up to a million points, 4000 x 4000 matrices), which are
/// legitimate requests but take seconds and hundreds of megabytes each: not what fuzzing is for.
let largestFuzzedSize = 64.0

/// Stand-ins for the solver registry (which the fuzz package does not link): two solvers with the
/// kinds of parameter descriptor the real ones have, so that the parse-time check of preset
/// parameters (ranges, unknown names, choices, flags) is fuzzed too.
let solverParameters: PresetParser.SolverParameterLookup = { name in
    let common = [
        ParameterDescriptor(name: "reg", label: "regularization", kind: .real(default: 0.05, range: 1e-6...1e6, logScale: true), help: ""),
        ParameterDescriptor(name: "max-iter", label: "max iterations", kind: .integer(default: 1000, range: 1...100_000_000), help: ""),
        ParameterDescriptor(name: "precision", label: "precision", kind: .choice(default: "f64", options: ["f64", "f32"]), help: ""),
        ParameterDescriptor(name: "epsilon-scaling", label: "epsilon scaling", kind: .flag(default: false), help: ""),
    ]
    switch name {
    case "sinkhorn-log": return common
    case "emd": return [common[1]]
    default: return nil
    }
}

/// libFuzzer entry point for `PresetParser` (YAML through Yams) and, for presets that only use
/// generators, `PresetResolver`: a parsed preset can still carry values the resolver must refuse.
/// Presets that name files are parsed but not resolved (the harness touches no file system).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    guard let preset = try? PresetParser.parse(text, path: "/nonexistent/fuzz.yaml", solverParameters: solverParameters) else { return 0 }
    if resolvable(preset.problem) {
        _ = try? PresetResolver.problem(for: preset)
    }
    return 0
}

/// True when resolving touches no file and asks for no generator larger than `largestFuzzedSize`.
func resolvable(_ problem: ProblemSpec) -> Bool {
    guard problem.colorTransfer == nil, problem.costMatrix == nil else { return false }
    var generators: [GeneratorSpec] = []
    if let generator = problem.problemGenerator { generators.append(generator) }
    for measure in [problem.source, problem.target] {
        switch measure {
        case .file?: return false
        case .generator(let generator)?: generators.append(generator)
        case nil: break
        }
    }
    for generator in generators {
        for key in ["n", "width", "height"] {
            guard let text = generator.settings[key] else { continue }
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if let value = ParameterValue.parseReal(trimmed) {
                if value.magnitude > largestFuzzedSize { return false }
            } else if text.unicodeScalars.filter({ ("0"..."9").contains($0) }).count > 2 {
                return false  // a spelling this check does not read, but the resolver might
            }
        }
    }
    return true
}

runFuzzer { fuzz($0, $1) }
