import Foundation
import OTCore

/// Reads whole input files, turning file-system failures into one-line `InputError`s.
///
/// Every loader goes through here so that "no such file", "is a directory" and "not readable"
/// read the same everywhere and always name the path.
enum FileInput {
    /// The bytes of the file at `path`.
    static func contents(of path: String) throws(InputError) -> Data {
        try requireFile(at: path)
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw InputError(path, nil, "cannot be read (\(error.localizedDescription))")
        }
    }

    /// Throws unless `path` names an existing file (not a directory). Loaders call this before
    /// looking at the extension, so a missing file or a directory is reported as such.
    static func requireFile(at path: String) throws(InputError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError(path, nil, "no such file")
        }
        guard !isDirectory.boolValue else {
            throw InputError(path, nil, "is a directory; expected a file")
        }
    }

    /// The lowercased extension of `path` without the dot, or "" when it has none.
    static func pathExtension(of path: String) -> String {
        URL(fileURLWithPath: path).pathExtension.lowercased()
    }
}
