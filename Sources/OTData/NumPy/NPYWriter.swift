import Foundation
import OTCore

/// Writes vectors and matrices as NumPy `.npy` files of `<f8` in C order, which `np.load` reads.
///
/// Like NumPy, the header is padded with spaces so that the data starts at a multiple of 64 bytes;
/// format version 1.0 is used unless the header needs more than 65535 bytes (then 2.0).
/// Files are written atomically (temporary file in the same directory, then rename).
public enum NPYWriter {
    /// The bytes of a 1-D `.npy` file.
    public static func encode(vector: [Double]) -> Data {
        encode(shape: [vector.count], values: vector)
    }

    /// The bytes of a 2-D `.npy` file.
    public static func encode(matrix: DenseMatrix) -> Data {
        encode(shape: [matrix.rows, matrix.columns], values: matrix.storage)
    }

    public static func write(vector: [Double], to path: String) throws(InputError) {
        try AtomicFileWriter.write(encode(vector: vector), to: path)
    }

    public static func write(matrix: DenseMatrix, to path: String) throws(InputError) {
        try AtomicFileWriter.write(encode(matrix: matrix), to: path)
    }

    /// Alignment of the data block, as NumPy uses.
    static let alignment = 64

    static func encode(shape: [Int], values: [Double]) -> Data {
        let dictionary = NPYHeader(descr: NPYDataType.float64.rawValue, fortranOrder: false, shape: shape).dictionaryText
        var version: UInt8 = 1
        var preambleSize = 6 + 2 + 2
        // The header text plus its newline must fit the 2-byte length of version 1.0.
        if padded(dictionary.utf8.count + 1, after: preambleSize) > Int(UInt16.max) {
            version = 2
            preambleSize = 6 + 2 + 4
        }
        let headerLength = padded(dictionary.utf8.count + 1, after: preambleSize)

        var data = Data(capacity: preambleSize + headerLength + values.count * 8)
        data.append(contentsOf: NPYHeader.magic)
        data.append(contentsOf: [version, 0])
        let lengthBytes = version == 1 ? 2 : 4
        for k in 0..<lengthBytes { data.append(UInt8(truncatingIfNeeded: headerLength >> (8 * k))) }
        data.append(contentsOf: Array(dictionary.utf8))
        data.append(contentsOf: [UInt8](repeating: 0x20, count: headerLength - dictionary.utf8.count - 1))
        data.append(0x0A)

        let littleEndian = values.map { $0.bitPattern.littleEndian }
        littleEndian.withUnsafeBytes { data.append(contentsOf: $0) }
        return data
    }

    /// The header length (text, padding and newline) that makes the data start on the alignment.
    private static func padded(_ minimum: Int, after preamble: Int) -> Int {
        let total = preamble + minimum
        let aligned = (total + alignment - 1) / alignment * alignment
        return aligned - preamble
    }
}
