import Foundation
import Testing
import OTCore
@testable import OTData

/// An export that fails leaves the previous file as it was and no temporary file behind.
///
/// Tests run as root, which read-only permissions do not stop, so the failures are ones root meets
/// too: a destination that is a non-empty directory, a path through a file, a disk that fills up.
@Suite struct AtomicFileWriterTests {
    struct DiskFull: LocalizedError {
        var errorDescription: String? { "No space left on device" }
    }

    /// The names in `directory`, sorted.
    func listing(_ directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }

    @Test func aWriteThatFailsPartWayLeavesThePreviousFileAndNoTemporary() throws {
        let directory = temporaryDirectory()
        let path = directory.appendingPathComponent("plan.npy").path
        try NPYWriter.write(matrix: DenseMatrix([[0.25, 0], [0, 0.75]]), to: path)
        let previous = try Data(contentsOf: URL(fileURLWithPath: path))

        let bigger = NPYWriter.encode(matrix: DenseMatrix(rows: 50, columns: 50) { i, j in Double(i + j) })
        expectInputError(["plan.npy", "cannot be written", "No space left on device"]) {
            try AtomicFileWriter.write(bigger, to: path) { data, url in
                // Half the bytes reach the disk, then it is full.
                try data.prefix(data.count / 2).write(to: url)
                throw DiskFull()
            }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == previous)
        #expect(try listing(directory) == ["plan.npy"])
    }

    @Test func aDestinationThatIsANonEmptyDirectoryIsAnErrorAndStaysAsItWas() throws {
        let directory = temporaryDirectory()
        let destination = directory.appendingPathComponent("plan.npy")
        try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: false)
        try Data("keep me".utf8).write(to: destination.appendingPathComponent("inside.txt"))

        expectInputError(["plan.npy", "cannot be written"]) {
            try PlanWriter.write(.dense(DenseMatrix([[1]])), to: destination.path)
        }
        #expect(try listing(directory) == ["plan.npy"], "no temporary file is left next to it")
        #expect(try listing(destination) == ["inside.txt"])
        #expect(try String(contentsOf: destination.appendingPathComponent("inside.txt"), encoding: .utf8) == "keep me")
    }

    @Test func aPathThroughAFileIsAnErrorAndTheFileIsUntouched() throws {
        let directory = temporaryDirectory()
        let file = directory.appendingPathComponent("notes.txt")
        try Data("notes".utf8).write(to: file)

        expectInputError(["notes.txt/log.csv", "cannot be written", "does not exist"]) {
            try TextFileWriter.write("iteration,error\n", to: file.appendingPathComponent("log.csv").path)
        }
        #expect(try String(contentsOf: file, encoding: .utf8) == "notes")
        #expect(try listing(directory) == ["notes.txt"])
    }

    @Test func aFailedPictureExportKeepsThePreviousPicture() throws {
        let directory = temporaryDirectory()
        let path = directory.appendingPathComponent("heatmap.png").path
        try PNGWriter.write(RGBImage(width: 2, height: 1, channels: [1, 0, 0, 0, 0, 1]), to: path)
        let previous = try Data(contentsOf: URL(fileURLWithPath: path))

        let next = try PNGWriter.encode(GreyImage(width: 3, height: 3, pixels: Array(repeating: 0.5, count: 9)), source: path)
        expectInputError(["heatmap.png", "cannot be written"]) {
            try AtomicFileWriter.write(next, to: path) { _, _ in throw DiskFull() }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == previous)
        #expect(try listing(directory) == ["heatmap.png"])
    }
}
