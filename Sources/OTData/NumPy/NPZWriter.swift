import Foundation
import OTCore

/// Writes NumPy `.npz` archives: a stored (uncompressed) zip of `.npy` members, which `np.load`
/// reads. Used to send a problem (POT's `a`, `b`, `M`) to the Python probe on its standard input.
public enum NPZWriter {
    /// The bytes of an archive of the given members (`name.npy`, `.npy` bytes), in order.
    public static func encode(members: [(name: String, data: Data)]) -> Data {
        var archive = Data()
        var central = Data()
        for (name, data) in members {
            let offset = UInt32(archive.count)
            let crc = crc32(data)
            let nameBytes = Data(name.utf8)
            archive.append(le32(0x0403_4b50)); archive.append(le16(20)); archive.append(le16(0)); archive.append(le16(0))
            archive.append(le16(0)); archive.append(le16(0)); archive.append(le32(crc))
            archive.append(le32(UInt32(data.count))); archive.append(le32(UInt32(data.count)))
            archive.append(le16(UInt16(nameBytes.count))); archive.append(le16(0))
            archive.append(nameBytes); archive.append(data)
            central.append(le32(0x0201_4b50)); central.append(le16(20)); central.append(le16(20)); central.append(le16(0))
            central.append(le16(0)); central.append(le16(0)); central.append(le16(0)); central.append(le32(crc))
            central.append(le32(UInt32(data.count))); central.append(le32(UInt32(data.count)))
            central.append(le16(UInt16(nameBytes.count))); central.append(le16(0)); central.append(le16(0))
            central.append(le16(0)); central.append(le16(0)); central.append(le32(0)); central.append(le32(offset))
            central.append(nameBytes)
        }
        let centralOffset = UInt32(archive.count)
        archive.append(central)
        archive.append(le32(0x0605_4b50)); archive.append(le16(0)); archive.append(le16(0))
        archive.append(le16(UInt16(members.count))); archive.append(le16(UInt16(members.count)))
        archive.append(le32(UInt32(central.count))); archive.append(le32(centralOffset)); archive.append(le16(0))
        return archive
    }

    /// POT's problem `(a, b, M)` as the archive the probe reads (`a.npy`, `b.npy`, `M.npy`).
    public static func encodeProblem(a: [Double], b: [Double], cost: DenseMatrix) -> Data {
        encode(members: [("a.npy", NPYWriter.encode(vector: a)), ("b.npy", NPYWriter.encode(vector: b)), ("M.npy", NPYWriter.encode(matrix: cost))])
    }

    private static func le16(_ x: UInt16) -> Data { withUnsafeBytes(of: x.littleEndian) { Data($0) } }
    private static func le32(_ x: UInt32) -> Data { withUnsafeBytes(of: x.littleEndian) { Data($0) } }

    /// CRC-32 (IEEE 802.3), as zip wants it.
    static func crc32(_ data: Data) -> UInt32 {
        var table = [UInt32](repeating: 0, count: 256)
        for i in 0..<256 {
            var c = UInt32(i)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            table[i] = c
        }
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
