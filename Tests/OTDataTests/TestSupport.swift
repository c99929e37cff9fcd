import Foundation
import Testing
import OTCore
import TestScratch

/// The description of the `InputError` that `body` throws, or nil when it succeeds.
func inputErrorText<T>(_ body: () throws -> T) -> String? {
    do {
        _ = try body()
        return nil
    } catch let error as InputError {
        return error.description
    } catch {
        return "unexpected non-InputError: \(error)"
    }
}

/// Expects `body` to throw an `InputError` whose description contains every fragment.
func expectInputError<T>(_ fragments: [String], sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> T) {
    guard let text = inputErrorText(body) else {
        Issue.record("expected an InputError containing \(fragments), but it succeeded", sourceLocation: sourceLocation)
        return
    }
    for fragment in fragments where !text.contains(fragment) {
        Issue.record("error \"\(text)\" does not contain \"\(fragment)\"", sourceLocation: sourceLocation)
    }
}

/// A fresh, empty directory under the system's temporary directory.
func temporaryDirectory() -> URL {
    let url = TestScratch.root.appendingPathComponent("otdata-tests-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Writes `text` to a file named `name` in a fresh temporary directory and returns its path.
func writeTemporaryFile(_ name: String, _ text: String) -> String {
    let url = temporaryDirectory().appendingPathComponent(name)
    try? Data(text.utf8).write(to: url)
    return url.path
}

/// The path of a committed fixture file.
func fixturePath(_ name: String) -> String {
    guard let directory = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
        return "missing-fixtures-directory/\(name)"
    }
    return directory.appendingPathComponent(name).path
}
