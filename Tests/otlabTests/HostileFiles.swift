import Foundation

/// Small files that claim huge sizes, built by the tests themselves (issue 21): an NPY header over
/// a sparse file, ZIP archives with hand-made directories, PNG and JPEG headers. Nothing here is
/// large on disk.
enum HostileFiles {
    /// An NPY v1.0 header for `descr` and `shape`, padded as NumPy pads it.
    static func npyHeader(descr: String, shape: [Int]) -> [UInt8] {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var dictionary = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shapeText), }"
        while (10 + dictionary.utf8.count + 1) % 64 != 0 { dictionary += " " }
        dictionary += "\n"
        let length = dictionary.utf8.count
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(dictionary.utf8)
    }

    /// A whole NPY file of float64 values.
    static func npy(_ values: [Double], shape: [Int]) -> [UInt8] {
        var bytes = npyHeader(descr: "<f8", shape: shape)
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
        return bytes
    }

    /// A file at `path` holding `header` and then zeros up to `length` bytes, without writing them
    /// (a sparse file: a few KB on disk whatever `length` is).
    static func writeSparse(_ header: [UInt8], length: Int, to path: String) throws {
        _ = FileManager.default.createFile(atPath: path, contents: Data(header))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: UInt64(length))
        try handle.close()
    }

    /// CRC-32 (IEEE), as ZIP records it.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// One ZIP member as written: its name, method (0 stored, 8 deflate), its data as stored, the
    /// size and CRC it claims.
    struct Member {
        var name: String
        var method: UInt16 = 0
        var data: [UInt8]
        var size: Int
        var crc: UInt32

        /// A stored member holding `content`.
        static func stored(_ name: String, _ content: [UInt8]) -> Member {
            Member(name: name, method: 0, data: content, size: content.count, crc: crc32(content))
        }
    }

    /// A ZIP archive of `members`. `directory` lists the central-directory entries as
    /// (name, index of the member whose local header it points at); by default one per member.
    static func zip(_ members: [Member], directory: [(String, Int)]? = nil) -> [UInt8] {
        func u16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
        func u32(_ v: Int) -> [UInt8] { u16(v & 0xFFFF) + u16((v >> 16) & 0xFFFF) }
        var bytes: [UInt8] = []
        var offsets: [Int] = []
        for member in members {
            offsets.append(bytes.count)
            bytes += u32(0x0403_4B50) + u16(20) + u16(0) + u16(Int(member.method)) + u16(0) + u16(0)
            bytes += u32(Int(member.crc)) + u32(member.data.count) + u32(member.size)
            bytes += u16(member.name.utf8.count) + u16(0) + Array(member.name.utf8) + member.data
        }
        let entries = directory ?? members.indices.map { (members[$0].name, $0) }
        let directoryOffset = bytes.count
        for (name, index) in entries {
            let member = members[index]
            bytes += u32(0x0201_4B50) + u16(20) + u16(20) + u16(0) + u16(Int(member.method)) + u16(0) + u16(0)
            bytes += u32(Int(member.crc)) + u32(member.data.count) + u32(member.size)
            bytes += u16(name.utf8.count) + u16(0) + u16(0) + u16(0) + u16(0) + u32(0) + u32(offsets[index]) + Array(name.utf8)
        }
        let directorySize = bytes.count - directoryOffset
        bytes += u32(0x0605_4B50) + u16(0) + u16(0) + u16(entries.count) + u16(entries.count)
        bytes += u32(directorySize) + u32(directoryOffset) + u16(0)
        return bytes
    }

    /// A deflate member that claims to inflate to `size` bytes: a stored deflate block holding
    /// `head` (an NPY header), then filler, so that the compressed size passes the ratio check
    /// (deflate expands at most 1032:1) although the stream past the head is not valid.
    static func deflateBomb(_ name: String, head: [UInt8], size: Int) -> Member {
        let length = head.count
        var data: [UInt8] = [0x00, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)] + head
        data += [UInt8](repeating: 0, count: max(0, size / 1000 - data.count))
        return Member(name: name, method: 8, data: data, size: size, crc: 0)
    }

    /// A grey PNG's signature and IHDR chunk claiming `width x height`, then one empty IDAT and IEND
    /// (the picture is never decoded when the size is refused).
    static func pngHeader(width: Int, height: Int) -> [UInt8] {
        func u32(_ v: Int) -> [UInt8] { [UInt8((v >> 24) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let body = Array(type.utf8) + data
            return u32(data.count) + body + u32(Int(crc32(body)))
        }
        let ihdr = u32(width) + u32(height) + [8, 0, 0, 0, 0]
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", ihdr) + chunk("IDAT", []) + chunk("IEND", [])
    }

    /// The start of a progressive JPEG claiming `width x height` (SOI, a quantization table, an SOF2
    /// frame header of one component, a Huffman table): 300 bytes, enough for the header and
    /// nothing more.
    static func progressiveJPEGHeader(width: Int, height: Int) -> [UInt8] {
        var bytes: [UInt8] = [0xFF, 0xD8]
        bytes += [0xFF, 0xDB, 0x00, 0x43, 0x00] + [UInt8](repeating: 1, count: 64)
        bytes += [0xFF, 0xC2, 0x00, 0x0B, 0x08, UInt8(height >> 8), UInt8(height & 0xFF), UInt8(width >> 8), UInt8(width & 0xFF), 0x01, 0x01, 0x11, 0x00]
        // A DC Huffman table with one code of length 1 (symbol 0).
        bytes += [0xFF, 0xC4, 0x00, 0x14, 0x00, 0x01] + [UInt8](repeating: 0, count: 15) + [0x00]
        bytes += [0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00]
        return bytes + [UInt8](repeating: 0, count: max(0, 300 - bytes.count))
    }
}
