import Foundation
import OTCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file all at once or not at all.
///
/// The bytes go to a temporary file in the destination's directory, which is then renamed over the
/// destination. A reader (or a crash half-way) never sees a half-written plan or matrix, and an
/// existing file is only replaced once the new one is complete.
///
/// A destination that is a symlink is written through: the link's final target is the file that is
/// replaced (atomically, in the target's directory), and the link stays a link. Renaming over the
/// link itself replaced it with a regular file and never wrote its target.
enum AtomicFileWriter {
    /// Writes the bytes of the temporary file; the default writes them all. Tests pass a writer
    /// that fails part-way (a disk filling up) to check that the destination is left as it was.
    typealias TemporaryFileWriter = (Data, URL) throws -> Void

    static func write(_ data: Data, to path: String) throws(InputError) {
        try write(data, to: path, writingTemporaryFileWith: { data, url in try data.write(to: url) })
    }

    static func write(_ data: Data, to path: String, writingTemporaryFileWith writeTemporaryFile: TemporaryFileWriter) throws(InputError) {
        let destination = URL(fileURLWithPath: OutputPaths.destination(of: path))
        let directory = destination.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory),
              isDirectory.boolValue else {
            throw InputError(path, nil, "cannot be written: the directory \(directory.path) does not exist")
        }
        let temporary = directory.appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try writeTemporaryFile(data, temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw InputError(path, nil, "cannot be written (\(error.localizedDescription))")
        }
        guard rename(temporary.path, destination.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw InputError(path, nil, "cannot be written (\(reason))")
        }
    }
}
