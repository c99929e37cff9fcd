import Foundation
import Testing

/// The README stays a short door (at most 300 lines) and links every page of docs/.
@Suite struct DocumentationTests {
    @Test func readmeIsShortAndLinksEveryDocsPage() throws {
        let root = OtlabProcess.repositoryRoot
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(lines <= 300, "README.md has \(lines) lines; move maintainer detail to docs/")
        let pages = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)
            .filter { $0.hasSuffix(".md") }
        #expect(pages.count >= 6)
        for page in pages {
            #expect(readme.contains("(docs/\(page))"), "README.md does not link docs/\(page)")
        }
        #expect(readme.contains("(docs/man/otlab.1)"))
    }
}
