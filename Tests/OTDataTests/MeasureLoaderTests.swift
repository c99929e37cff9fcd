import Foundation
import Testing
import OTCore
@testable import OTData
import TestScratch

@Suite struct MeasureLoaderTests {
    @Test func dispatchesCSVTSVAndTXT() throws {
        for (name, text) in [("a.csv", "x,y\n1,2\n"), ("a.tsv", "x\ty\n1\t2\n"), ("a.txt", "x y\n1 2\n"), ("A.CSV", "x,y\n1,2\n")] {
            let measure = try MeasureLoader.load(writeTemporaryFile(name, text))
            #expect(measure.points == DenseMatrix([[1, 2]]), "\(name)")
        }
    }

    @Test func oneDimensionalNPYIsAWeightVector() throws {
        let measure = try MeasureLoader.load(fixturePath("weights_f8.npy"))
        #expect(measure.weights == [0.25, 0.5, 0.25])
        #expect(measure.points == nil)
    }

    @Test func twoDimensionalNPYIsAPointCloudWithUniformWeights() throws {
        let measure = try MeasureLoader.load(fixturePath("points_f8.npy"))
        #expect(measure.points?.rows == 4 && measure.dimension == 2)
        #expect(measure.weights == [0.25, 0.25, 0.25, 0.25])
    }

    @Test func npyContentsAreValidated() {
        expectInputError(["nan_f8.npy: element [1, 0]: NaN"]) { try MeasureLoader.load(fixturePath("nan_f8.npy")) }
        expectInputError(["vector_f8.npy: element [0]: weight -3 is negative"]) { try MeasureLoader.load(fixturePath("vector_f8.npy")) }
        let directory = temporaryDirectory()
        let zero = directory.appendingPathComponent("zero.npy").path
        try? NPYWriter.write(vector: [0, 0], to: zero)
        expectInputError(["zero.npy: the weights sum to 0"]) { try MeasureLoader.load(zero) }
        let empty = directory.appendingPathComponent("empty.npy").path
        try? NPYWriter.write(matrix: DenseMatrix(rows: 0, columns: 2), to: empty)
        expectInputError(["empty.npy: holds an empty point cloud of shape (0, 2)"]) { try MeasureLoader.load(empty) }
    }

    @Test func netpbmPicturesAreDensitiesWhateverTheExtension() throws {
        let text = "P2 2 1 4\n0 4\n"
        for name in ["a.pgm", "a.pnm", "A.PGM"] {
            let measure = try MeasureLoader.load(writeTemporaryFile(name, text))
            #expect(measure.points == DenseMatrix([[1.5, 0.5]]) && measure.weights == [1], "\(name)")
        }
        let colour = try MeasureLoader.load(writeTemporaryFile("c.ppm", "P3 1 1 1\n0 1 0\n"))
        #expect(colour.weights == [1] && colour.points == DenseMatrix([[0.5, 0.5]]))
        #expect(MeasureLoader.supportedExtensions.contains("pgm"))
    }

    @Test func unknownExtensionListsSupportedFormats() throws {
        // Real files: a missing file is reported as missing before its extension is looked at.
        let folder = TestScratch.root.appendingPathComponent("otlab-ext-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let cat = folder.appendingPathComponent("cat.gif").path, readme = folder.appendingPathComponent("README").path
        try Data([0x47, 0x49]).write(to: URL(fileURLWithPath: cat))
        try Data("hello".utf8).write(to: URL(fileURLWithPath: readme))
        expectInputError(["cat.gif: unsupported input format (extension .gif)", ".csv, .tsv, .txt", ".npy", ".pgm, .ppm, .pnm, .png, .jpg, .jpeg"]) {
            try MeasureLoader.load(cat)
        }
        expectInputError(["README: unsupported input format (no extension)"]) { try MeasureLoader.load(readme) }
        expectInputError(["nope.csv", "no such file"]) { try MeasureLoader.load(folder.appendingPathComponent("nope.csv").path) }
    }
}
