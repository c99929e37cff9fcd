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

    /// The full key table in docs/workbench.md is written from this table: every binding has its row
    /// there. (The README keeps a shorter two-column summary.)
    @Test func workbenchPageListsEveryBinding() throws {
        let page = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/workbench.md")
        let text = try String(contentsOf: page, encoding: .utf8)
        for binding in KeyBindings.all {
            #expect(text.contains("| `\(binding.keys)` | \(binding.label) |"), "docs/workbench.md lacks the row for \(binding.keys)")
        }
    }
}
