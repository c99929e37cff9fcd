import Foundation

/// Where the tests' reference values live and how they are read: JSON files written by the scripts
/// that ran POT or numpy, committed as data so `swift test` never needs Python. Files in a test
/// bundle (`Bundle.module`, one per test target) are read by URL; files read in place from the
/// checkout (`Tests/Reference/...`, `presets/`) by their path in it. One place, so every reference
/// loader decodes the same way and finds the checkout the same way.
public enum ReferenceFiles {
    /// The checkout's root folder, found from this file's path (`Tests/TestReference/` below it).
    public static let checkout = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The file at `path`, relative to the checkout's root (e.g. `presets/welcome.yaml`).
    public static func url(_ path: String) -> URL { checkout.appendingPathComponent(path) }

    /// The JSON file at `url` decoded as a `T`.
    public static func decode<T: Decodable>(_ type: T.Type, from url: URL) throws -> T {
        try JSONDecoder().decode(type, from: Data(contentsOf: url))
    }

    /// The JSON file at `path` in the checkout decoded as a `T`.
    public static func decode<T: Decodable>(_ type: T.Type, checkoutPath path: String) throws -> T {
        try decode(type, from: url(path))
    }
}
