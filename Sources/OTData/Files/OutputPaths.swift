import Foundation
import OTCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Output files that never damage other files of the same command.
///
/// `--plan-out a.csv` with `a.csv` as the source used to replace the input silently, and
/// `--plan-out x.csv --log-out x.csv` let one output overwrite the other. Two paths name the same file
/// when they resolve to the same place: the same inode for files that exist (so a symlink or a hard
/// link to an input counts), or the same canonical path (symlinks followed, `..` removed) for files
/// still to be written.
public enum OutputPaths {
    /// One file of a command: the flag or role that names it ("--plan-out", "source") and its path.
    public typealias Role = (name: String, path: String)

    /// Throws when an output is one of the inputs, or two outputs are one file.
    public static func requireDistinct(outputs: [Role], inputs: [Role]) throws(InputError) {
        let inputIdentities = inputs.map { ($0, identity(of: $0.path)) }
        var seen: [(Role, Identity)] = []
        for output in outputs {
            let id = identity(of: output.path)
            if let input = inputIdentities.first(where: { $0.1.matches(id) })?.0 {
                throw InputError(output.name, nil, "\(output.path) is the \(input.name) file \(input.path); refusing to replace an input with an output: write it to another file")
            }
            if let other = seen.first(where: { $0.1.matches(id) })?.0 {
                throw InputError(output.name, nil, "\(output.path) is the same file as \(other.name) \(other.path); give each output its own file")
            }
            seen.append((output, id))
        }
    }

    /// Where writing to `path` lands: the end of its chain of symlinks (a dangling link's target
    /// included, so that it is created), or `path` itself when it is not a link. Relative link
    /// targets are taken from the link's directory. Gives up after 40 links (a loop), as the kernel does.
    public static func destination(of path: String) -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return current }
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else { return current }
            current = target.hasPrefix("/") ? target : ((current as NSString).deletingLastPathComponent as NSString).appendingPathComponent(target)
        }
        return current
    }

    /// What a path stands for: the file's device and inode when it exists, and its canonical path.
    struct Identity {
        var inode: (UInt64, UInt64)?
        var canonical: String

        func matches(_ other: Identity) -> Bool {
            if let a = inode, let b = other.inode { return a == b }
            return canonical == other.canonical
        }
    }

    static func identity(of path: String) -> Identity {
        let final = destination(of: path)
        var info = stat()
        let inode = stat(final, &info) == 0 ? (UInt64(info.st_dev), UInt64(info.st_ino)) : nil
        // The directory resolved by realpath, the name kept: the file itself may not exist yet.
        let url = URL(fileURLWithPath: final)
        let directory = url.deletingLastPathComponent().path
        let resolved = realpath(directory, nil).map { pointer -> String in
            defer { free(pointer) }
            return String(cString: pointer)
        } ?? directory
        return Identity(inode: inode, canonical: (resolved as NSString).appendingPathComponent(url.lastPathComponent))
    }
}
