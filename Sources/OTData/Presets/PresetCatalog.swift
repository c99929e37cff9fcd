import Foundation
import OTCore

/// Finds presets by name or path.
///
/// The presets folder is, in order: `$OTLAB_PRESETS`; `./presets`; a `presets` folder next to the
/// executable or up to four levels above it (so `swift run otlab` and `.build/debug/otlab` find the
/// repository's folder from anywhere).
public struct PresetCatalog: Sendable {
    public let directory: String?
    /// The solvers' parameter descriptors, when the caller knows the solvers: presets are then
    /// checked against them as they are read (see `PresetParser.load`).
    public let solverParameters: PresetParser.SolverParameterLookup?

    public init(directory: String? = PresetCatalog.defaultDirectory(), solverParameters: PresetParser.SolverParameterLookup? = nil) {
        self.directory = directory
        self.solverParameters = solverParameters
    }

    public static func defaultDirectory() -> String? {
        let fileManager = FileManager.default
        var candidates: [String] = []
        if let fromEnvironment = ProcessInfo.processInfo.environment["OTLAB_PRESETS"], !fromEnvironment.isEmpty {
            candidates.append(fromEnvironment)
        }
        candidates.append(fileManager.currentDirectoryPath + "/presets")
        var folder = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(folder.appendingPathComponent("presets").path)
            folder = folder.deletingLastPathComponent()
        }
        var isDirectory: ObjCBool = false
        return candidates.first { fileManager.fileExists(atPath: $0, isDirectory: &isDirectory) && isDirectory.boolValue }
    }

    /// Every preset in the folder, sorted by lesson order then name. Presets that fail to parse
    /// are returned as errors alongside, so a listing can show them instead of hiding them.
    public func all() -> (presets: [Preset], errors: [InputError]) {
        guard let directory, let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return ([], []) }
        var presets: [Preset] = []
        var errors: [InputError] = []
        for file in names.sorted() where file.hasSuffix(".yaml") || file.hasSuffix(".yml") {
            do {
                presets.append(try PresetParser.load(path: directory + "/" + file, solverParameters: solverParameters))
            } catch let error as InputError {
                errors.append(error)
            } catch {
                errors.append(InputError(directory + "/" + file, nil, "\(error)"))
            }
        }
        presets.sort { ($0.lesson ?? Int.max, $0.name) < ($1.lesson ?? Int.max, $1.name) }
        return (presets, errors)
    }

    /// A preset by name (file stem or `name:` field) or by path.
    public func preset(named nameOrPath: String) throws -> Preset {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml") {
            return try PresetParser.load(path: nameOrPath, solverParameters: solverParameters)
        }
        guard let directory else {
            throw InputError(nameOrPath, nil, "no presets folder found (set OTLAB_PRESETS or run from the otlab folder)")
        }
        for ext in ["yaml", "yml"] {
            let path = "\(directory)/\(nameOrPath).\(ext)"
            if FileManager.default.fileExists(atPath: path) { return try PresetParser.load(path: path, solverParameters: solverParameters) }
        }
        let (presets, _) = all()
        if let match = presets.first(where: { $0.name == nameOrPath }) { return match }
        let known = presets.map(\.name).joined(separator: ", ")
        throw InputError(nameOrPath, nil, "no such preset; known presets: \(known)")
    }
}
