import Foundation
import Testing
import OTCore
@testable import OTData
import TestScratch

/// otlab writes no NPZ archives, so the round trip is NPYWriter's arrays packed into a stored ZIP
/// archive (as `np.savez` stores them) and read back by NPZReader and NPZProblem, bit for bit.
@Suite struct NPZRoundTripTests {
    /// CRC-32 (IEEE, reflected), as ZIP stores it.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// A ZIP archive of stored (uncompressed) members.
    static func storedZip(_ members: [(String, Data)]) -> Data {
        func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
        func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * UInt32($0))) & 0xFF) } }
        var body: [UInt8] = [], directory: [UInt8] = []
        for (name, data) in members {
            let bytes = [UInt8](data), nameBytes = [UInt8](name.utf8), crc = crc32(bytes), offset = UInt32(body.count)
            let common = le16(20) + le16(0) + le16(0) + le16(0) + le16(0) + le32(crc) + le32(UInt32(bytes.count)) + le32(UInt32(bytes.count))
                + le16(nameBytes.count) + le16(0)
            body += le32(0x0403_4B50) + common + nameBytes + bytes
            directory += le32(0x0201_4B50) + le16(20) + common + le16(0) + le16(0) + le16(0) + le32(0) + le32(offset) + nameBytes
        }
        let end = le32(0x0605_4B50) + le16(0) + le16(0) + le16(members.count) + le16(members.count)
            + le32(UInt32(directory.count)) + le32(UInt32(body.count)) + le16(0)
        return Data(body + directory + end)
    }

    @Test func ourNPYArraysSurviveAnNPZArchiveBitForBit() throws {
        let a = [0.1, 0.2, 0.7], b = [1.0 / 3, 2.0 / 3]
        let cost = DenseMatrix(rows: 3, columns: 2, storage: [0, 1e-300, .pi, -2.5, 1e300, 0.1 + 0.2])
        let archive = Self.storedZip([
            ("a.npy", NPYWriter.encode(vector: a)), ("b.npy", NPYWriter.encode(vector: b)), ("M.npy", NPYWriter.encode(matrix: cost)),
        ])
        let arrays = try NPZReader.decode(archive, source: "ours.npz")
        #expect(arrays.keys.sorted() == ["M", "a", "b"])
        #expect(arrays["a"]?.values == a && arrays["b"]?.values == b)
        #expect(arrays["M"]?.shape == [3, 2] && arrays["M"]?.values == cost.storage)

        let path = TestScratch.root.appendingPathComponent("otlab-npz-\(UUID().uuidString).npz").path
        try archive.write(to: URL(fileURLWithPath: path))
        let problem = try NPZProblem.load(path: path)
        #expect(problem.a == a && problem.b == b && problem.cost == cost)
    }

    @Test func aFlippedByteIsCaughtByTheCRC() {
        var archive = [UInt8](Self.storedZip([("a.npy", NPYWriter.encode(vector: [1, 2, 3]))]))
        archive[30 + 5 + 130] ^= 0x01  // inside the member's data, past the NPY header
        expectInputError(["ours.npz: ", "bad CRC-32"]) { try NPZReader.decode(Data(archive), source: "ours.npz") }
    }
}
