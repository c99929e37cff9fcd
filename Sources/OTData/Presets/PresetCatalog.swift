import Foundation
import OTCore

/// Finds presets by name or path: the user's folder (`$OTLAB_PRESETS`) first, then the presets
/// built into the executable (`EmbeddedFiles`, made from the repository's `presets/` at build time).
///
/// A preset in the user's folder with the file name or `name:` of a built-in one replaces it, so a
/// copied binary works from any folder, and a user can add to or adjust its presets without
/// rebuilding.
public struct PresetCatalog: Sendable {
    /// The user's folder of presets, searched first; nil for none.
    public let directory: String?
    /// Whether the built-in presets are part of the catalog.
    public let includesBuiltin: Bool
    /// The solvers' parameter descriptors, when the caller knows the solvers: presets are then
    /// checked against them as they are read (see `PresetParser.load`).
    public let solverParameters: PresetParser.SolverParameterLookup?
    /// The lesson statistics' settings descriptors, when the caller knows them (the Session layer's
    /// `LessonStatistics`): a preset's `statistic:` is then checked as it is read.
    public let statisticParameters: PresetParser.StatisticParameterLookup?

    public init(directory: String? = PresetCatalog.userDirectory(), includesBuiltin: Bool = true,
                solverParameters: PresetParser.SolverParameterLookup? = nil,
                statisticParameters: PresetParser.StatisticParameterLookup? = nil) {
        self.directory = directory
        self.includesBuiltin = includesBuiltin
        self.solverParameters = solverParameters
        self.statisticParameters = statisticParameters
    }

    /// `$OTLAB_PRESETS` when set and not empty.
    public static func userDirectory() -> String? {
        guard let folder = ProcessInfo.processInfo.environment["OTLAB_PRESETS"], !folder.isEmpty else { return nil }
        return folder
    }

    /// Every preset, sorted by lesson order then name: the user folder's, then the built-in ones it
    /// does not replace. Presets that fail to parse are returned as errors alongside, so a listing can
    /// show them instead of hiding them.
    public func all() -> (presets: [Preset], errors: [InputError]) {
        var presets: [Preset] = []
        var errors: [InputError] = []
        func load(_ path: String) {
            do {
                presets.append(try PresetParser.load(path: path, solverParameters: solverParameters, statisticParameters: statisticParameters))
            } catch let error as InputError {
                errors.append(error)
            } catch {
                errors.append(InputError(path, nil, "\(error)"))
            }
        }
        if let directory {
            if let names = Self.presetFiles(in: directory) {
                for file in names { load(directory + "/" + file) }
            } else {
                errors.append(InputError(directory, nil, "OTLAB_PRESETS names no folder; expected a folder of *.yaml presets"))
            }
        }
        if includesBuiltin {
            let userCount = presets.count
            let replacedStems = Set(presets.map { Self.stem(of: $0.path) } + errors.map { Self.stem(of: $0.source) })
            for path in EmbeddedFiles.presetPaths where !replacedStems.contains(Self.stem(of: path)) { load(path) }
            let userNames = Set(presets[..<userCount].map(\.name))
            presets = Array(presets[..<userCount]) + presets[userCount...].filter { !userNames.contains($0.name) }
        }
        presets.sort { ($0.lesson ?? Int.max, $0.name) < ($1.lesson ?? Int.max, $1.name) }
        return (presets, errors)
    }

    /// A preset by name (file stem or `name:` field) or by path.
    public func preset(named nameOrPath: String) throws -> Preset {
        if nameOrPath.contains("/") || Self.isPresetFile(nameOrPath) {
            return try PresetParser.load(path: nameOrPath, solverParameters: solverParameters, statisticParameters: statisticParameters)
        }
        var folders: [String] = directory.map { [$0] } ?? []
        if includesBuiltin { folders.append(EmbeddedFiles.root) }
        for folder in folders {
            for ext in ["yaml", "yml"] {
                let path = "\(folder)/\(nameOrPath).\(ext)"
                if EmbeddedFiles.contents(of: path) != nil || FileManager.default.fileExists(atPath: path) {
                    return try PresetParser.load(path: path, solverParameters: solverParameters, statisticParameters: statisticParameters)
                }
            }
        }
        let (presets, _) = all()
        if let match = presets.first(where: { $0.name == nameOrPath }) { return match }
        let known = presets.map(\.name).joined(separator: ", ")
        throw InputError(nameOrPath, nil, "no such preset; known presets: \(known)")
    }

    /// The preset files (`*.yaml`, `*.yml`) in a folder, sorted; nil when it is not a folder.
    static func presetFiles(in directory: String) -> [String]? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue,
              let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return nil }
        return names.filter(isPresetFile).sorted()
    }

    static func isPresetFile(_ name: String) -> Bool {
        name.hasSuffix(".yaml") || name.hasSuffix(".yml")
    }

    static func stem(of path: String) -> String {
        ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    }
}
