import CZlib
import Foundation
import OTCore

/// Reads NumPy `.npz` archives (`np.savez` and `np.savez_compressed`): a ZIP file of `.npy` members.
///
/// This is a minimal ZIP reader: it finds the end-of-central-directory record (and the ZIP64 one
/// when present), walks the central directory, and supports stored (method 0) and deflate
/// (method 8) members, inflated with zlib's raw inflate. Sizes are checked against the file length
/// (and, for deflate, against the largest possible expansion) before anything is allocated, and
/// every member's CRC-32 and size are verified. Members whose names end in `.npy` are decoded with
/// `NPYReader`; arrays are named without `.npy` (`a.npy` → `a`).
///
/// An archive is a directory of members that are decoded only when asked for (`Archive.array`), so
/// members a problem does not use are never inflated. Entries with the same name, the same offset
/// or overlapping data are refused (a directory whose entries all point at one member would
/// otherwise decode it once per entry), and before a member is inflated its NPY header is inflated
/// alone and checked against the element limit, and its size against the total inflated limit
/// (`InputLimits`).
public enum NPZReader {
    /// The named arrays in the `.npz` file at `path` (every member decoded).
    public static func read(at path: String, limits: InputLimits = .current) throws(InputError) -> [String: NPYArray] {
        var archive = try open(at: path, limits: limits)
        return try archive.allArrays()
    }

    /// The archive at `path`, its directory read and checked; members are decoded on demand.
    public static func open(at path: String, limits: InputLimits = .current) throws(InputError) -> Archive {
        try Archive(FileInput.contents(of: path, limits: limits), source: path, limits: limits)
    }

    /// Decodes the bytes of a `.npz` file; `source` names the input in errors. A member's own
    /// errors name it as `source[name]`, e.g. `data.npz[M]: truncated: ...`.
    public static func decode(_ data: Data, source: String, limits: InputLimits = .current) throws(InputError) -> [String: NPYArray] {
        var archive = try Archive(data, source: source, limits: limits)
        return try archive.allArrays()
    }

    /// The array called `name` (without `.npy`), or an error naming it and listing what the archive holds.
    public static func array(_ name: String, in arrays: [String: NPYArray], source: String) throws(InputError) -> NPYArray {
        guard let array = arrays[name] else {
            throw InputError(source, nil, "has no array named '\(DisplayText.excerpt(name))'; it holds \(listing(Array(arrays.keys)))")
        }
        return array
    }

    /// "a, b, M" (sorted), or "no arrays".
    static func listing(_ names: [String]) -> String {
        guard !names.isEmpty else { return "no arrays" }
        let sorted = names.sorted().map { DisplayText.excerpt($0, limit: 40) }
        guard sorted.count > 12 else { return sorted.joined(separator: ", ") }
        return sorted.prefix(12).joined(separator: ", ") + ", ... (\(sorted.count) arrays)"
    }

    /// An `.npz` archive whose members are decoded when asked for.
    public struct Archive {
        /// The file's bytes.
        let bytes: [UInt8]
        /// The `.npy` members by array name.
        let members: [String: Entry]
        /// The archive's name in errors.
        public let source: String
        let limits: InputLimits
        /// Bytes inflated so far, over every member decoded.
        public private(set) var inflatedBytes = 0

        public init(_ data: Data, source: String, limits: InputLimits = .current) throws(InputError) {
            let bytes = [UInt8](data)
            var members: [String: Entry] = [:]
            for entry in try NPZReader.centralDirectory(bytes, source: source) where entry.name.hasSuffix(".npy") {
                members[String(entry.name.dropLast(4))] = entry
            }
            self.bytes = bytes
            self.members = members
            self.source = source
            self.limits = limits
        }

        /// The names of the arrays the archive holds, sorted.
        public var names: [String] { members.keys.sorted() }

        /// "a, b, M", or "no arrays".
        public var listing: String { NPZReader.listing(Array(members.keys)) }

        /// Whether the archive holds an array called `name`.
        public func has(_ name: String) -> Bool { members[name] != nil }

        /// The array called `name`, decoded now, or nil when the archive has none.
        public mutating func array(_ name: String) throws(InputError) -> NPYArray? {
            guard let entry = members[name] else { return nil }
            let label = "\(source)[\(DisplayText.excerpt(name, limit: 40))]"
            let member = try NPZReader.extract(entry, from: bytes, source: source, label: label, limits: limits, inflatedSoFar: &inflatedBytes)
            return try NPYReader.decode(Data(member), source: label, limits: limits)
        }

        /// The array called `name`, or an error naming it and listing what the archive holds.
        public mutating func required(_ name: String) throws(InputError) -> NPYArray {
            guard let array = try array(name) else {
                throw InputError(source, nil, "has no array named '\(DisplayText.excerpt(name))'; it holds \(listing)")
            }
            return array
        }

        /// Every array, decoded.
        mutating func allArrays() throws(InputError) -> [String: NPYArray] {
            var arrays: [String: NPYArray] = [:]
            for name in names { arrays[name] = try array(name) }
            return arrays
        }
    }

    // MARK: - ZIP structure

    /// One central-directory record.
    struct Entry {
        var name: String
        var method: Int
        var flags: Int
        var crc: UInt32
        var compressedSize: Int
        var size: Int
        var localHeaderOffset: Int
        /// Where the next entry's local header (or the central directory) starts: the member's
        /// data must end there.
        var spanLimit: Int = 0
    }

    /// Deflate never expands more than about 1032:1; anything claiming more is corrupt.
    static let maximumDeflateRatio = 1032

    private static func u16(_ b: [UInt8], _ at: Int) -> Int { Int(b[at]) | Int(b[at + 1]) << 8 }
    private static func u32(_ b: [UInt8], _ at: Int) -> Int { u16(b, at) | u16(b, at + 2) << 16 }
    private static func u64(_ b: [UInt8], _ at: Int) -> UInt64 { UInt64(u32(b, at)) | UInt64(u32(b, at + 4)) << 32 }

    /// A 64-bit size or offset as an `Int` within the file, or an error.
    private static func fileOffset(_ value: UInt64, _ what: String, fileSize: Int, source: String) throws(InputError) -> Int {
        guard value <= UInt64(fileSize) else {
            throw InputError(source, nil, "truncated or corrupt ZIP: \(what) \(value) lies beyond the end of the \(fileSize)-byte file")
        }
        return Int(value)
    }

    /// The central directory's entries.
    static func centralDirectory(_ b: [UInt8], source: String) throws(InputError) -> [Entry] {
        let n = b.count
        guard n >= 4, b[0] == 0x50, b[1] == 0x4B else {
            throw InputError(source, nil, "not a ZIP archive (an .npz file is a ZIP of .npy members and starts with PK)")
        }
        // The end-of-central-directory record: 22 bytes plus a comment of at most 65535.
        var eocd = -1
        var at = n - 22
        while at >= 0, at >= n - 22 - 65535 {
            if u32(b, at) == 0x0605_4B50 { eocd = at; break }
            at -= 1
        }
        guard eocd >= 0 else {
            throw InputError(source, nil, "truncated ZIP archive: no end-of-central-directory record (the file may be cut short)")
        }
        var count = u16(b, eocd + 10)
        var directorySize = u32(b, eocd + 12)
        var directoryOffset = u32(b, eocd + 16)
        // ZIP64: a locator just before the record points at the 64-bit record.
        if eocd >= 20, u32(b, eocd - 20) == 0x0706_4B50 {
            let record = try fileOffset(u64(b, eocd - 20 + 8), "ZIP64 end record offset", fileSize: n, source: source)
            guard record <= n - 56, u32(b, record) == 0x0606_4B50 else {
                throw InputError(source, nil, "corrupt ZIP64 archive: the ZIP64 end-of-central-directory record is missing")
            }
            count = try fileOffset(u64(b, record + 32), "entry count", fileSize: n, source: source)
            directorySize = try fileOffset(u64(b, record + 40), "central directory size", fileSize: n, source: source)
            directoryOffset = try fileOffset(u64(b, record + 48), "central directory offset", fileSize: n, source: source)
        }
        guard directoryOffset <= n, directorySize <= n - directoryOffset, count <= directorySize / 46 + 1 else {
            throw InputError(source, nil, "truncated ZIP archive: the central directory (\(directorySize) bytes at offset \(directoryOffset)) does not fit in the \(n)-byte file")
        }

        var entries: [Entry] = []
        var p = directoryOffset
        let end = directoryOffset + directorySize
        for index in 0..<count {
            guard p + 46 <= end, u32(b, p) == 0x0201_4B50 else {
                throw InputError(source, nil, "corrupt ZIP archive: central directory record \(index) is damaged or cut short")
            }
            let nameLength = u16(b, p + 28), extraLength = u16(b, p + 30), commentLength = u16(b, p + 32)
            let next = p + 46 + nameLength + extraLength + commentLength
            guard next <= end else {
                throw InputError(source, nil, "corrupt ZIP archive: central directory record \(index) is cut short")
            }
            let name = String(decoding: b[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self)
            var compressed = UInt64(u32(b, p + 20)), size = UInt64(u32(b, p + 24)), offset = UInt64(u32(b, p + 42))
            // ZIP64 extra field (id 1): the 64-bit values of the fields saturated at 0xFFFFFFFF, in order.
            var e = p + 46 + nameLength
            let extraEnd = e + extraLength
            while e + 4 <= extraEnd {
                let id = u16(b, e), length = u16(b, e + 2)
                var f = e + 4
                let fieldEnd = min(f + length, extraEnd)
                if id == 1 {
                    if size == 0xFFFF_FFFF, f + 8 <= fieldEnd { size = u64(b, f); f += 8 }
                    if compressed == 0xFFFF_FFFF, f + 8 <= fieldEnd { compressed = u64(b, f); f += 8 }
                    if offset == 0xFFFF_FFFF, f + 8 <= fieldEnd { offset = u64(b, f); f += 8 }
                }
                e += 4 + length
            }
            let compressedSize = try fileOffset(compressed, "compressed size of \(name)", fileSize: n, source: source)
            let localOffset = try fileOffset(offset, "offset of \(name)", fileSize: n, source: source)
            guard size <= UInt64(Int.max) else {
                throw InputError(source, "member \(name)", "claims an uncompressed size of \(size) bytes")
            }
            entries.append(Entry(name: name, method: u16(b, p + 10), flags: u16(b, p + 8), crc: UInt32(u32(b, p + 16)),
                                 compressedSize: compressedSize, size: Int(size), localHeaderOffset: localOffset))
            p = next
        }
        return try checkedLayout(entries, directoryOffset: directoryOffset, source: source)
    }

    /// Refuses entries with one name, entries at one offset and members whose data overlaps the
    /// next one or the central directory, and records where each member's data must end.
    private static func checkedLayout(_ entries: [Entry], directoryOffset: Int, source: String) throws(InputError) -> [Entry] {
        var names = Set<String>()
        for entry in entries where !names.insert(entry.name).inserted {
            throw InputError(source, "member \(DisplayText.excerpt(entry.name))", "appears twice in the ZIP directory; expected each member once")
        }
        var ordered = entries.sorted { $0.localHeaderOffset < $1.localHeaderOffset }
        for index in ordered.indices {
            let limit = index + 1 < ordered.count ? ordered[index + 1].localHeaderOffset : directoryOffset
            let entry = ordered[index]
            // 30 bytes of local header and the name come before the data.
            let (end, overflow) = entry.localHeaderOffset.addingReportingOverflow(30 + entry.name.utf8.count)
            let (dataEnd, overflow2) = end.addingReportingOverflow(entry.compressedSize)
            guard !overflow, !overflow2, dataEnd <= limit else {
                let next = index + 1 < ordered.count ? "member \(DisplayText.excerpt(ordered[index + 1].name)) at offset \(limit)" : "the central directory at offset \(limit)"
                throw InputError(source, "member \(DisplayText.excerpt(entry.name))", "corrupt ZIP: its \(entry.compressedSize) bytes at offset \(entry.localHeaderOffset) overlap \(next); expected members that do not share data")
            }
            ordered[index].spanLimit = limit
        }
        return ordered
    }

    /// The uncompressed bytes of one member, with size and CRC-32 checked.
    ///
    /// Before the member is inflated, its NPY header is inflated alone and checked (element type,
    /// shape, element limit, that the member is as long as the shape needs), and the member's size
    /// is added to `inflatedSoFar` and checked against the archive's inflated limit.
    static func extract(_ entry: Entry, from b: [UInt8], source: String, label: String, limits: InputLimits,
                        inflatedSoFar: inout Int) throws(InputError) -> [UInt8] {
        let location = "member \(DisplayText.excerpt(entry.name))"
        guard entry.flags & 1 == 0 else {
            throw InputError(source, location, "is encrypted; expected a plain np.savez archive")
        }
        let h = entry.localHeaderOffset
        guard h <= b.count - 30, u32(b, h) == 0x0403_4B50 else {
            throw InputError(source, location, "truncated or corrupt ZIP: no local header at offset \(h)")
        }
        let start = h + 30 + u16(b, h + 26) + u16(b, h + 28)
        guard start <= b.count, entry.compressedSize <= b.count - start else {
            throw InputError(source, location, "truncated: the member's \(entry.compressedSize) bytes of data run past the end of the \(b.count)-byte file")
        }
        guard entry.spanLimit == 0 || start + entry.compressedSize <= entry.spanLimit else {
            throw InputError(source, location, "corrupt ZIP: the member's data (\(entry.compressedSize) bytes at offset \(start)) runs into the next member")
        }
        // zlib counts in 32-bit units, and np.savez members beyond 4 GiB are not expected here.
        guard entry.size <= Int(UInt32.max), entry.compressedSize <= Int(UInt32.max) else {
            throw InputError(source, location, "is larger than 4 GiB (\(entry.size) bytes); such members are not supported")
        }
        let stored = b[start..<(start + entry.compressedSize)]
        // The member's NPY header, inflated alone, says how many elements it holds.
        let head: [UInt8]
        switch entry.method {
        case 0: head = Array(stored.prefix(NPYReader.headerReadSize))
        case 8: head = inflatePrefix(Array(stored.prefix(NPYReader.headerReadSize)), count: min(entry.size, NPYReader.headerReadSize))
        default: head = []
        }
        if entry.method == 0 || entry.method == 8 {
            let layout = try NPYReader.layout(Data(head), source: label, limits: limits)
            let (needed, overflow) = layout.dataOffset.addingReportingOverflow(layout.byteCount)
            guard !overflow, needed <= entry.size else {
                throw InputError(label, nil, "truncated: shape \(layout.header.shapeText) of \(layout.header.descr) needs \(layout.byteCount) bytes of data, the member has \(max(0, entry.size - layout.dataOffset))")
            }
            let (total, totalOverflow) = inflatedSoFar.addingReportingOverflow(entry.size)
            guard !totalOverflow, total <= limits.maximumInflatedBytes else {
                throw InputError(source, location, "inflates to \(InputLimits.grouped(entry.size)) bytes, which with the \(InputLimits.grouped(inflatedSoFar)) already inflated passes the limit of \(InputLimits.grouped(limits.maximumInflatedBytes)) (set OTLAB_MAX_INFLATED_BYTES to raise it)")
            }
            inflatedSoFar = total
        }
        let output: [UInt8]
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.size else {
                throw InputError(source, location, "corrupt ZIP: a stored member has compressed size \(entry.compressedSize) but size \(entry.size)")
            }
            output = Array(stored)
        case 8:
            guard entry.size / maximumDeflateRatio <= entry.compressedSize + 1 else {
                throw InputError(source, location, "corrupt ZIP: \(entry.compressedSize) compressed bytes cannot inflate to the claimed \(entry.size) bytes")
            }
            output = try inflate(Array(stored), size: entry.size, source: source, location: location)
        default:
            throw InputError(source, location, "uses unsupported ZIP compression method \(entry.method); expected 0 (stored) or 8 (deflate), as np.savez and np.savez_compressed write")
        }
        let crc = output.withUnsafeBufferPointer { buffer in
            UInt32(truncatingIfNeeded: crc32(0, buffer.baseAddress, uInt(buffer.count)))
        }
        guard crc == entry.crc else {
            throw InputError(source, location, "bad CRC-32: the data gives \(hex(crc)), the archive records \(hex(entry.crc)) (the file is corrupt)")
        }
        return output
    }

    /// Inflates a raw deflate stream into exactly `size` bytes.
    private static func inflate(_ input: [UInt8], size: Int, source: String, location: String) throws(InputError) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: size)
        var input = input
        let status: Int32 = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var stream = z_stream()
                guard otlab_inflate_init_raw(&stream) == Z_OK else { return Z_MEM_ERROR }
                defer { inflateEnd(&stream) }
                // An empty array may have no base address; zlib only needs a valid pointer.
                var spare: UInt8 = 0
                return withUnsafeMutablePointer(to: &spare) { spareByte in
                    stream.next_in = inBuffer.baseAddress ?? spareByte
                    stream.avail_in = uInt(inBuffer.count)
                    stream.next_out = outBuffer.baseAddress ?? spareByte
                    stream.avail_out = uInt(outBuffer.count)
                    let result = CZlib.inflate(&stream, Z_FINISH)
                    if result == Z_STREAM_END, Int(stream.total_out) != size { return Z_DATA_ERROR }
                    return result
                }
            }
        }
        switch status {
        case Z_STREAM_END: return output
        case Z_BUF_ERROR:
            throw InputError(source, location, "the deflate stream is truncated or inflates to more than the recorded \(size) bytes")
        default:
            throw InputError(source, location, "the deflate stream is corrupt (zlib status \(status))")
        }
    }

    /// The first `count` bytes a raw deflate stream inflates to (fewer when it is shorter or
    /// corrupt: the NPY header check then reports it), using no more memory than that.
    static func inflatePrefix(_ input: [UInt8], count: Int) -> [UInt8] {
        guard count > 0, !input.isEmpty else { return [] }
        var output = [UInt8](repeating: 0, count: count)
        var input = input
        let produced: Int = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var stream = z_stream()
                guard otlab_inflate_init_raw(&stream) == Z_OK else { return 0 }
                defer { inflateEnd(&stream) }
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = uInt(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = uInt(outBuffer.count)
                _ = CZlib.inflate(&stream, Z_SYNC_FLUSH)
                return Int(stream.total_out)
            }
        }
        return Array(output.prefix(produced))
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }
}
