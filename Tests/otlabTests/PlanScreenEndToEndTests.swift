import Foundation
import Testing

/// The plan pane and the convergence chart on the real binary at 120x36, read with colour
/// (`tmux capture-pane -e`): with a large reg the plan is essentially a ⊗ b and its body must be
/// one colour; the inspect cursor and the crosshair read values off the screen.
@Suite(.serialized) struct PlanScreenEndToEndTests {
    /// One screen cell as tmux printed it: the glyph with its foreground and background SGR codes.
    struct ScreenCell: Equatable {
        var glyph: Character
        var foreground: String
        var background: String
    }

    /// Splits `capture-pane -e -p` output into rows of cells, following SGR colour changes.
    static func cells(_ capture: String) -> [[ScreenCell]] {
        capture.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var row: [ScreenCell] = []
            var foreground = "", background = ""
            var characters = Array(line)[...]
            while let c = characters.first {
                characters = characters.dropFirst()
                guard c == "\u{1B}" else {
                    row.append(ScreenCell(glyph: c, foreground: foreground, background: background))
                    continue
                }
                guard characters.first == "[" else { continue }
                characters = characters.dropFirst()
                var body = ""
                while let d = characters.first, !d.isLetter { body.append(d); characters = characters.dropFirst() }
                let final = characters.first
                characters = characters.dropFirst()
                guard final == "m" else { continue }
                var codes = body.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }[...]
                if codes.isEmpty { codes = [0] }
                while let code = codes.first {
                    codes = codes.dropFirst()
                    switch code {
                    case 0: foreground = ""; background = ""
                    case 38, 48:
                        let count = codes.first == 2 ? 4 : 2
                        let value = codes.prefix(count).map(String.init).joined(separator: ":")
                        codes = codes.dropFirst(count)
                        if code == 38 { foreground = value } else { background = value }
                    case 39: foreground = ""
                    case 49: background = ""
                    case 30...37, 90...97: foreground = "\(code)"
                    case 40...47, 100...107: background = "\(code)"
                    default: break
                    }
                }
            }
            return row
        }
    }

    @Test(.enabled(if: TmuxSession.isAvailable, "needs tmux"))
    func largeRegPlanIsOneColourAndInspectReadsIt() throws {
        let session = try TmuxSession(command: "'\(OtlabProcess.executable.path)'", width: 120, height: 36, directory: OtlabProcess.repositoryRoot)
        try #require(session.waitFor(timeout: 30) { $0.contains("▀") && $0.contains("Transport plan") } != nil,
                     "workbench did not come up:\n\(session.screen())")
        session.send("e")
        try #require(session.waitFor(timeout: 20) { $0.contains("Parameters of") } != nil)
        session.send("BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "BSpace")
        session.send("1000")
        session.send("Enter")
        let done = try #require(session.waitFor(timeout: 30) { $0.contains("converged") && !$0.contains("Parameters of")
                                    && $0.split(separator: "\n").contains { $0.contains("│reg ") && $0.contains(" 1000 ") } },
                                "the reg 1000 run did not converge:\n\(session.screen())")

        // The plan pane's frame (focused: heavy lines) gives its inner area; the body is what is
        // left of it after the row strip (2 columns), the column strip (1 row) and the bar (12).
        let plain = done.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        let titleRow = try #require(plain.firstIndex { String($0).contains("Transport plan") })
        let left = try #require(plain[titleRow].firstIndex(of: "┏")), right = try #require(plain[titleRow].firstIndex(of: "┓"))
        let bottom = try #require(plain.indices.first { $0 > titleRow && plain[$0].indices.contains(left) && plain[$0][left] == "┗" })
        let inner = (x: left + 1, y: titleRow + 1, width: right - left - 1, height: bottom - titleRow - 1)
        let body = (x: inner.x + 2, y: inner.y + 1, width: inner.width - 2 - 12, height: inner.height - 1)
        #expect(body.width >= 30 && body.height >= 10)

        let capture = try session.tmux(["capture-pane", "-e", "-p"])
        let screen = Self.cells(capture)
        var colours: [String: Int] = [:]
        for y in body.y..<(body.y + body.height) {
            for x in body.x..<(body.x + body.width) {
                let cell = screen[y][x]
                #expect(cell.glyph == "▀", "body cell \(x),\(y) is \(cell.glyph)")
                colours["\(cell.foreground)/\(cell.background)", default: 0] += 1
            }
        }
        #expect(colours.count == 1, "body colours \(colours)")
        // The column strip over the body: one colour, exactly as wide.
        let strip = (0..<screen[inner.y].count).filter { screen[inner.y][$0].glyph == "▀" }
        #expect(strip == Array(body.x..<(body.x + body.width)))
        #expect(Set(strip.map { "\(screen[inner.y][$0].foreground)/\(screen[inner.y][$0].background)" }).count == 1)

        // The inspect cursor (arrows on the focused plan) shows the block's value: about 1.
        session.send("Right")
        let inspected = try #require(session.waitFor(timeout: 10) { $0.contains("P/(ab) ") && $0.contains("rows ") && $0.contains("cols ") },
                                     "no inspect readout:\n\(session.screen())")
        // The readout's first line, "P/(ab) VALUE  P MASS" (the pane title also says "P/(ab)").
        let readouts = inspected.split(separator: "\n").compactMap { row -> Substring? in
            guard let marker = row.range(of: "P/(ab) "), row[marker.upperBound...].first?.isNumber == true else { return nil }
            return row[marker.upperBound...]
        }
        let line = try #require(readouts.first)
        let value = try #require(Double(String(line.prefix { $0 != " " })))
        #expect(abs(value - 1) < 0.1, "density \(value)")

        // The crosshair on the focused chart reads off a record.
        session.send("3")
        session.send("Left")
        #expect(session.waitFor(timeout: 10) { $0.contains("it ") && $0.contains("  error ") && $0.contains("objective ") } != nil,
                "no crosshair readout:\n\(session.screen())")

        session.send("q")
        #expect(session.exitStatus(timeout: 15) == 0)
    }

    /// An X10 mouse report as tmux's terminfo sends it: button code, then 0-based column and row.
    static func x10(_ code: Int, _ x: Int, _ y: Int) -> String {
        "\u{1B}[M" + String(UnicodeScalar(UInt8(32 + code))) + String(UnicodeScalar(UInt8(33 + x))) + String(UnicodeScalar(UInt8(33 + y)))
    }

    /// At 80 x 24 on the real binary: the pointer hovering over the plan (motion reports, mode 1003)
    /// shows the inspect readout whole, wrapped inside the pane; moving off takes it away; the
    /// wheel (X10 buttons 64/65) scrolls the explanation to its end and the statistics down.
    @Test(.enabled(if: TmuxSession.isAvailable, "needs tmux"))
    func hoverInspectsThePlanAndTheWheelScrollsAtEightyColumns() throws {
        let session = try TmuxSession(command: "'\(OtlabProcess.executable.path)'", width: 80, height: 24, directory: OtlabProcess.repositoryRoot)
        let first = try #require(session.waitFor(timeout: 30) { $0.contains("▀") && $0.contains("Transport plan") && $0.contains("converged") },
                                 "workbench did not come up and converge:\n\(session.screen())")
        let plain = first.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        let titleRow = try #require(plain.firstIndex { String($0).contains("Transport plan") })
        let line = plain[titleRow]
        let title = try #require(line.indices.first { String(line[$0...]).hasPrefix("2 Transport plan") })
        let left = try #require(line.indices.last { $0 < title && (line[$0] == "┌" || line[$0] == "┏") })
        // The body starts 2 columns and 1 row inside the frame; hover a few cells into it.
        session.send("-l", Self.x10(35, left + 6, titleRow + 4))
        let hovered = try #require(session.waitFor(timeout: 15) { screen in
            screen.contains("rows ") && screen.contains("cols ") && screen.components(separatedBy: "mean (").count == 3
        }, "no hover readout:\n\(session.screen())")
        let rows = hovered.split(separator: "\n").map(String.init)
        for row in rows where row.contains("mean (") {
            #expect(row[row.range(of: "mean (")!.upperBound...].contains(")"), "a coordinate cut short: \(row)")
        }
        #expect(rows.contains { $0.range(of: #"P/\(ab\) [0-9]"#, options: .regularExpression) != nil }, "\(hovered)")
        // Off the plan (over the statistics pane) the hover readout goes.
        session.send("-l", Self.x10(35, 60, 5))
        #expect(session.waitFor(timeout: 15) { !$0.contains("rows ") && !$0.contains("mean (") } != nil, "\(session.screen())")

        // The wheel over the statistics pane scrolls it: its border then counts lines above.
        session.send("-l", Self.x10(65, 60, 5))
        #expect(session.waitFor(timeout: 15) { $0.contains("▲ ") } != nil, "the wheel did not scroll the statistics:\n\(session.screen())")
        // The explanation (E) scrolls to its end under the wheel.
        session.send("E")
        try #require(session.waitFor(timeout: 15) { $0.contains("What to watch") && $0.contains("more (") } != nil, "\(session.screen())")
        let explanationRow = try #require(session.screen().split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("What to watch") })
        for _ in 0..<8 { session.send("-l", Self.x10(65, 10, explanationRow + 3)) }
        #expect(session.waitFor(timeout: 15) { screen in
            screen.split(separator: "\n").contains { $0.contains("above · end") && $0.hasPrefix("└") }
        } != nil, "the wheel did not reach the explanation's end:\n\(session.screen())")
        session.send("-l", Self.x10(64, 10, explanationRow + 3))
        #expect(session.waitFor(timeout: 15) { !$0.contains("above · end") } != nil, "wheel up did not scroll back")

        session.send("q")
        #expect(session.exitStatus(timeout: 15) == 0)
    }
}
