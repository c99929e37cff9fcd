import Foundation
import Testing
import OTData

/// The colour-transfer preset in the real workbench (tmux): the three pictures, the result once the
/// solve ends, and `x` writing the heatmap PNG next to the plan and the log.
@Suite(.serialized) struct ColorTransferEndToEndTests {
    @Test(.enabled(if: TmuxSession.isAvailable, "needs tmux"))
    func presetShowsThePicturesAndExportWritesTheHeatmap() throws {
        let directory = try OtlabProcess.temporaryDirectory()
        let preset = OtlabProcess.repositoryRoot.appendingPathComponent("presets/color-transfer.yaml").path
        let session = try TmuxSession(command: "'\(OtlabProcess.executable.path)' --preset '\(preset)'", directory: directory)

        // All three panes in one capture: tmux can capture a frame that is still being written, so
        // the wait asks for every label rather than checking the first capture that shows some.
        _ = try #require(session.waitFor(timeout: 15) { screen in
            ["source", "target", "result", "▀"].allSatisfy { screen.contains($0) }
        }, "workbench did not come up with the source, target and result panes:\n\(session.screen())")
        // When the solve ends the result picture replaces the placeholder.
        let finished = session.waitFor(timeout: 60) { $0.contains("converged") && !$0.contains("when the solve ends") }
        #expect(finished != nil, "no result picture:\n\(session.screen())")

        session.send("x")
        let exported = session.waitFor(timeout: 30) { $0.contains("heatmap.png") }
        #expect(exported != nil, "status line does not name the heatmap:\n\(session.screen())")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let heatmap = try #require(files.first { $0.hasSuffix("-heatmap.png") }, "files: \(files)")
        #expect(files.contains { $0.hasSuffix("-plan.npy") } && files.contains { $0.hasSuffix("-log.csv") })
        // The 400 x 400 plan in one-pixel blocks, read back by our own reader.
        let image = try PNGReader.read(at: directory.appendingPathComponent(heatmap).path)
        #expect(image.width == 400 && image.height == 400)

        session.send("q")
        #expect(session.exitStatus() == 0)
    }
}
