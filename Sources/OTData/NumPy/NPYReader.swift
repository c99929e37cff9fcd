import Foundation
import OTCore

/// Reads NumPy `.npy` files (format versions 1.0, 2.0 and 3.0) holding 1-D or 2-D arrays.
///
/// Supported element types are listed in `NPYDataType`; both C and Fortran order are read and
/// returned row-major. Sizes are checked against the file length before anything is allocated,
/// so a corrupt or truncated header produces an error, never a crash or a huge allocation.
public enum NPYReader {
    /// Reads the array in the file at `path`. Only the header is read first: the shape is checked
    /// against the element limit and the file's length before the data is read (a sparse 2 GB
    /// file claiming 2^31 elements is refused after reading a few bytes), and then only the bytes
    /// the shape needs.
    public static func read(at path: String, limits: InputLimits = .current) throws(InputError) -> NPYArray {
        let head = try FileInput.prefix(of: path, count: headerReadSize)
        let layout = try layout(head, source: path, limits: limits)
        let fileSize = try FileInput.size(of: path)
        let available = fileSize - layout.dataOffset
        guard layout.byteCount <= available else {
            throw InputError(path, nil, "truncated: shape \(layout.header.shapeText) of \(layout.header.descr) needs \(layout.byteCount) bytes of data, the file has \(available)")
        }
        return try decode(FileInput.prefix(of: path, count: layout.dataOffset + layout.byteCount), source: path, limits: limits)
    }

    /// Bytes read to find the header: the preamble and a header of up to 1 MiB (NumPy writes about 128).
    static let headerReadSize = 12 + (1 << 20)

    /// What a header says about the data that follows it.
    struct Layout {
        var header: NPYHeader
        var type: NPYDataType
        /// Offset of the first data byte.
        var dataOffset: Int
        /// Number of elements (product of the shape).
        var count: Int
        /// Bytes of data the shape needs.
        var byteCount: Int
    }

    /// Parses and checks the header at the start of `data` (which may hold only a prefix of the
    /// file): element type, 1-D or 2-D, and the element count within `limits`.
    static func layout(_ data: Data, source: String, limits: InputLimits = .current) throws(InputError) -> Layout {
        let (header, dataOffset) = try parseHeader(data, source: source)

        let type: NPYDataType
        switch NPYDataType.parse(header.descr) {
        case .success(let parsed): type = parsed
        case .failure(let reason): throw InputError(source, nil, reason.explanation)
        }

        guard header.shape.count == 1 || header.shape.count == 2 else {
            let kind = header.shape.isEmpty ? "a 0-D scalar" : "a \(header.shape.count)-D array"
            throw InputError(source, nil, "holds \(kind) of shape \(header.shapeText); expected a 1-D vector or a 2-D matrix")
        }
        var count = 1
        for extent in header.shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: extent)
            guard !overflow else {
                throw InputError(source, nil, "shape \(header.shapeText) holds more than \(InputLimits.grouped(Int.max)) elements, more than the limit of \(InputLimits.grouped(limits.maximumElements)) (set OTLAB_MAX_ELEMENTS to raise it)")
            }
            count = product
        }
        try limits.requireElements(count, "shape \(header.shapeText)", source: source)
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: type.itemSize)
        guard !overflow else { throw InputError(source, nil, "shape \(header.shapeText) is too large") }
        return Layout(header: header, type: type, dataOffset: dataOffset, count: count, byteCount: byteCount)
    }

    /// Decodes the bytes of a `.npy` file; `source` names the input in errors.
    public static func decode(_ data: Data, source: String, limits: InputLimits = .current) throws(InputError) -> NPYArray {
        let layout = try layout(data, source: source, limits: limits)
        let (header, type, dataOffset, count, byteCount) = (layout.header, layout.type, layout.dataOffset, layout.count, layout.byteCount)
        let available = data.count - dataOffset
        guard byteCount <= available else {
            throw InputError(source, nil, "truncated: shape \(header.shapeText) of \(header.descr) needs \(byteCount) bytes of data, the file has \(available)")
        }

        var values = [Double](repeating: 0, count: count)
        // Read straight from the file's bytes: no second copy of a possibly large matrix.
        data.withUnsafeBytes { raw in
            values.withUnsafeMutableBufferPointer { out in
                convert(raw, from: dataOffset, count: count, type: type, into: out)
            }
        }
        if header.fortranOrder, header.shape.count == 2 {
            values = transposedFromColumnMajor(values, rows: header.shape[0], columns: header.shape[1])
        }
        return NPYArray(shape: header.shape, values: values)
    }

    /// Reads the header and returns it with the offset of the first data byte.
    static func parseHeader(_ data: Data, source: String) throws(InputError) -> (NPYHeader, Int) {
        let bytes = [UInt8](data.prefix(12))
        guard bytes.count >= 10, Array(bytes[0..<6]) == NPYHeader.magic else {
            throw InputError(source, nil, "not a NumPy .npy file (it does not start with \\x93NUMPY)")
        }
        let major = bytes[6], minor = bytes[7]
        let lengthStart: Int, lengthSize: Int
        switch major {
        case 1: (lengthStart, lengthSize) = (8, 2)
        case 2, 3: (lengthStart, lengthSize) = (8, 4)
        default:
            throw InputError(source, nil, "NPY format version \(major).\(minor) is not supported; expected 1.0, 2.0 or 3.0")
        }
        guard data.count >= lengthStart + lengthSize else {
            throw InputError(source, nil, "truncated: the file ends inside the NPY header")
        }
        var headerLength = 0
        for k in 0..<lengthSize { headerLength |= Int(bytes[lengthStart + k]) << (8 * k) }
        let headerStart = lengthStart + lengthSize
        guard headerLength <= headerReadSize - 12 else {
            throw InputError(source, nil, "the NPY header claims \(headerLength) bytes; expected at most \(headerReadSize - 12) (NumPy writes about 128)")
        }
        guard headerLength <= data.count - headerStart else {
            throw InputError(source, nil, "truncated: the NPY header claims \(headerLength) bytes, the file has \(data.count - headerStart) after the preamble")
        }
        let first = data.startIndex + headerStart
        let headerBytes = [UInt8](data[first..<(first + headerLength)])
        let text: String
        if major == 3 {
            guard let decoded = String(bytes: headerBytes, encoding: .utf8) else {
                throw InputError(source, nil, "the NPY header is not valid UTF-8")
            }
            text = decoded
        } else {
            guard let decoded = String(bytes: headerBytes, encoding: .isoLatin1) else {
                throw InputError(source, nil, "the NPY header is not valid Latin-1 text")
            }
            text = decoded
        }
        switch NPYHeader.parse(dictionary: text) {
        case .success(let header): return (header, headerStart + headerLength)
        case .failure(let problem): throw InputError(source, "header", problem.message)
        }
    }

    /// Converts `count` elements of `type` starting at `offset` into doubles.
    private static func convert(_ raw: UnsafeRawBufferPointer, from offset: Int, count: Int, type: NPYDataType,
                                into out: UnsafeMutableBufferPointer<Double>) {
        let size = type.itemSize
        for k in 0..<count {
            let at = offset + k * size
            let value: Double
            switch type {
            case .float64: value = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)))
            case .float32: value = Double(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self))))
            case .int64: value = Double(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: Int64.self)))
            case .int32: value = Double(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: Int32.self)))
            case .int16: value = Double(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: Int16.self)))
            case .int8: value = Double(Int8(bitPattern: raw[at]))
            case .uint64: value = Double(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)))
            case .uint32: value = Double(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
            case .uint16: value = Double(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt16.self)))
            case .uint8: value = Double(raw[at])
            case .bool: value = raw[at] == 0 ? 0 : 1
            }
            out[k] = value
        }
    }

    /// Row-major copy of a matrix stored column-major.
    private static func transposedFromColumnMajor(_ values: [Double], rows: Int, columns: Int) -> [Double] {
        // An empty matrix may still claim an absurd extent, e.g. shape (0, 10^14): looping over its
        // columns would hang (found while writing the fuzz harness), and there is nothing to move.
        guard !values.isEmpty else { return values }
        var result = [Double](repeating: 0, count: values.count)
        for j in 0..<columns {
            for i in 0..<rows { result[i * columns + j] = values[j * rows + i] }
        }
        return result
    }
}
