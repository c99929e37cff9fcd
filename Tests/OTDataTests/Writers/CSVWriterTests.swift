import Foundation
import Testing
import OTCore
@testable import OTData

@Suite struct CSVWriterTests {
    @Test func pointCloudRoundTripsThroughTheReader() throws {
        let measure = Measure(weights: [0.1, 0.7, 1e-300], points: DenseMatrix([[0.5, -2], [1.0 / 3.0, 4], [1e20, 0]]))
        let text = CSVWriter.pointCloudText(measure)
        #expect(text.hasPrefix("x0,x1,weight\n0.5,-2,0.1\n"))
        #expect(try CSVReader.parseMeasure(text, source: "w.csv") == measure)

        let path = temporaryDirectory().appendingPathComponent("cloud.csv").path
        try CSVWriter.writePointCloud(measure, to: path)
        #expect(try CSVReader.readMeasure(at: path) == measure)
    }

    @Test func matrixHasNoHeaderAndOneLinePerRow() throws {
        let text = CSVWriter.matrixText(DenseMatrix([[1, 2.5], [0.25, 0]]))
        #expect(text == "1,2.5\n0.25,0\n")
    }

    @Test func tripletsHaveHeaderAndZeroBasedIndices() throws {
        let plan = SparsePlan(rows: 3, columns: 3, entries: [.init(row: 0, column: 2, value: 0.5), .init(row: 2, column: 1, value: 0.125)])
        #expect(CSVWriter.tripletsText(plan) == "row,column,value\n0,2,0.5\n2,1,0.125\n")
    }

    @Test func writingIntoAMissingDirectoryIsAnInputError() {
        expectInputError(["/nonexistent-dir/p.csv", "does not exist"]) {
            try CSVWriter.writeMatrix(DenseMatrix([[1]]), to: "/nonexistent-dir/p.csv")
        }
    }

    @Test func atomicWriteReplacesAnExistingFileAndLeavesNoTemporaries() throws {
        let directory = temporaryDirectory()
        let path = directory.appendingPathComponent("m.csv").path
        try CSVWriter.writeMatrix(DenseMatrix([[1]]), to: path)
        try CSVWriter.writeMatrix(DenseMatrix([[2]]), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "2\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["m.csv"])
    }
}
