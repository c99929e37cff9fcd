import Foundation

/// The presets and their data files, built into the executable from the repository's `presets/`
/// folder by the EmbedPresets build plugin (`scripts/embed-presets.sh`, before every build), so that `otlab` works from any folder after copying
/// one file. Paths are relative to `presets/` (`welcome.yaml`, `data/color-source.png`).
public enum BuiltinPresetFiles {
    /// Every embedded file's bytes by relative path, decoded once on first use.
    public static let files: [String: Data] = {
        var files: [String: Data] = [:]
        for (path, base64) in EmbeddedPresetFiles.all {
            files[path] = Data(base64Encoded: base64)
        }
        return files
    }()

    /// The relative paths of the embedded presets (`*.yaml`, `*.yml` at the top level), sorted.
    public static var presetPaths: [String] {
        files.keys.filter { !$0.contains("/") && ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) }.sorted()
    }
}
