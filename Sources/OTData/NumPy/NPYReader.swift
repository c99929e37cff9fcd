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
    ///
    /// A file on disk is read in one pass: little-endian doubles in C order (POT's `M.npy`) go
    /// straight from the file into the array's storage, other types through a 1 MiB buffer that is
    /// converted as it is read. (Issue 20: until then the file was read into `Data` in 1 MiB
    /// appends and converted afterwards; `otlab bench --formation` times both at n = 1000.)
    public static func read(at path: String, limits: InputLimits = .current) throws(InputError) -> NPYArray {
        guard FileInput.isDirectFile(path) else { return try readBuffered(at: path, limits: limits) }
        let fileSize = try FileInput.size(of: path)
        let file = try FileInput.DirectFile(path)
        // NumPy writes a header of about 128 bytes: read 4 KiB, and more only when it claims more.
        var head = try file.bytes(min(fileSize, headerProbeSize), at: 0)
        if let end = headerEnd(head), end > head.count, end <= headerReadSize, end <= fileSize {
            head.append(try file.bytes(end - head.count, at: head.count))
        }
        let layout = try layout(head, source: path, limits: limits)
        let available = fileSize - layout.dataOffset
        guard layout.byteCount <= available else {
            throw InputError(path, nil, "truncated: shape \(layout.header.shapeText) of \(layout.header.descr) needs \(layout.byteCount) bytes of data, the file has \(available)")
        }
        var failure: InputError?
        var values = LargeBuffer.doubles(count: layout.count) { out in
            do throws(InputError) {
                try fill(out, from: file, layout: layout)
            } catch {
                // The values are dropped below; zeros keep them initialized until then.
                failure = error
                out.update(repeating: 0)
            }
        }
        if let failure { throw failure }
        if layout.header.fortranOrder, layout.header.shape.count == 2 {
            values = transposedFromColumnMajor(values, rows: layout.header.shape[0], columns: layout.header.shape[1])
        }
        return NPYArray(shape: layout.header.shape, values: values)
    }

    /// Standard input and built-in files: the header, then the bytes the shape needs, as `Data`,
    /// then converted (two passes; how every file was read until issue 20, and the baseline that
    /// `otlab bench --formation` times `read(at:)` against).
    public static func readBuffered(at path: String, limits: InputLimits) throws(InputError) -> NPYArray {
        let head = try FileInput.prefix(of: path, count: headerReadSize)
        let layout = try layout(head, source: path, limits: limits)
        let fileSize = try FileInput.size(of: path)
        let available = fileSize - layout.dataOffset
        guard layout.byteCount <= available else {
            throw InputError(path, nil, "truncated: shape \(layout.header.shapeText) of \(layout.header.descr) needs \(layout.byteCount) bytes of data, the file has \(available)")
        }
        return try decode(FileInput.prefix(of: path, count: layout.dataOffset + layout.byteCount), source: path, limits: limits)
    }

    /// Bytes read first for the header of a file on disk.
    static let headerProbeSize = 4096

    /// Where the header that `head` begins ends (the offset of the first data byte), from its
    /// preamble alone; nil when `head` is too short or not an NPY preamble (`layout` says why).
    static func headerEnd(_ head: Data) -> Int? {
        let bytes = [UInt8](head.prefix(12))
        guard bytes.count >= 12, Array(bytes[0..<6]) == NPYHeader.magic else { return nil }
        switch bytes[6] {
        case 1: return 10 + (Int(bytes[8]) | Int(bytes[9]) << 8)
        case 2, 3: return 12 + (Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24)
        default: return nil
        }
    }

    /// Reads the data `layout` describes from `file` into `out` (`layout.count` doubles).
    private static func fill(_ out: UnsafeMutableBufferPointer<Double>, from file: FileInput.DirectFile, layout: Layout) throws(InputError) {
        guard layout.count > 0 else { return }
        func truncated(_ got: Int) -> InputError {
            InputError(file.path, nil, "truncated: shape \(layout.header.shapeText) of \(layout.header.descr) needs \(layout.byteCount) bytes of data, the file has \(got)")
        }
        #if _endian(little)
        if layout.type == .float64 {
            // Little-endian doubles are the array's own bytes: one read, no conversion.
            let got = try file.read(into: UnsafeMutableRawBufferPointer(out), at: layout.dataOffset)
            guard got == layout.byteCount else { throw truncated(got) }
            return
        }
        #endif
        let size = layout.type.itemSize
        let chunkElements = max(1, (1 << 20) / size)
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: min(layout.byteCount, chunkElements * size), alignment: 16)
        defer { scratch.deallocate() }
        var done = 0
        while done < layout.count {
            let elements = min(chunkElements, layout.count - done)
            let want = elements * size
            let got = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: scratch[0..<want]), at: layout.dataOffset + done * size)
            guard got == want else { throw truncated(done * size + got) }
            convert(UnsafeRawBufferPointer(scratch), from: 0, count: elements, type: layout.type, into: out.baseAddress! + done)
            done += elements
        }
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
                if count > 0 { convert(raw, from: dataOffset, count: count, type: type, into: out.baseAddress!) }
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

    /// Converts `count` elements of `type` starting at `offset` into doubles. One loop per type
    /// (the type is decided once, not per element).
    private static func convert(_ raw: UnsafeRawBufferPointer, from offset: Int, count: Int, type: NPYDataType,
                                into out: UnsafeMutablePointer<Double>) {
        @inline(__always)
        func each<T: FixedWidthInteger>(_: T.Type, _ value: (T) -> Double) {
            let size = MemoryLayout<T>.size
            for k in 0..<count { out[k] = value(T(littleEndian: raw.loadUnaligned(fromByteOffset: offset + k * size, as: T.self))) }
        }
        switch type {
        case .float64: each(UInt64.self) { Double(bitPattern: $0) }
        case .float32: each(UInt32.self) { Double(Float(bitPattern: $0)) }
        case .int64: each(Int64.self) { Double($0) }
        case .int32: each(Int32.self) { Double($0) }
        case .int16: each(Int16.self) { Double($0) }
        case .int8: each(Int8.self) { Double($0) }
        case .uint64: each(UInt64.self) { Double($0) }
        case .uint32: each(UInt32.self) { Double($0) }
        case .uint16: each(UInt16.self) { Double($0) }
        case .uint8: each(UInt8.self) { Double($0) }
        case .bool: each(UInt8.self) { $0 == 0 ? 0 : 1 }
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
