import Foundation
import Testing
import OTCore
@testable import OTData

@Suite struct PlanWriterTests {
    let sparse = SparsePlan(rows: 2, columns: 3, entries: [.init(row: 0, column: 1, value: 0.5), .init(row: 1, column: 2, value: 0.5)])

    @Test func npyHoldsTheDensePlanEvenForSparsePlans() throws {
        let path = temporaryDirectory().appendingPathComponent("plan.npy").path
        try PlanWriter.write(.sparse(sparse), to: path)
        #expect(try NPYReader.read(at: path) == NPYArray(shape: [2, 3], values: [0, 0.5, 0, 0, 0, 0.5]))
    }

    @Test func csvIsAMatrixForDenseAndTripletsForSparse() throws {
        let directory = temporaryDirectory()
        let dense = directory.appendingPathComponent("dense.csv").path
        try PlanWriter.write(.dense(DenseMatrix([[0.25, 0], [0, 0.75]])), to: dense)
        #expect(try String(contentsOfFile: dense, encoding: .utf8) == "0.25,0\n0,0.75\n")
        let triplets = directory.appendingPathComponent("sparse.csv").path
        try PlanWriter.write(.sparse(sparse), to: triplets)
        #expect(try String(contentsOfFile: triplets, encoding: .utf8) == "row,column,value\n0,1,0.5\n1,2,0.5\n")
    }

    @Test func unknownExtensionIsAnInputError() {
        expectInputError(["plan.json: unsupported plan format (extension .json)", ".npy", ".csv"]) {
            try PlanWriter.write(.sparse(sparse), to: "plan.json")
        }
    }
}
