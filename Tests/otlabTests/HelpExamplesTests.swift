import Foundation
import Testing

/// Every subcommand's help ends with examples of itself (HelpExamples), which the man page and
/// shell users read; a new subcommand without examples fails here.
@Suite struct HelpExamplesTests {
    @Test func everySubcommandHasExamples() throws {
        let overview = try OtlabProcess.run(["--help"])
        #expect(overview.status == 0)
        let lines = overview.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex { $0.hasPrefix("SUBCOMMANDS:") })
        let names = lines[(start + 1)...].compactMap { line -> String? in
            guard line.hasPrefix("  "), !line.hasPrefix("   "), let word = line.split(separator: " ").first,
                  word.first?.isLowercase == true else { return nil }
            return String(word)
        }.filter { $0 != "help" }
        #expect(names.count >= 10, "subcommands: \(names)")
        for name in names {
            let help = try OtlabProcess.run(["help", name])
            #expect(help.status == 0, "otlab help \(name): \(help.stderr)")
            #expect(help.stdout.contains("Examples:") && help.stdout.contains("otlab \(name)"),
                    "otlab help \(name) shows no example of itself (add them with HelpExamples.discussion)")
        }
    }

    /// The committed man page (docs/man/otlab.1, made by scripts/make-man.sh) names every subcommand
    /// and every long flag `--help` shows: regenerate it when this fails.
    @Test func manPageIsCurrent() throws {
        let page = try String(contentsOf: OtlabProcess.repositoryRoot.appendingPathComponent("docs/man/otlab.1"), encoding: .utf8)
        let overview = try OtlabProcess.run(["--help"]).stdout
        let lines = overview.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex { $0.hasPrefix("SUBCOMMANDS:") })
        let names = lines[(start + 1)...].compactMap { line -> String? in
            guard line.hasPrefix("  "), !line.hasPrefix("   "), let word = line.split(separator: " ").first,
                  word.first?.isLowercase == true, word != "help" else { return nil }
            return String(word)
        }
        for name in names {
            #expect(page.contains(".It Em \(name)\n"), "docs/man/otlab.1 lacks the subcommand \(name): run scripts/make-man.sh")
            let help = try OtlabProcess.run(["help", name]).stdout
            let flags = help.split(separator: "\n").compactMap { line -> String? in
                let words = line.split(separator: " ")
                guard let first = words.first, first.hasPrefix("--"), line.hasPrefix("  --") else { return nil }
                return String(first.dropFirst(2).split(separator: ",").first ?? "")
            }.filter { !["help", "version"].contains($0) }
            for flag in flags {
                #expect(page.contains("Fl -\(flag)"), "docs/man/otlab.1 lacks \(name) --\(flag): run scripts/make-man.sh")
            }
        }
    }
}
