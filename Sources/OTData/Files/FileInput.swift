import Foundation
import OTCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Darwin)
private let systemRead = Darwin.read
#elseif canImport(Musl)
private let systemRead = Musl.read
#else
private let systemRead = Glibc.read
#endif

/// Reads input files (on disk, or built in: `EmbeddedFiles`), turning file-system failures into one-line `InputError`s.
///
/// Every loader goes through here so that "no such file", "is a directory", "not a regular file"
/// and "cannot be read" read the same everywhere and always name the path. Only regular files are
/// opened: a FIFO would block, and `/dev/zero` or `/dev/urandom` (also behind a symlink) never end.
/// Standard input is the exception, named `-` or `/dev/stdin`: it is read once, whole (within
/// `InputLimits.maximumFileBytes`), and kept, so a reader may look at its header and then its data.
///
/// Reading is bounded before it starts: `contents(of:)` refuses a file longer than the file-size
/// limit from its length on disk, and `prefix(of:count:)` reads only a header.
public enum FileInput {
    /// Whether `path` names standard input (`-` or `/dev/stdin`).
    public static func isStandardInput(_ path: String) -> Bool {
        path == "-" || path == "/dev/stdin"
    }

    /// The bytes of the file at `path`, refused from its length when longer than the file-size limit.
    static func contents(of path: String, limits: InputLimits = .current) throws(InputError) -> Data {
        if isStandardInput(path) { return try standardInput(limits: limits) }
        if let data = try builtIn(path) { return data }
        let size = try requireFile(at: path)
        try limits.requireFileBytes(size, source: path)
        return try readFile(path, count: size)
    }

    /// At most the first `count` bytes of the file at `path` (fewer when it is shorter), for a header.
    static func prefix(of path: String, count: Int, limits: InputLimits = .current) throws(InputError) -> Data {
        if isStandardInput(path) { return try standardInput(limits: limits).prefix(count) }
        if let data = try builtIn(path) { return data.prefix(count) }
        try requireFile(at: path)
        return try readFile(path, count: count)
    }

    /// The length of the file at `path` in bytes (standard input: what it holds).
    static func size(of path: String, limits: InputLimits = .current) throws(InputError) -> Int {
        if isStandardInput(path) { return try standardInput(limits: limits).count }
        return try requireFile(at: path)
    }

    /// The bytes of a built-in file (a path below `EmbeddedFiles.root`), or nil for any other path.
    static func builtIn(_ path: String) throws(InputError) -> Data? {
        guard EmbeddedFiles.isEmbedded(path) else { return nil }
        guard let data = EmbeddedFiles.contents(of: path) else { throw InputError(path, nil, "no such built-in file") }
        return data
    }

    /// Throws unless `path` names an existing regular file (following symbolic links) or standard
    /// input; returns the file's length. Loaders call this before looking at the extension, so a
    /// missing file, a directory or a device is reported as such.
    @discardableResult
    static func requireFile(at path: String) throws(InputError) -> Int {
        if isStandardInput(path) { return 0 }
        if let data = try builtIn(path) { return data.count }
        guard !path.isEmpty else {
            throw InputError("\"\"", nil, "an empty file name; expected the path of a file")
        }
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR {
                var linkInfo = stat()
                if lstat(path, &linkInfo) == 0, (linkInfo.st_mode & S_IFMT) == S_IFLNK {
                    throw InputError(path, nil, "is a symbolic link to a file that does not exist")
                }
                throw InputError(path, nil, "no such file")
            }
            throw InputError(path, nil, "cannot be read (\(String(cString: strerror(code))))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return Int(info.st_size)
        case S_IFDIR: throw InputError(path, nil, "is a directory; expected a file")
        case let kind:
            let what: String
            switch kind {
            case S_IFIFO: what = "a FIFO (named pipe)"
            case S_IFCHR: what = "a character device"
            case S_IFBLK: what = "a block device"
            case S_IFSOCK: what = "a socket"
            default: what = "a special file"
            }
            throw InputError(path, nil, "is not a regular file (it is \(what)); expected a file, or - for standard input")
        }
    }

    /// Whether `path` names one NumPy archive holding a whole problem: a `.npz` file, or standard
    /// input whose first bytes are a ZIP archive's (read within `InputLimits.maximumFileBytes`, and
    /// kept for the reader). Standard input that cannot be read counts as one, so that the
    /// archive reader reports why (more bytes than the limit, a read error).
    public static func isProblemArchive(_ path: String) -> Bool {
        guard isStandardInput(path) else { return path.lowercased().hasSuffix(".npz") }
        guard let data = try? standardInput(limits: .current) else { return true }
        return sniffedExtension(Array(data.prefix(8))) == "npz"
    }

    /// The lowercased extension of `path` without the dot, or "" when it has none. For standard
    /// input, the format its first bytes show: npy, npz, png, jpg, pnm, else csv.
    static func pathExtension(of path: String) -> String {
        if isStandardInput(path), let head = try? standardInput(limits: .current).prefix(8) {
            return sniffedExtension(Array(head))
        }
        return URL(fileURLWithPath: path).pathExtension.lowercased()
    }

    /// The format the first bytes of an input show (for standard input, which has no name).
    static func sniffedExtension(_ head: [UInt8]) -> String {
        if head.starts(with: NPYHeader.magic) { return "npy" }
        if head.starts(with: [0x50, 0x4B]) { return "npz" }
        if head.starts(with: PNGReader.signature) { return "png" }
        if head.starts(with: [0xFF, 0xD8]) { return "jpg" }
        if head.count >= 2, head[0] == UInt8(ascii: "P"), (UInt8(ascii: "2")...UInt8(ascii: "6")).contains(head[1]) { return "pnm" }
        return "csv"
    }

    /// An open regular file read straight into the caller's memory (`read(into:at:)`), for data
    /// too large to go through `Data` first: an 8 MB cost matrix is read once, into its final array.
    /// Only for paths on disk (not standard input, not built-in files: `isDirectFile`).
    final class DirectFile {
        let descriptor: Int32
        let path: String

        init(_ path: String) throws(InputError) {
            let descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else {
                throw InputError(path, nil, "cannot be read (\(String(cString: strerror(errno))))")
            }
            self.descriptor = descriptor
            self.path = path
        }

        deinit { close(descriptor) }

        /// Fills `buffer` with the bytes from `offset` on; returns how many were read (fewer only
        /// at the end of the file).
        func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(InputError) -> Int {
            var done = 0
            while done < buffer.count {
                let got = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
                if got < 0 {
                    if errno == EINTR { continue }
                    throw InputError(path, nil, "cannot be read (\(String(cString: strerror(errno))))")
                }
                if got == 0 { break }
                done += got
            }
            return done
        }

        /// Up to `count` bytes from `offset` on (fewer at the end of the file).
        func bytes(_ count: Int, at offset: Int) throws(InputError) -> Data {
            var data = Data(count: count)
            let result: Result<Int, InputError> = data.withUnsafeMutableBytes { raw in
                Result { () throws(InputError) in try read(into: raw, at: offset) }
            }
            data.count = try result.get()
            return data
        }
    }

    /// Whether `path` is read from disk (so `DirectFile` can read it), not standard input or built in.
    static func isDirectFile(_ path: String) -> Bool {
        !isStandardInput(path) && !EmbeddedFiles.isEmbedded(path)
    }

    /// Reads up to `count` bytes of a regular file.
    private static func readFile(_ path: String, count: Int) throws(InputError) -> Data {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw InputError(path, nil, "cannot be read (\(String(cString: strerror(errno))))")
        }
        defer { close(descriptor) }
        return try readAll(descriptor, upTo: count, source: path)
    }

    /// Reads from `descriptor` until end of file or `limit` bytes.
    private static func readAll(_ descriptor: Int32, upTo limit: Int, source: String) throws(InputError) -> Data {
        var data = Data()
        let chunk = 1 << 20
        var buffer = [UInt8](repeating: 0, count: min(chunk, max(limit, 1)))
        while data.count < limit {
            let wanted = min(buffer.count, limit - data.count)
            let got = buffer.withUnsafeMutableBytes { raw in systemRead(descriptor, raw.baseAddress, wanted) }
            if got < 0 {
                if errno == EINTR { continue }
                throw InputError(source, nil, "cannot be read (\(String(cString: strerror(errno))))")
            }
            if got == 0 { break }
            data.append(contentsOf: buffer[0..<got])
        }
        return data
    }

    /// Standard input, read once and kept.
    private static let standardInputBytes = Mutex<Data?>(nil)

    private static func standardInput(limits: InputLimits) throws(InputError) -> Data {
        let result: Result<Data, InputError> = standardInputBytes.withLock { stored in
            if let stored { return .success(stored) }
            do throws(InputError) {
                // One byte more than the limit tells an input at the limit from one beyond it.
                let (bound, overflow) = limits.maximumFileBytes.addingReportingOverflow(1)
                let data = try readAll(0, upTo: overflow ? Int.max : bound, source: "standard input")
                guard data.count <= limits.maximumFileBytes else {
                    throw InputError("standard input", nil, "holds more than \(InputLimits.grouped(limits.maximumFileBytes)) bytes, the limit for an input read whole (set OTLAB_MAX_FILE_BYTES to raise it)")
                }
                stored = data
                return .success(data)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}
