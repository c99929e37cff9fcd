import Foundation
import Testing
@testable import Workbench

@Suite struct KeyBindingsTests {
    @Test func compareAndSweepKeysAreBoundAndListed() {
        #expect(KeyBindings.action(for: "m") == .toggleCompare)
        #expect(KeyBindings.action(for: "w") == .toggleSweep)
        #expect(KeyBindings.all.contains { $0.keys == "m" })
        #expect(KeyBindings.all.contains { $0.keys == "w" })
    }

    /// README's key table is written from this table: every binding has its row there.
    @Test func readmeListsEveryBinding() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        for binding in KeyBindings.all {
            #expect(text.contains("| `\(binding.keys)` | \(binding.label) |"), "README lacks the row for \(binding.keys)")
        }
    }
}
