import Foundation
import OTCore

/// The one size policy of every reader: how large an input may be, checked from its header (or its
/// length on disk) before anything in proportion to it is allocated.
///
/// Every reader derives the number of elements its input will become from what it has read so far
/// (an NPY shape, an NPZ member's header, a picture's width x height, a CSV file's length and
/// rows x columns) and refuses anything over these limits with both numbers, instead of allocating
/// and being killed. The defaults are sized for a 24 GB machine: the largest accepted input takes
/// a few GB while it is read (the bytes of the file, the doubles, one transposed copy), so two
/// inputs and a cost matrix still fit.
///
/// Each limit can be changed with an environment variable holding a positive whole number:
///
/// | limit | variable | default |
/// |---|---|---|
/// | numbers in one array, matrix or point cloud | `OTLAB_MAX_ELEMENTS` | 268,435,456 (2 GiB of doubles) |
/// | pixels in one picture | `OTLAB_MAX_PIXELS` | 67,108,864 (8192 x 8192) |
/// | bytes of one input file read whole (CSV, pictures, NPZ, stdin) | `OTLAB_MAX_FILE_BYTES` | 2,147,483,648 (2 GiB) |
/// | bytes inflated from one NPZ archive, all members used together | `OTLAB_MAX_INFLATED_BYTES` | 4,294,967,296 (4 GiB) |
///
/// A preset file is a few kilobytes; it is refused above `maximumPresetBytes` (1 MiB, fixed).
public struct InputLimits: Sendable, Equatable {
    /// Numbers in one array, matrix or point cloud read from a file (each becomes an 8-byte double).
    public var maximumElements: Int
    /// Pixels in one picture (width x height), checked from the header before decoding.
    public var maximumPixels: Int
    /// Bytes of one input that is read whole: CSV/TSV/text, PNG, JPEG, Netpbm, NPZ, standard input.
    /// (An `.npy` reads only its header and the data its shape needs.)
    public var maximumFileBytes: Int
    /// Bytes inflated from one `.npz` archive, over all the members that are used.
    public var maximumInflatedBytes: Int

    public init(maximumElements: Int = 1 << 28, maximumPixels: Int = 1 << 26,
                maximumFileBytes: Int = 1 << 31, maximumInflatedBytes: Int = 1 << 32) {
        self.maximumElements = maximumElements
        self.maximumPixels = maximumPixels
        self.maximumFileBytes = maximumFileBytes
        self.maximumInflatedBytes = maximumInflatedBytes
    }

    /// The defaults, for a 24 GB machine.
    public static let defaults = InputLimits()

    /// The largest preset file accepted (presets are a few kilobytes).
    public static let maximumPresetBytes = 1 << 20

    /// The environment variables, with the limit each one sets.
    static var variables: [(name: String, keyPath: WritableKeyPath<InputLimits, Int>)] {
        [("OTLAB_MAX_ELEMENTS", \.maximumElements),
         ("OTLAB_MAX_PIXELS", \.maximumPixels),
         ("OTLAB_MAX_FILE_BYTES", \.maximumFileBytes),
         ("OTLAB_MAX_INFLATED_BYTES", \.maximumInflatedBytes)]
    }

    /// The limits set by `environment` (the defaults for variables that are not set).
    public static func from(environment: [String: String]) throws(InputError) -> InputLimits {
        var limits = InputLimits.defaults
        for (name, keyPath) in variables {
            guard let text = environment[name] else { continue }
            let trimmed = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
            guard let value = Int(trimmed), value >= 1 else {
                throw InputError(name, nil, "\"\(DisplayText.excerpt(text, limit: 40))\" is not a limit; expected a whole number >= 1")
            }
            limits[keyPath: keyPath] = value
        }
        return limits
    }

    /// The limits of this process: the environment's, or the defaults where a variable is not a
    /// valid number (the command line refuses such a variable at start, see `validateEnvironment`).
    public static let current: InputLimits =
        (try? from(environment: ProcessInfo.processInfo.environment)) ?? .defaults

    /// Throws for an environment variable that does not hold a valid limit.
    public static func validateEnvironment() throws(InputError) {
        _ = try from(environment: ProcessInfo.processInfo.environment)
    }

    /// "268,435,456": a count with thousands separators, for messages.
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return value < 0 ? "-" + result : result
    }

    /// Throws unless `count` numbers fit the element limit; `what` says what they are.
    public func requireElements(_ count: Int, _ what: String, source: String, location: String? = nil) throws(InputError) {
        guard count > maximumElements else { return }
        throw InputError(source, location, "\(what) holds \(Self.grouped(count)) numbers, more than the limit of \(Self.grouped(maximumElements)) (set OTLAB_MAX_ELEMENTS to raise it)")
    }

    /// Throws unless a `width x height` picture fits the pixel limit.
    public func requirePixels(width: Int, height: Int, source: String) throws(InputError) {
        let (count, overflow) = width.multipliedReportingOverflow(by: height)
        guard overflow || count > maximumPixels else { return }
        let pixels = overflow ? "more than \(Self.grouped(Int.max))" : Self.grouped(count)
        throw InputError(source, "header", "size \(width) x \(height) is \(pixels) pixels, more than the limit of \(Self.grouped(maximumPixels)) (set OTLAB_MAX_PIXELS to raise it)")
    }

    /// Throws unless a file of `byteCount` bytes fits the file-size limit.
    public func requireFileBytes(_ byteCount: Int, source: String) throws(InputError) {
        guard byteCount > maximumFileBytes else { return }
        throw InputError(source, nil, "is \(Self.grouped(byteCount)) bytes, more than the limit of \(Self.grouped(maximumFileBytes)) for an input read whole (set OTLAB_MAX_FILE_BYTES to raise it)")
    }
}
