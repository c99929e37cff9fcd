import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Owns every temporary file, folder and tmux socket the tests make: all of them live in one folder
/// per test process, `$TMPDIR/otlab-test-run-PID-XXXX`, which is removed when the process exits
/// (`atexit`), with any tmux server still running in it. A run that is killed leaves its folder
/// behind; the next run removes the folders of processes that are gone. So `swift test` leaves
/// nothing of its own in /tmp.
public enum TestScratch {
    /// The process's scratch folder, made (and its removal at exit registered) on first use.
    public static let root: URL = {
        let system = URL(fileURLWithPath: NSTemporaryDirectory())
        removeLeftovers(in: system)
        let url = system.appendingPathComponent("\(prefix)\(getpid())-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { TestScratch.removeAll() }
        return url
    }()

    /// The folder tmux keeps its sockets in for these tests (`TMUX_TMPDIR`), inside `root`.
    public static var tmuxDirectory: URL { root.appendingPathComponent("tmux") }

    /// A fresh, empty folder inside `root`, named after `label`.
    public static func directory(_ label: String = "dir") -> URL {
        let url = root.appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A path for a new file named `name`, in a fresh folder inside `root`.
    public static func file(_ name: String) -> URL {
        directory("file").appendingPathComponent(name)
    }

    static let prefix = "otlab-test-run-"

    /// Ends every tmux server with a socket under `root` and removes `root`.
    static func removeAll() {
        let sockets = (try? FileManager.default.subpathsOfDirectory(atPath: tmuxDirectory.path)) ?? []
        for socket in sockets {
            let path = tmuxDirectory.appendingPathComponent(socket).path
            var info = stat()
            guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFSOCK else { continue }
            killServer(socket: path)
        }
        try? FileManager.default.removeItem(at: root)
    }

    /// The scratch folders of test processes that no longer run (a run that was killed).
    static func removeLeftovers(in folder: URL) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count).split(separator: "-").first ?? ""), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
            }
        }
    }

    /// `tmux -S SOCKET kill-server`, waited for, output discarded.
    static func killServer(socket: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/tmux")
        process.arguments = ["-S", socket, "kill-server"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return }
        process.waitUntilExit()
    }
}
