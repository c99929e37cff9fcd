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
/// `NPYReader`; the returned dictionary is keyed by the name without `.npy` (`a.npy` → `a`).
public enum NPZReader {
    /// The named arrays in the `.npz` file at `path`.
    public static func read(at path: String) throws(InputError) -> [String: NPYArray] {
        try decode(FileInput.contents(of: path), source: path)
    }

    /// Decodes the bytes of a `.npz` file; `source` names the input in errors. A member's own
    /// errors name it as `source[name]`, e.g. `data.npz[M]: truncated: ...`.
    public static func decode(_ data: Data, source: String) throws(InputError) -> [String: NPYArray] {
        let bytes = [UInt8](data)
        var arrays: [String: NPYArray] = [:]
        for entry in try centralDirectory(bytes, source: source) {
            guard entry.name.hasSuffix(".npy") else { continue }
            let name = String(entry.name.dropLast(4))
            let member = try extract(entry, from: bytes, source: source)
            arrays[name] = try NPYReader.decode(Data(member), source: "\(source)[\(name)]")
        }
        return arrays
    }

    /// The array called `name` (without `.npy`), or an error naming it and listing what the archive holds.
    public static func array(_ name: String, in arrays: [String: NPYArray], source: String) throws(InputError) -> NPYArray {
        guard let array = arrays[name] else {
            throw InputError(source, nil, "has no array named '\(name)'; it holds \(listing(arrays))")
        }
        return array
    }

    /// "a, b, M" (sorted), or "no arrays".
    static func listing(_ arrays: [String: NPYArray]) -> String {
        arrays.isEmpty ? "no arrays" : arrays.keys.sorted().joined(separator: ", ")
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
        return entries
    }

    /// The uncompressed bytes of one member, with size and CRC-32 checked.
    static func extract(_ entry: Entry, from b: [UInt8], source: String) throws(InputError) -> [UInt8] {
        let location = "member \(entry.name)"
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
        // zlib counts in 32-bit units, and np.savez members beyond 4 GiB are not expected here.
        guard entry.size <= Int(UInt32.max), entry.compressedSize <= Int(UInt32.max) else {
            throw InputError(source, location, "is larger than 4 GiB (\(entry.size) bytes); such members are not supported")
        }
        let stored = b[start..<(start + entry.compressedSize)]
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

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }
}
