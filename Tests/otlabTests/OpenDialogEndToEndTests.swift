import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TestScratch

/// The open dialog (`o`) on hostile files, in a real terminal: a small PNG whose header claims
/// 60000 x 60000 pixels, and a CSV with a 1 MB bad cell. The files are read off the UI thread and
/// the error is shown at once, bounded in length (the 1 MB cell used to be re-wrapped every frame,
/// 22 s a frame for 200 KB, with `q` and signals ignored); `q` still quits. And a frame that is
/// slow for any reason no longer holds SIGTERM back.
@Suite(.serialized) struct OpenDialogEndToEndTests {
    /// A PNG of a few dozen bytes whose IHDR claims `width x height` (CRCs valid, no real pixels).
    static func claimedHugePNG(width: UInt32, height: UInt32) -> Data {
        func crc32(_ bytes: [UInt8]) -> UInt32 {
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in bytes {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            }
            return ~crc
        }
        func bigEndian(_ value: UInt32) -> [UInt8] { [24, 16, 8, 0].map { UInt8((value >> $0) & 0xFF) } }
        func chunk(_ kind: String, _ body: [UInt8]) -> [UInt8] {
            let typed = Array(kind.utf8) + body
            return bigEndian(UInt32(body.count)) + typed + bigEndian(crc32(typed))
        }
        let header = bigEndian(width) + bigEndian(height) + [8, 0, 0, 0, 0]  // 8-bit grey
        let bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", header)
            + chunk("IDAT", [0x78, 0x01, 0x01, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x01]) + chunk("IEND", [])
        return Data(bytes)
    }

    /// A scratch folder with a good target cloud; removed by the caller.
    static func folder() throws -> URL {
        let folder = TestScratch.root.appendingPathComponent("otlab-open-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "x,y\n0,0\n1,1\n2,0\n".write(to: folder.appendingPathComponent("target.csv"), atomically: true, encoding: .utf8)
        return folder
    }

    /// Opens the dialog, types both paths and presses Enter; returns when the dialog is up.
    static func open(_ source: String, _ target: String, in session: TmuxSession) throws {
        try #require(session.waitFor(timeout: 30) { $0.contains("Transport plan") && $0.hasBraille } != nil,
                     "workbench did not come up:\n\(session.screen())")
        session.send("o")
        try #require(session.waitFor(timeout: 10) { $0.contains("Open files") } != nil, "no open dialog:\n\(session.screen())")
        session.send("-l", source)
        session.send("Tab")
        session.send("-l", target)
        session.send("Enter")
    }

    @Test(.enabled(if: TmuxSession.isAvailable, "needs tmux"))
    func claimedHugePictureIsRefusedAtOnceAndQStillQuits() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.claimedHugePNG(width: 60000, height: 60000).write(to: folder.appendingPathComponent("huge.png"))
        let session = try TmuxSession(command: "'\(OtlabProcess.executable.path)'", directory: folder)
        try Self.open("huge.png", "target.csv", in: session)
        let start = Date()
        let shown = try #require(session.waitFor(timeout: 30) { $0.contains("✗") && $0.contains("60000 x 60000") },
                                 "no error for the claimed 60000 x 60000 picture:\n\(session.screen())")
        print("claimed-huge PNG: error on screen after \(String(format: "%.2f", Date().timeIntervalSince(start))) s")
        #expect(shown.contains("huge.png"))
        #expect(shown.contains("Open files"), "the error is shown in the dialog")
        session.send("Escape")
        #expect(session.waitFor(timeout: 10) { !$0.contains("Open files") } != nil)
        session.send("q")
        #expect(session.exitStatus(timeout: 20) == 0)
        #expect(!session.alternateScreenOn(), "terminal left in curses mode")
    }

    /// 8192 x 8192 is within the readers' pixel limit, but no dense-cost solver can take its 67
    /// million points: refused from the header, before any decoding (it used to be decoded twice on
    /// the UI thread, freezing it, and then abort).
    @Test(.enabled(if: TmuxSession.isAvailable, "needs tmux"))
    func pictureTooLargeForTheSolverIsRefusedFromItsHeader() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.claimedHugePNG(width: 8192, height: 8192).write(to: folder.appendingPathComponent("large.png"))
        let session = try TmuxSession(command: "'\(OtlabProcess.executable.path)'", directory: folder)
        try Self.open("large.png", "target.csv", in: session)
        let shown = try #require(session.waitFor(timeout: 30) { $0.contains("✗") && $0.contains("8192 x 8192 pixels") },
                                 "no refusal for the 8192 x 8192 picture:\n\(session.screen())")
        #expect(shown.contains("needs the n x m cost matrix"))
        #expect(shown.contains("sinkhorn-online"))
        session.send("Escape")
        #expect(session.waitFor(timeout: 10) { !$0.contains("Open files") } != nil)
        session.send("q")
        #expect(session.exitStatus(timeout: 20) == 0)
    }

    @Test(.enabled(if: TmuxSession.isAvailable, "needs tmux"))
    func megabyteBadCellIsShownBoundedAndQStillQuits() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cell = String(repeating: "z", count: 1 << 20)
        try "x,y\n0,0\n1,\(cell)\n".write(to: folder.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
        let session = try TmuxSession(command: "'\(OtlabProcess.executable.path)'", directory: folder)
        try Self.open("bad.csv", "target.csv", in: session)
        let start = Date()
        // The reader cuts the cell and states its size; the dialog bounds whatever text reaches it.
        let shown = try #require(session.waitFor(timeout: 30) { $0.contains("✗") && $0.contains("(1048576 bytes)") },
                                 "no bounded error for the 1 MB cell:\n\(session.screen())")
        print("1 MB bad cell: error on screen after \(String(format: "%.2f", Date().timeIntervalSince(start))) s")
        #expect(shown.contains("bad.csv: line 3"))
        #expect(shown.contains("expected a number"))
        // The text is bounded: the dialog fits on the screen and still has its frame's last line.
        #expect(shown.split(separator: "\n").count <= 40)
        session.send("Escape")
        #expect(session.waitFor(timeout: 10) { !$0.contains("Open files") } != nil, "Esc did not close the dialog:\n\(session.screen())")
        session.send("q")
        #expect(session.exitStatus(timeout: 20) == 0)
        #expect(!session.alternateScreenOn(), "terminal left in curses mode")
    }

    /// Every frame takes 30 s more (`OTLAB_SLOW_FRAME_TEST`): SIGTERM still ends the workbench within
    /// seconds (the watchdog takes over after 2 s), with the terminal restored and status 0.
    @Test(.enabled(if: TmuxSession.isAvailable, "needs tmux"), arguments: [("TERM", SIGTERM), ("HUP", SIGHUP)])
    func signalIsHonouredWhileAFrameIsSlow(name: String, signal: Int32) throws {
        let pidFile = TestScratch.root.appendingPathComponent("otlab-slow-\(UUID().uuidString).pid")
        defer { try? FileManager.default.removeItem(at: pidFile) }
        let session = try TmuxSession(
            command: "bash -c 'T=$(tty); OTLAB_SLOW_FRAME_TEST=30 \"\(OtlabProcess.executable.path)\" <$T & echo $! > \"\(pidFile.path)\"; wait $!'",
            directory: OtlabProcess.repositoryRoot)
        try #require(session.waitFor(timeout: 30) { $0.contains("Transport plan") } != nil, "workbench did not come up:\n\(session.screen())")
        let text = try String(contentsOf: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let pid = try #require(pid_t(text), "no pid in \(pidFile.path)")
        let start = Date()
        #expect(kill(pid, signal) == 0)
        // Well under the 30 s frame: the watchdog, not the end of the frame, ended it.
        let status = session.exitStatus(timeout: 20)
        print("SIG\(name) during a 30 s frame: ended after \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
        #expect(status == 0, "SIG\(name): exit status \(String(describing: status))")
        #expect(!session.alternateScreenOn(), "terminal left in curses mode after SIG\(name)")
    }
}
