import Foundation
import Testing
import OTCore
@testable import OTData

@Suite struct ProblemBuilderTests {
    @Test func groundCostBetweenPointClouds() throws {
        let a = writeTemporaryFile("a.csv", "x,y,weight\n0,0,1\n1,0,3\n")
        let b = writeTemporaryFile("b.csv", "x,y\n0,2\n")
        let problem = try ProblemBuilder(sourcePath: a, targetPath: b, groundCost: .sqeuclidean).build()
        #expect(problem.cost == DenseMatrix([[4], [5]]))
        #expect(problem.a == [1, 3])
        #expect(problem.b == [1])
        #expect(problem.groundCost == .sqeuclidean)
    }

    @Test func normalizeScalesBothToMassOne() throws {
        let a = writeTemporaryFile("a.csv", "x,weight\n0,1\n1,3\n")
        let b = writeTemporaryFile("b.csv", "x,weight\n0,2\n")
        let problem = try ProblemBuilder(sourcePath: a, targetPath: b, normalize: true).build()
        #expect(problem.a == [0.25, 0.75])
        #expect(problem.b == [1])
    }

    @Test func costMatrixWithWeightVectors() throws {
        let directory = temporaryDirectory()
        let a = directory.appendingPathComponent("a.npy").path
        let b = directory.appendingPathComponent("b.npy").path
        let m = directory.appendingPathComponent("M.npy").path
        try NPYWriter.write(vector: [0.5, 0.5], to: a)
        try NPYWriter.write(vector: [0.2, 0.3, 0.5], to: b)
        try NPYWriter.write(matrix: DenseMatrix([[0, 1, 2], [3, 4, 5]]), to: m)
        let problem = try ProblemBuilder(sourcePath: a, targetPath: b, costMatrixPath: m).build()
        #expect(problem.cost == DenseMatrix([[0, 1, 2], [3, 4, 5]]))
        #expect(problem.groundCost == nil)
    }

    @Test func costMatrixOfWrongShapeNamesFileAndExpectedShape() throws {
        let directory = temporaryDirectory()
        let a = directory.appendingPathComponent("a.npy").path
        let m = directory.appendingPathComponent("M.npy").path
        try NPYWriter.write(vector: [0.5, 0.5], to: a)
        try NPYWriter.write(matrix: DenseMatrix([[0, 1], [3, 4], [5, 6]]), to: m)
        expectInputError(["M.npy: cost matrix has shape (3, 2); expected (2, 2)", "a.npy has 2 weights"]) {
            try ProblemBuilder(sourcePath: a, targetPath: a, costMatrixPath: m).build()
        }
        try NPYWriter.write(vector: [0, 1, 2, 3], to: m)
        expectInputError(["M.npy: cost matrix has shape (4,); expected (2, 2)"]) {
            try ProblemBuilder(sourcePath: a, targetPath: a, costMatrixPath: m).build()
        }
    }

    @Test func costMatrixWithNaNNamesTheElement() throws {
        let directory = temporaryDirectory()
        let a = directory.appendingPathComponent("a.npy").path
        try NPYWriter.write(vector: [0.5, 0.5], to: a)
        expectInputError(["nan_f8.npy: element [1, 0]: NaN", "large finite cost"]) {
            try ProblemBuilder(sourcePath: a, targetPath: a, costMatrixPath: fixturePath("nan_f8.npy")).build()
        }
    }

    @Test func weightsOnlyWithoutCostMatrix() throws {
        let weights = fixturePath("weights_f8.npy")
        let cloud = writeTemporaryFile("cloud.csv", "x\n1\n")
        expectInputError(["weights_f8.npy: holds weights only (1-D, 3 values); give --cost-matrix M.npy or a point cloud"]) {
            try ProblemBuilder(sourcePath: weights, targetPath: cloud).build()
        }
        expectInputError(["weights_f8.npy: holds weights only"]) {
            try ProblemBuilder(sourcePath: cloud, targetPath: weights).build()
        }
    }

    @Test func mismatchedDimensionsNameBothFiles() {
        let a = writeTemporaryFile("a.csv", "x,y\n0,0\n")
        let b = writeTemporaryFile("b.csv", "x,y,z\n0,0,0\n")
        expectInputError(["b.csv: points have dimension 3, but ", "a.csv has dimension 2"]) {
            try ProblemBuilder(sourcePath: a, targetPath: b).build()
        }
    }

    @Test func measuresInHandAreValidated() {
        let builder = ProblemBuilder(sourcePath: "generated source", targetPath: "generated target")
        let good = Measure.uniform(points: DenseMatrix([[0.0]]))
        expectInputError(["generated source: has no points"]) {
            try builder.build(source: Measure(weights: [], points: DenseMatrix(rows: 0, columns: 1)), target: good)
        }
        expectInputError(["generated target: weight 0: -1"]) {
            try builder.build(source: good, target: Measure(weights: [-1], points: DenseMatrix([[0.0]])))
        }
    }
}
