import CYaml
import Foundation
import OTCore
import Yams

/// Reads preset YAML with messages that name the file and the field.
public enum PresetParser {
    /// Reads the preset at `path`. The file must be a regular file of at most
    /// `InputLimits.maximumPresetBytes`; with `solverParameters` (the solvers' parameter
    /// descriptors by solver name, given by the layers that know the solvers) the solver and every
    /// parameter are checked here, with the descriptors the CLI flags use.
    public static func load(path: String, solverParameters: SolverParameterLookup? = nil,
                            statisticParameters: StatisticParameterLookup? = nil) throws -> Preset {
        guard FileManager.default.fileExists(atPath: path) || FileInput.isStandardInput(path) || EmbeddedFiles.contents(of: path) != nil else {
            throw InputError(path, nil, "no such preset file")
        }
        let size = try FileInput.requireFile(at: path)
        guard size <= InputLimits.maximumPresetBytes else {
            throw InputError(path, nil, "is \(InputLimits.grouped(size)) bytes; a preset is a few kilobytes of YAML, at most \(InputLimits.grouped(InputLimits.maximumPresetBytes))")
        }
        let data = try FileInput.contents(of: path)
        if let encoding = TextEncoding.wideEncoding(of: data) {
            throw InputError(path, nil, TextEncoding.refusal(encoding))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError(path, nil, "is not UTF-8 text")
        }
        return try parse(text, path: path, solverParameters: solverParameters, statisticParameters: statisticParameters)
    }

    /// The parameter descriptors of the solver with a given name, nil for a name no solver has.
    public typealias SolverParameterLookup = @Sendable (String) -> [ParameterDescriptor]?

    /// The settings descriptors of the lesson statistic with a given name, nil for an unknown name.
    public typealias StatisticParameterLookup = @Sendable (String) -> [ParameterDescriptor]?

    /// How fast the workbench runs a preset, in iterations per second, described once: the
    /// workbench's speed steps run from 1 to 5000, and the range leaves room on either side.
    public static let speedDescriptor = ParameterDescriptor(
        name: "speed", label: "iterations per second", kind: .real(default: 60, range: 0.01...1e6, logScale: true),
        unit: "it/s", help: "Iterations per second in the workbench; leave it out for unthrottled.")

    /// The deepest nesting of mappings and sequences a preset may have. Presets need three or four
    /// levels; Yams builds its node tree recursively, so a few thousand levels (`[[[[...` in a 3 KB
    /// file, found by fuzzing) overflow the stack before Yams can report anything.
    public static let maximumNesting = 64

    /// The largest `lesson:` number (the course has a few dozen lessons at most).
    public static let maximumLesson = 10_000

    public static func parse(_ text: String, path: String, solverParameters: SolverParameterLookup? = nil,
                             statisticParameters: StatisticParameterLookup? = nil) throws -> Preset {
        let depth = nestingDepth(text, stoppingAbove: maximumNesting)
        guard depth <= maximumNesting else {
            throw InputError(path, nil, "nests mappings and sequences more than \(maximumNesting) deep; a preset needs only a few levels")
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw InputError(path, nil, "is not valid YAML: \(describe(error))")
        }
        guard let root = node, let mapping = root.mapping else {
            throw InputError(path, nil, "must be a YAML mapping with name, description, problem, solver and parameters")
        }
        try rejectDuplicateKeys(root, path: path, prefix: "")
        let fields = Fields(mapping: mapping, path: path, prefix: "")
        try fields.rejectUnknown(["name", "title", "description", "lesson", "problem", "solver", "parameters", "speed", "cure", "statistic", "sweep"])
        let name = try fields.requiredString("name")
        let description = try fields.requiredString("description")
        let solver = try fields.requiredString("solver")
        let title = try fields.optionalString("title") ?? name
        let lesson = try fields.optionalNumber("lesson")
        // Checked before the conversion to Int, which traps beyond Int's range (lesson: 1e48 crashed
        // the parser under FuzzPreset).
        if let lesson, !(lesson == lesson.rounded() && (1...Double(maximumLesson)).contains(lesson)) {
            throw InputError(path, "field lesson", "\(ParameterValue.format(lesson)) is not a lesson number; expected a whole number from 1 to \(maximumLesson)")
        }
        let speed = try fields.optionalString("speed").map { text throws -> Double in
            let value = try speedDescriptor.parse(text, source: "\(path): field speed")
            return value.realValue ?? 0
        }

        guard let problemNode = fields.node("problem") else { throw InputError(path, "field problem", "is missing") }
        let problem = try parseProblem(problemNode, path: path)

        let parameters = try parseParameters(fields.node("parameters"), path: path, field: "parameters")
        if let solverParameters {
            try checkSolver(solver, parameters: parameters, lookup: solverParameters, path: path, field: "")
        }
        var cure: PresetCure?
        if let cureNode = fields.node("cure") {
            guard let cureMapping = cureNode.mapping else {
                throw InputError(path, "field cure", "must be a mapping with solver and parameters")
            }
            let cureFields = Fields(mapping: cureMapping, path: path, prefix: "cure.")
            try cureFields.rejectUnknown(["solver", "parameters"])
            cure = PresetCure(solver: try cureFields.requiredString("solver"),
                              parameters: try parseParameters(cureFields.node("parameters"), path: path, field: "cure.parameters"))
            if let solverParameters, let cure {
                try checkSolver(cure.solver, parameters: cure.parameters, lookup: solverParameters, path: path, field: "cure.")
            }
        }
        let statistic = try fields.node("statistic").map { node in
            try parseStatistic(node, path: path, lookup: statisticParameters)
        }
        var preset = Preset(
            name: name, title: title, description: description.trimmingCharacters(in: .whitespacesAndNewlines),
            lesson: lesson.map { Int($0) }, problem: problem, solver: solver, parameters: parameters, speed: speed, path: path,
            cure: cure, statistic: statistic)
        if let node = fields.node("sweep") {
            preset.sweep = try parseSweep(node, problem: problem, hasStatistic: statistic != nil, path: path)
        }
        return preset
    }

    /// `sweep: {setting: NAME, values: [...], figures: [...], normalized: true}`: the setting must be
    /// one of the problem generator's, the values valid for it, and the preset must name a statistic.
    private static func parseSweep(_ node: Node, problem: ProblemSpec, hasStatistic: Bool, path: String) throws -> LessonSweepSpec {
        guard let mapping = node.mapping else {
            throw InputError(path, "field sweep", "must be a mapping with setting, values and figures")
        }
        let fields = Fields(mapping: mapping, path: path, prefix: "sweep.")
        try fields.rejectUnknown(["setting", "values", "figures", "normalized"])
        let setting = try fields.requiredString("setting")
        guard let generatorSpec = problem.problemGenerator else {
            throw InputError(path, "field sweep", "a lesson sweep moves a setting of problem.generator; this preset's problem has no generator")
        }
        guard hasStatistic else {
            throw InputError(path, "field sweep", "a lesson sweep plots the figures of the preset's statistic; name one with statistic:")
        }
        let generator = try Generator.named(generatorSpec.name, source: "\(path): field problem.generator")
        guard let descriptor = generator.parameters.first(where: { $0.name == setting }) else {
            throw InputError(path, "field sweep.setting", "\(generator.name) has no setting \"\(DisplayText.excerpt(setting, limit: 40))\"; it takes \(generator.parameters.map(\.name).joined(separator: ", "))")
        }
        func list(_ key: String) throws -> [String] {
            guard let items = fields.node(key)?.sequence, !items.isEmpty else {
                throw InputError(path, "field sweep.\(key)", "must be a non-empty list")
            }
            return try items.map { item in
                guard let text = item.scalar?.string else { throw InputError(path, "field sweep.\(key)", "must list plain values") }
                return text
            }
        }
        let values = try list("values").map { text -> Double in
            guard let value = try descriptor.parse(text, source: "\(path): field sweep.values").realValue else {
                throw InputError(path, "field sweep.values", "\"\(DisplayText.excerpt(text, limit: 40))\" is not a number")
            }
            return value
        }
        guard values.count <= 16 else { throw InputError(path, "field sweep.values", "\(values.count) values; expected at most 16") }
        return LessonSweepSpec(setting: setting, values: values, figures: try list("figures"),
                               normalized: try fields.optionalBool("normalized") ?? false)
    }

    /// `statistic: NAME` or `statistic: {name: NAME, key: value, ...}`; with a lookup the name and
    /// every setting are checked with the statistic's own descriptors.
    private static func parseStatistic(_ node: Node, path: String, lookup: StatisticParameterLookup?) throws -> LessonStatisticSpec {
        var spec: LessonStatisticSpec
        if let name = node.scalar?.string {
            spec = LessonStatisticSpec(name: name)
        } else if let mapping = node.mapping {
            var settings: [String: String] = [:]
            var name: String?
            for (key, value) in mapping {
                guard let key = key.string, let text = value.scalar?.string else {
                    throw InputError(path, "field statistic", "every entry must be name: value")
                }
                if key == "name" { name = text } else { settings[key] = text }
            }
            guard let name else { throw InputError(path, "field statistic.name", "is missing") }
            spec = LessonStatisticSpec(name: name, settings: settings)
        } else {
            throw InputError(path, "field statistic", "must be a statistic name or a mapping with name and settings")
        }
        guard !spec.name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw InputError(path, "field statistic", "is empty; expected a lesson statistic's name")
        }
        if let lookup {
            guard let descriptors = lookup(spec.name) else {
                throw InputError(path, "field statistic", "unknown lesson statistic \"\(DisplayText.excerpt(spec.name, limit: 40))\"")
            }
            for key in spec.settings.keys.sorted() {
                guard let descriptor = descriptors.first(where: { $0.name == key }) else {
                    let takes = descriptors.isEmpty ? "it takes no settings" : "it takes \(descriptors.map(\.name).joined(separator: ", "))"
                    throw InputError(path, "field statistic.\(DisplayText.excerpt(key, limit: 40))", "\(spec.name) has no such setting; \(takes)")
                }
                _ = try descriptor.parse(spec.settings[key] ?? "", source: "\(path): field statistic.\(key)")
            }
        }
        return spec
    }

    /// A `parameters:` mapping of names to scalar values, as written.
    private static func parseParameters(_ node: Node?, path: String, field: String) throws -> [(String, String)] {
        guard let node else { return [] }
        guard let map = node.mapping else {
            throw InputError(path, "field \(field)", "must be a mapping of parameter names to values")
        }
        var parameters: [(String, String)] = []
        for (key, value) in map {
            guard let name = key.string, let scalar = value.scalar?.string else {
                throw InputError(path, "field \(field)", "every entry must be name: value")
            }
            parameters.append((name, scalar))
        }
        return parameters
    }

    /// The solver name and every parameter, checked with the solver's own descriptors (the ones
    /// the CLI flags use), so that a preset is refused when it is read, not when it first runs.
    private static func checkSolver(_ solver: String, parameters: [(String, String)], lookup: SolverParameterLookup,
                                    path: String, field: String) throws {
        guard let descriptors = lookup(solver) else {
            throw InputError(path, "field \(field)solver", "unknown solver \"\(DisplayText.excerpt(solver, limit: 40))\" (see otlab solvers)")
        }
        for (key, text) in parameters {
            guard let descriptor = descriptors.first(where: { $0.name == key }) else {
                let takes = descriptors.map(\.name).joined(separator: ", ")
                throw InputError(path, "field \(field)parameters.\(DisplayText.excerpt(key, limit: 40))", "\(solver) has no such parameter; it takes \(takes)")
            }
            _ = try descriptor.parse(text, source: "\(path): field \(field)parameters.\(key)")
        }
    }

    /// Refuses a mapping that gives a key twice (YAML allows it; the last one would silently win,
    /// e.g. a second `solver:`), at any depth, naming both lines.
    private static func rejectDuplicateKeys(_ node: Node, path: String, prefix: String) throws {
        switch node {
        case .mapping(let mapping):
            var seen: [String: Int] = [:]
            for (key, value) in mapping {
                let name = key.string ?? "\(key)"
                let line = key.mark?.line ?? 0
                if let first = seen[name] {
                    throw InputError(path, "field \(prefix)\(DisplayText.excerpt(name, limit: 40))", "is given twice (lines \(first) and \(line)); give each field once")
                }
                seen[name] = line
                try rejectDuplicateKeys(value, path: path, prefix: prefix + name + ".")
            }
        case .sequence(let sequence):
            for item in sequence { try rejectDuplicateKeys(item, path: path, prefix: prefix) }
        default:
            break
        }
    }

    private static func parseProblem(_ node: Node, path: String) throws -> ProblemSpec {
        guard let mapping = node.mapping else {
            throw InputError(path, "field problem", "must be a mapping with source and target (or a generator)")
        }
        let fields = Fields(mapping: mapping, path: path, prefix: "problem.")
        let cost = try fields.optionalString("cost")
        let costMatrix = try fields.optionalString("cost-matrix")
        let normalize = try fields.optionalBool("normalize") ?? false
        if let cost, GroundCost(rawValue: cost) == nil {
            throw InputError(path, "field problem.cost", "unknown ground cost \"\(cost)\"; expected sqeuclidean, euclidean or cityblock")
        }
        if let barycenterNode = fields.node("barycenter") {
            try fields.rejectUnknown(["barycenter"])
            var spec = ProblemSpec(source: nil, target: nil, problemGenerator: nil, cost: nil, costMatrix: nil, normalize: false)
            spec.barycenter = try parseBarycenter(barycenterNode, path: path)
            return spec
        }
        if let colorNode = fields.node("color-transfer") {
            try fields.rejectUnknown(["color-transfer"])
            return ProblemSpec(source: nil, target: nil, problemGenerator: nil, cost: nil, costMatrix: nil, normalize: false,
                               colorTransfer: try parseColorTransfer(colorNode, path: path))
        }
        if let pairs = try fields.optionalString("pairs") {
            try fields.rejectUnknown(["pairs", "cost"])
            var spec = ProblemSpec(source: nil, target: nil, problemGenerator: nil, cost: cost, costMatrix: nil, normalize: false)
            spec.pairs = pairs
            return spec
        }
        if fields.node("generator") != nil {
            let generator = try parseGenerator(mapping, path: path, field: "problem")
            return ProblemSpec(source: nil, target: nil, problemGenerator: generator, cost: cost, costMatrix: costMatrix, normalize: normalize)
        }
        try fields.rejectUnknown(["source", "target", "cost", "cost-matrix", "normalize", "gromov"])
        let gromov = try fields.optionalBool("gromov") ?? false
        guard let sourceNode = fields.node("source") else { throw InputError(path, "field problem.source", "is missing") }
        guard let targetNode = fields.node("target") else { throw InputError(path, "field problem.target", "is missing") }
        return ProblemSpec(
            source: try parseMeasure(sourceNode, path: path, field: "problem.source"),
            target: try parseMeasure(targetNode, path: path, field: "problem.target"),
            problemGenerator: nil, cost: cost, costMatrix: costMatrix, normalize: normalize, gromov: gromov)
    }

    private static func parseBarycenter(_ node: Node, path: String) throws -> BarycenterSpec {
        let field = "problem.barycenter"
        guard let mapping = node.mapping else {
            throw InputError(path, "field \(field)", "must be a mapping with inputs (a list) and optional weights")
        }
        let fields = Fields(mapping: mapping, path: path, prefix: field + ".")
        try fields.rejectUnknown(["inputs", "weights", "support-size"])
        guard let inputs = fields.node("inputs")?.sequence, inputs.count >= 2 else {
            throw InputError(path, "field \(field).inputs", "must be a list of at least two measures (files or generators)")
        }
        let measures = try inputs.enumerated().map { k, item in try parseMeasure(item, path: path, field: "\(field).inputs[\(k)]") }
        var weights: [Double]?
        if let list = fields.node("weights") {
            guard let items = list.sequence else { throw InputError(path, "field \(field).weights", "must be a list of numbers") }
            weights = try items.enumerated().map { k, item in
                guard let text = item.scalar?.string, let value = ParameterValue.parseReal(text), value.isFinite, value >= 0 else {
                    throw InputError(path, "field \(field).weights[\(k)]", "is not a non-negative number")
                }
                return value
            }
            guard weights?.count == measures.count else {
                throw InputError(path, "field \(field).weights", "has \(weights?.count ?? 0) values for \(measures.count) inputs")
            }
        }
        let size = try fields.optionalNumber("support-size")
        if let size, size != size.rounded() || !(1...100_000).contains(size) {
            throw InputError(path, "field \(field).support-size", "\(ParameterValue.format(size)) is out of range; expected a whole number in [1, 100000]")
        }
        return BarycenterSpec(inputs: measures, weights: weights, supportSize: size.map { Int($0) })
    }

    private static func parseColorTransfer(_ node: Node, path: String) throws -> ColorTransferSpec {
        let field = "problem.color-transfer"
        guard let mapping = node.mapping else {
            throw InputError(path, "field \(field)", "must be a mapping with source, target, samples and seed")
        }
        let fields = Fields(mapping: mapping, path: path, prefix: field + ".")
        try fields.rejectUnknown(["source", "target", "samples", "seed"])
        let samples = try fields.optionalNumber("samples") ?? 500
        guard samples == samples.rounded(), (1...Double(ColorSampling.maximumSamples)).contains(samples) else {
            throw InputError(path, "field \(field).samples", "\(ParameterValue.format(samples)) is out of range; expected a whole number in [1, \(ColorSampling.maximumSamples)]")
        }
        let seed = try fields.optionalNumber("seed") ?? 0
        guard seed == seed.rounded(), abs(seed) < 1e15 else {
            throw InputError(path, "field \(field).seed", "\(ParameterValue.format(seed)) is not a whole number")
        }
        return ColorTransferSpec(source: try fields.requiredString("source"), target: try fields.requiredString("target"),
                                 samples: Int(samples), seed: Int(seed))
    }

    private static func parseMeasure(_ node: Node, path: String, field: String) throws -> MeasureSpec {
        if let file = node.scalar?.string {
            guard !file.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw InputError(path, "field \(field)", "is empty; expected the path of a data file or a mapping with `file` or `generator`")
            }
            return .file(file)
        }
        guard let mapping = node.mapping else {
            throw InputError(path, "field \(field)", "must be a file name or a mapping with `file` or `generator`")
        }
        let fields = Fields(mapping: mapping, path: path, prefix: field + ".")
        if let file = try fields.optionalString("file") {
            guard !file.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw InputError(path, "field \(field).file", "is empty; expected the path of a data file, relative to the preset")
            }
            return .file(file)
        }
        guard fields.node("generator") != nil else {
            throw InputError(path, "field \(field)", "needs `file: PATH` or `generator: NAME`")
        }
        return .generator(try parseGenerator(mapping, path: path, field: field))
    }

    private static func parseGenerator(_ mapping: Node.Mapping, path: String, field: String) throws -> GeneratorSpec {
        var name: String?
        var settings: [String: String] = [:]
        let problemKeys: Set<String> = ["cost", "cost-matrix", "normalize"]
        for (key, value) in mapping {
            guard let key = key.string else { throw InputError(path, "field \(field)", "has a key that is not text") }
            if field == "problem" && problemKeys.contains(key) { continue }
            guard let text = value.scalar?.string else {
                throw InputError(path, "field \(field).\(key)", "must be a single value")
            }
            if key == "generator" { name = text } else { settings[key] = text }
        }
        guard let name else { throw InputError(path, "field \(field).generator", "is missing") }
        return GeneratorSpec(name: name, settings: settings)
    }

    /// The deepest nesting of mappings and sequences in `text`, counted by libyaml's event parser,
    /// which keeps its state on the heap and so copes with any depth; it stops counting once past
    /// `limit`. Counting continues up to a syntax error, since Yams would recurse that far before
    /// reporting it; the error itself is left for Yams to describe.
    static func nestingDepth(_ text: String, stoppingAbove limit: Int) -> Int {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return 0 }
        defer { yaml_parser_delete(&parser) }
        let bytes = Array(text.utf8)
        var depth = 0, deepest = 0
        bytes.withUnsafeBufferPointer { buffer in
            var spare: UInt8 = 0
            withUnsafePointer(to: &spare) { spareByte in
                yaml_parser_set_input_string(&parser, buffer.baseAddress ?? spareByte, buffer.count)
                var event = yaml_event_t()
                while deepest <= limit, yaml_parser_parse(&parser, &event) == 1 {
                    let type = event.type
                    yaml_event_delete(&event)
                    if type == YAML_SEQUENCE_START_EVENT || type == YAML_MAPPING_START_EVENT {
                        depth += 1
                        deepest = max(deepest, depth)
                    } else if type == YAML_SEQUENCE_END_EVENT || type == YAML_MAPPING_END_EVENT {
                        depth -= 1
                    } else if type == YAML_STREAM_END_EVENT || type == YAML_NO_EVENT {
                        break
                    }
                }
            }
        }
        return deepest
    }

    private static func placed(_ context: YamlError.Context?, _ problem: String, _ mark: Mark) -> String {
        let text = "line \(mark.line), column \(mark.column): \(problem)"
        guard let context else { return text }
        return text + " (\(context.text) at line \(context.mark.line), column \(context.mark.column))"
    }

    /// The reason and the place of a YAML error on one line, e.g. "line 4, column 1: found
    /// character that cannot start any token (while scanning a plain scalar at line 3, column 9)".
    static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            return DisplayText.excerpt(placed(context, problem, mark), limit: 300)
        case .reader(let problem, let offset, _, _):
            return DisplayText.excerpt(problem + (offset.map { " at byte \($0)" } ?? ""), limit: 300)
        default:
            let text = "\(error)"
            return DisplayText.excerpt(text.split(separator: "\n").first.map(String.init) ?? text, limit: 300)
        }
    }
}

/// Typed access to the fields of one YAML mapping, with errors that name `prefix + key`.
private struct Fields {
    let mapping: Node.Mapping
    let path: String
    let prefix: String

    func node(_ key: String) -> Node? { mapping[Node(key)] }

    func rejectUnknown(_ known: [String]) throws {
        for key in mapping.keys {
            guard let name = key.string else { continue }
            if !known.contains(name) {
                throw InputError(path, "field \(prefix)\(name)", "is not a known field; expected one of \(known.joined(separator: ", "))")
            }
        }
    }

    func requiredString(_ key: String) throws -> String {
        guard let value = try optionalString(key), !value.isEmpty else {
            throw InputError(path, "field \(prefix)\(key)", "is missing")
        }
        return value
    }

    func optionalString(_ key: String) throws -> String? {
        guard let node = node(key) else { return nil }
        guard let scalar = node.scalar else { throw InputError(path, "field \(prefix)\(key)", "must be text") }
        return scalar.string
    }

    func optionalNumber(_ key: String) throws -> Double? {
        guard let text = try optionalString(key) else { return nil }
        guard let value = ParameterValue.parseReal(text), value.isFinite else {
            throw InputError(path, "field \(prefix)\(key)", "\"\(text)\" is not a number")
        }
        return value
    }

    func optionalBool(_ key: String) throws -> Bool? {
        guard let text = try optionalString(key) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw InputError(path, "field \(prefix)\(key)", "\"\(text)\" is not true or false")
        }
    }
}
