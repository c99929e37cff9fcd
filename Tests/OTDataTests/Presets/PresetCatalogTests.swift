import Foundation
import Testing
import OTCore
@testable import OTData
import TestScratch

/// The presets built into the executable, and the user's folder (`OTLAB_PRESETS`) added to them.
struct PresetCatalogTests {
    static let presetsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("presets")

    /// Every file of the repository's presets/ (scripts left out) is built in with the same bytes,
    /// and nothing else is: the embedded copy is never stale.
    @Test func builtInFilesAreThePresetsFolder() throws {
        var onDisk: [String: Data] = [:]
        let walker = try #require(FileManager.default.enumerator(atPath: Self.presetsFolder.path))
        for case let relative as String in walker where !relative.hasSuffix(".py") && !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
            var isDirectory: ObjCBool = false
            let path = Self.presetsFolder.appendingPathComponent(relative).path
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                onDisk[relative] = FileManager.default.contents(atPath: path)
            }
        }
        #expect(onDisk.count >= 20, "presets/ has \(onDisk.count) files")
        #expect(Set(EmbeddedFiles.relativePaths) == Set(onDisk.keys))
        for (relative, data) in onDisk {
            #expect(EmbeddedFiles.contents(of: EmbeddedFiles.root + "/" + relative) == data, "\(relative) differs from its built-in copy")
        }
    }

    /// The default catalog lists exactly the folder's presets, and a built-in preset that names a data
    /// file (the colour transfer's pictures) resolves it from the built-in files.
    @Test func builtInCatalogHasEveryPreset() throws {
        let (builtIn, errors) = PresetCatalog(directory: nil).all()
        #expect(errors.isEmpty, "\(errors)")
        let (folder, _) = PresetCatalog(directory: Self.presetsFolder.path, includesBuiltin: false).all()
        #expect(builtIn.map(\.name) == folder.map(\.name))
        let welcome = try PresetCatalog(directory: nil).preset(named: "welcome")
        #expect(welcome.path == "(built-in)/welcome.yaml")
        let colorTransfer = try PresetCatalog(directory: nil).preset(named: "color-transfer")
        let spec = try #require(colorTransfer.problem.colorTransfer)
        let pictures = try PresetResolver.colorTransferPictures(spec, preset: colorTransfer)
        #expect(pictures.source.width > 0 && pictures.target.width > 0)
        expectInputError(["(built-in)/data/missing.png", "no such built-in file"]) {
            try ImageReader.readColor(at: "(built-in)/data/missing.png")
        }
    }

    /// A user's folder adds presets, replaces a built-in one of the same file name or `name:`, and a
    /// folder that does not exist is an error the listing shows.
    @Test func userFolderAddsAndReplaces() throws {
        let folder = TestScratch.root.appendingPathComponent("otlab-catalog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let welcome = try String(contentsOf: Self.presetsFolder.appendingPathComponent("welcome.yaml"), encoding: .utf8)
        try welcome.replacingOccurrences(of: "name: welcome", with: "name: mine")
            .write(to: folder.appendingPathComponent("mine.yaml"), atomically: true, encoding: .utf8)
        try welcome.replacingOccurrences(of: "title: Two gaussian clouds, log-domain Sinkhorn", with: "title: My welcome")
            .write(to: folder.appendingPathComponent("welcome.yaml"), atomically: true, encoding: .utf8)
        let exact = try String(contentsOf: Self.presetsFolder.appendingPathComponent("exact-emd.yaml"), encoding: .utf8)
        try exact.replacingOccurrences(of: "title: Exact transport by the network simplex", with: "title: My exact")
            .write(to: folder.appendingPathComponent("other-file-name.yaml"), atomically: true, encoding: .utf8)

        let catalog = PresetCatalog(directory: folder.path)
        let (presets, errors) = catalog.all()
        #expect(errors.isEmpty, "\(errors)")
        let builtInCount = PresetCatalog(directory: nil).all().presets.count
        #expect(presets.count == builtInCount + 1)
        #expect(presets.filter { $0.name == "welcome" }.map(\.title) == ["My welcome"])
        #expect(presets.filter { $0.name == "exact-emd" }.map(\.title) == ["My exact"])
        #expect(try catalog.preset(named: "welcome").title == "My welcome")
        #expect(try catalog.preset(named: "mine").path == folder.appendingPathComponent("mine.yaml").path)
        #expect(try catalog.preset(named: "exact-1d").path == "(built-in)/exact-1d.yaml")

        let missing = PresetCatalog(directory: folder.appendingPathComponent("nowhere").path).all()
        #expect(missing.presets.count == builtInCount)
        #expect(missing.errors.map(\.description).contains { $0.contains("OTLAB_PRESETS names no folder") })
    }
}
