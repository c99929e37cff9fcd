import Foundation
import Testing

/// The real binary in tmux at 120 x 36: everything a person needs can be found and read whole (the
/// hint bar's way to help and out, the explanation to its last line), and a non-UTF-8 locale shows
/// plain ASCII instead of `?` marks.
@Suite(.serialized) struct ReadingEndToEndTests {
    static func lastLine(_ screen: String) -> String {
        String(screen.split(separator: "\n", omittingEmptySubsequences: false).last { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? "")
    }

    @Test(.enabled(if: TmuxSession.isAvailable, "needs tmux"))
    func hintBarShowsHelpAndQuitAndTheExplanationScrollsToItsEnd() throws {
        let session = try TmuxSession(command: "'\(OtlabProcess.executable.path)' --preset welcome", width: 120, height: 36,
                                      directory: OtlabProcess.repositoryRoot)
        let first = try #require(session.waitFor(timeout: 20) { $0.contains("Transport plan") && Self.lastLine($0).hasSuffix("q  quit") },
                                 "workbench did not come up:\n\(session.screen())")
        let hints = Self.lastLine(first)
        #expect(hints.contains("?  help") && hints.contains("E  explain") && hints.contains("space  pause"), "\(hints)")

        // E: the explanation opens with its start and says there is more; PgDn reaches its last words.
        session.send("E")
        let opened = try #require(session.waitFor(timeout: 10) { $0.contains("What to watch") && $0.contains("▼ more (") },
                                  "explanation did not open with a 'more' mark:\n\(session.screen())")
        #expect(opened.contains("Two clouds of 300 points"))
        #expect(!opened.contains("keep this run for comparison."))
        for _ in 0..<6 { session.send("NPage") }
        let end = session.waitFor(timeout: 10) { $0.contains("keep this run for comparison.") && $0.contains("above · end") }
        #expect(end != nil, "the explanation's last line never showed:\n\(session.screen())")
        // The chart keeps rows above the explanation.
        #expect(session.screen().contains("3 Convergence"))

        session.send("q")
        #expect(session.exitStatus(timeout: 15) == 0)
    }

    /// Under LANG=C every character on screen is ASCII and no `?` stands for a glyph: the same screens
    /// under C.UTF-8 hold exactly as many question marks (outside the status line, which carries the
    /// locale notice), and the status line's only `?` is the help key.
    @Test(.enabled(if: TmuxSession.isAvailable, "needs tmux"))
    func nonUTF8LocaleDrawsASCIIWithoutQuestionMarks() throws {
        var screens: [String: [String]] = [:]
        for locale in ["C", "C.UTF-8"] {
            let session = try TmuxSession(command: "env LANG=\(locale) LC_ALL=\(locale) '\(OtlabProcess.executable.path)' --preset welcome",
                                          width: 120, height: 36, directory: OtlabProcess.repositoryRoot)
            let base = try #require(session.waitFor(timeout: 20) { $0.contains("Transport plan") && $0.contains("Statistics") && Self.lastLine($0).contains("q  quit") },
                                    "workbench did not come up under \(locale):\n\(session.screen())")
            session.send("E")
            let explained = try #require(session.waitFor(timeout: 10) { $0.contains("What to watch") })
            session.send("?")
            let help = try #require(session.waitFor(timeout: 10) { $0.contains("Help") && $0.contains("keep this run for comparison") })
            screens[locale] = [base, explained, help]
            session.send("Escape")
            session.send("q")
            #expect(session.exitStatus(timeout: 15) == 0)
        }
        let ascii = try #require(screens["C"]), unicode = try #require(screens["C.UTF-8"])
        for (index, (plain, rich)) in zip(ascii, unicode).enumerated() {
            #expect(plain.unicodeScalars.allSatisfy { $0.isASCII }, "screen \(index) under LANG=C holds non-ASCII")
            let body = { (screen: String) in screen.split(separator: "\n", omittingEmptySubsequences: false).dropLast(2).joined(separator: "\n") }
            let plainMarks = body(plain).filter { $0 == "?" }.count, richMarks = body(rich).filter { $0 == "?" }.count
            #expect(plainMarks == richMarks, "screen \(index): \(plainMarks) '?' under LANG=C, \(richMarks) under UTF-8:\n\(plain)")
            let status = Self.lastLine(plain).replacingOccurrences(of: "?  help", with: "").replacingOccurrences(of: "Esc / ?", with: "")
            #expect(!status.contains("?"), "status line: \(Self.lastLine(plain))")
        }
        #expect(ascii[0].contains("otlab - ") && unicode[0].contains("otlab · "))
    }
}
