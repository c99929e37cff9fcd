import Foundation
import TestScratch
#if canImport(Glibc)
import Glibc
#endif

/// A private tmux server running one command in a fixed-size window, for end-to-end tests of the
/// workbench: type keys, read the screen, wait for text instead of sleeping blindly.
final class TmuxSession {
    let server = "otlab-test-\(UUID().uuidString.prefix(8))"
    /// The server's socket, inside the tests' scratch folder (removed with it, server and all, when
    /// the test process exits, should `deinit` not run).
    let socket: String
    let statusFile: URL

    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") }

    init(command: String, width: Int = 120, height: Int = 40, directory: URL) throws {
        try FileManager.default.createDirectory(at: TestScratch.tmuxDirectory, withIntermediateDirectories: true)
        socket = TestScratch.tmuxDirectory.appendingPathComponent(server).path
        statusFile = TestScratch.root.appendingPathComponent("\(server).status")
        // NO_COLOR is cleared: `swift test` sets it, and these tests check the colour screen.
        // The shell records the exit status, then lingers so the final screen can be read.
        let script = "cd '\(directory.path)' && env -u NO_COLOR LANG=C.UTF-8 TERM=tmux-256color SWIFT_BACKTRACE=interactive=no \(command); echo $? > '\(statusFile.path)'; sleep 30"
        // The server forks off this first command. Foundation's Process would wait for the server
        // too (it never exits), so the client is spawned and reaped directly.
        try Self.spawnAndWait(["/usr/bin/tmux", "-S", socket, "-f", "/dev/null", "new-session", "-d",
                               "-x", "\(width)", "-y", "\(height)", script])
    }

    /// Runs `arguments` through a shell that first closes every descriptor above 2 it inherited.
    /// The tmux server daemonizes and lives on; tests run in parallel, and a pipe another test had
    /// open at the moment of the spawn (its child's stdout, not yet close-on-exec) would stay open in
    /// the server, so that test's read to end of file never returned and the whole run hung.
    private static let closingInheritedDescriptors =
        "for fd in /proc/$$/fd/*; do n=${fd##*/}; [ \"$n\" -gt 2 ] && eval \"exec $n>&-\" 2>/dev/null; done; exec \"$@\""

    private static func spawnAndWait(_ tmuxArguments: [String]) throws {
        let arguments = ["/bin/bash", "-c", closingInheritedDescriptors, "tmux-spawn"] + tmuxArguments
        var pid: pid_t = 0
        var cArguments = arguments.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        guard posix_spawn(&pid, arguments[0], &actions, nil, &cArguments, environ) == 0 else {
            throw CocoaError(.executableLoad)
        }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    deinit {
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(atPath: socket)
        try? FileManager.default.removeItem(at: statusFile)
    }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/tmux")
        process.arguments = ["-S", socket] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    func screen() -> String { (try? tmux(["capture-pane", "-p"])) ?? "" }

    func send(_ keys: String...) { _ = try? tmux(["send-keys"] + keys) }

    /// Polls the screen until `condition` holds; returns the last screen seen.
    @discardableResult
    func waitFor(timeout: Double = 10, _ condition: (String) -> Bool) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(screen()) {
                // tmux may have captured a frame that the workbench was still writing; a capture
                // a moment later holds the whole frame. (Once, under load, the first capture showed
                // the colour-transfer panes without their titles.)
                usleep(30_000)
                let settled = screen()
                if condition(settled) { return settled }
            }
            usleep(50_000)
        }
        return nil
    }

    /// The command's exit status once it has ended.
    func exitStatus(timeout: Double = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let text = try? String(contentsOf: statusFile, encoding: .utf8), let code = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return code
            }
            usleep(50_000)
        }
        return nil
    }

    /// Whether the pane is still on the alternate screen (curses mode not left).
    func alternateScreenOn() -> Bool {
        ((try? tmux(["display-message", "-p", "#{alternate_on}"])) ?? "").trimmingCharacters(in: .whitespacesAndNewlines) == "1"
    }
}

extension String {
    var hasBraille: Bool { unicodeScalars.contains { $0.value > 0x2800 && $0.value <= 0x28FF } }
}
