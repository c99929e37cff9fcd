/// Recognizes text files that are not UTF-8 but UTF-16 or UTF-32, which spreadsheet programs and
/// Windows tools write; read as UTF-8 they look like lines full of NUL bytes. Readers name the
/// encoding instead and say how to convert.
enum TextEncoding {
    /// The name of the encoding when `bytes` start with a UTF-16/UTF-32 byte-order mark or look like
    /// UTF-16/UTF-32 text without one (NUL bytes in every other or three of four positions of ASCII
    /// text); nil for anything else.
    static func wideEncoding(of bytes: some Collection<UInt8>) -> String? {
        let head = Array(bytes.prefix(256))
        if head.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return "UTF-32 (little-endian, with a byte-order mark)" }
        if head.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return "UTF-32 (big-endian, with a byte-order mark)" }
        if head.starts(with: [0xFF, 0xFE]) { return "UTF-16 (little-endian, with a byte-order mark)" }
        if head.starts(with: [0xFE, 0xFF]) { return "UTF-16 (big-endian, with a byte-order mark)" }
        guard head.count >= 4 else { return nil }
        func zeroShare(_ offset: Int, _ stride: Int) -> Double {
            let positions = Swift.stride(from: offset, to: head.count, by: stride)
            let zeros = positions.filter { head[$0] == 0 }.count
            return Double(zeros) / Double(max(1, positions.underestimatedCount))
        }
        if head.count >= 8, zeroShare(1, 4) > 0.9, zeroShare(2, 4) > 0.9, zeroShare(3, 4) > 0.9 { return "UTF-32 (little-endian)" }
        if head.count >= 8, zeroShare(0, 4) > 0.9, zeroShare(1, 4) > 0.9, zeroShare(2, 4) > 0.9 { return "UTF-32 (big-endian)" }
        if zeroShare(1, 2) > 0.9, zeroShare(0, 2) < 0.1 { return "UTF-16 (little-endian)" }
        if zeroShare(0, 2) > 0.9, zeroShare(1, 2) < 0.1 { return "UTF-16 (big-endian)" }
        return nil
    }

    /// The message for a file in a wide encoding.
    static func refusal(_ encoding: String) -> String {
        "is encoded as \(encoding), not UTF-8; convert it first, e.g. iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8.csv"
    }
}
