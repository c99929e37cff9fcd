import Foundation
import OTPresetFiles

/// The files built into the executable (the repository's `presets/` folder, see `BuiltinPresetFiles`),
/// reached through paths below `EmbeddedFiles.root`: `(built-in)/welcome.yaml`,
/// `(built-in)/data/color-source.png`.
///
/// A built-in preset's path is such a path, so the relative paths inside it resolve to built-in
/// files, and every loader reads them through `FileInput` exactly as it reads files on disk.
public enum EmbeddedFiles {
    /// The folder name that stands for the built-in presets folder in paths and messages.
    public static let root = "(built-in)"

    /// True when `path` names a built-in file (whether or not it exists).
    public static func isEmbedded(_ path: String) -> Bool {
        path.hasPrefix(root + "/")
    }

    /// The bytes of the built-in file at `path`, or nil when there is none.
    public static func contents(of path: String) -> Data? {
        guard isEmbedded(path) else { return nil }
        let relative = (String(path.dropFirst(root.count + 1)) as NSString).standardizingPath
        return BuiltinPresetFiles.files[relative]
    }

    /// Every built-in file's path relative to the presets folder (`data/color-source.png`), sorted.
    public static var relativePaths: [String] {
        BuiltinPresetFiles.files.keys.sorted()
    }

    /// The paths of the built-in presets, sorted.
    public static var presetPaths: [String] {
        BuiltinPresetFiles.presetPaths.map { root + "/" + $0 }
    }
}
