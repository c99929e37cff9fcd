import Foundation
import OTCore

/// Reads whole input files, turning file-system failures into one-line `InputError`s.
///
/// Every loader goes through here so that "no such file", "is a directory" and "not readable"
/// read the same everywhere and always name the path.
enum FileInput {
    /// The bytes of the file at `path`.
    static func contents(of path: String) throws(InputError) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError(path, nil, "no such file")
        }
        guard !isDirectory.boolValue else {
            throw InputError(path, nil, "is a directory; expected a file")
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw InputError(path, nil, "cannot be read (\(error.localizedDescription))")
        }
    }

    /// The lowercased extension of `path` without the dot, or "" when it has none.
    static func pathExtension(of path: String) -> String {
        URL(fileURLWithPath: path).pathExtension.lowercased()
    }
}
