/// The element types otlab reads from `.npy` files, all converted to `Double`.
///
/// Little-endian (or byte-order-free one-byte) floats, signed and unsigned integers, and booleans.
/// `=` (native order) is accepted as little-endian, which every platform otlab runs on is.
/// Complex numbers, strings, objects, structured records, half floats and big-endian data are
/// rejected with a message that names the descriptor found.
public enum NPYDataType: String, Sendable, CaseIterable {
    case float64 = "<f8"
    case float32 = "<f4"
    case int64 = "<i8"
    case int32 = "<i4"
    case int16 = "<i2"
    case int8 = "|i1"
    case uint64 = "<u8"
    case uint32 = "<u4"
    case uint16 = "<u2"
    case uint8 = "|u1"
    case bool = "|b1"

    /// Bytes per element.
    public var itemSize: Int {
        switch self {
        case .float64, .int64, .uint64: 8
        case .float32, .int32, .uint32: 4
        case .int16, .uint16: 2
        case .int8, .uint8, .bool: 1
        }
    }

    /// The supported descriptors, for error messages.
    public static var supportedList: String {
        allCases.map(\.rawValue).joined(separator: ", ")
    }

    /// The type for a NumPy `descr` string, or a sentence saying why it is not supported.
    public static func parse(_ descr: String) -> Result<NPYDataType, UnsupportedReason> {
        var normalized = descr
        // One-byte types may carry any byte-order mark; '=' means native, which is little-endian here.
        if let first = descr.first, "<>|=".contains(first), descr.count >= 3 {
            let kind = descr.dropFirst()
            if kind.hasSuffix("1") || kind == "b1" {
                normalized = "|" + kind
            } else if first == "=" {
                normalized = "<" + kind
            }
        }
        if let type = NPYDataType(rawValue: normalized) { return .success(type) }
        return .failure(UnsupportedReason(descr: descr))
    }

    /// Why a descriptor cannot be read, in words.
    public struct UnsupportedReason: Error, Sendable, Equatable {
        public var descr: String

        public var explanation: String {
            let kind = descr.dropFirst().first
            let what: String
            switch kind {
            case "c": what = "complex numbers are not supported"
            case "U", "S", "a": what = "strings are not supported"
            case "O": what = "Python objects are not supported"
            case "V": what = "structured or void records are not supported"
            case "M", "m": what = "dates and times are not supported"
            case "f" where descr.hasSuffix("2"): what = "half precision floats are not supported; convert with a.astype('<f4')"
            default:
                if descr.hasPrefix(">") {
                    what = "big-endian data is not supported; convert with a.astype('<\(descr.dropFirst())')"
                } else {
                    what = "this element type is not supported"
                }
            }
            return "dtype '\(descr)': \(what); expected one of \(NPYDataType.supportedList)"
        }
    }
}
