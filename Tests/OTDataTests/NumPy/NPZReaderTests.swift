import Foundation
import Testing
import OTCore
@testable import OTData

@Suite struct NPZReaderTests {
    /// M[i, j] = 10 * i + j - 3, as in make_fixtures.py.
    static let expectedM = NPYArray(shape: [2, 3], values: [-3, -2, -1, 7, 8, 9])

    @Test(arguments: ["problem_M.npz", "problem_M_compressed.npz"])
    func readsStoredAndDeflatedArchives(name: String) throws {
        let arrays = try NPZReader.read(at: fixturePath(name))
        #expect(arrays.keys.sorted() == ["M", "a", "b"])
        #expect(arrays["M"] == Self.expectedM)
        #expect(arrays["a"] == NPYArray(shape: [2], values: [0.25, 0.75]))
        #expect(arrays["b"] == NPYArray(shape: [3], values: [0.5, 0.25, 0.25]))
    }

    @Test func problemFromCostMatrixAndWeights() throws {
        let problem = try NPZProblem.load(path: fixturePath("problem_M_compressed.npz"))
        #expect(problem.a == [0.25, 0.75])
        #expect(problem.b == [0.5, 0.25, 0.25])
        #expect(problem.cost == DenseMatrix([[-3, -2, -1], [7, 8, 9]]))
        #expect(problem.groundCost == nil)
    }

    @Test func problemFromPointCloudsUsesSquaredEuclideanAndUniformWeights() throws {
        let problem = try NPZProblem.load(path: fixturePath("problem_xs.npz"))
        #expect(problem.groundCost == .sqeuclidean)
        #expect(problem.a == [0.5, 0.5])
        #expect(problem.b.count == 3 && abs(problem.b.reduce(0, +) - 1) < 1e-15)
        // xs[1] = (1, 0), xt[2] = (3, 0): squared distance 4; xs[0] = (0, 0), xt[1] = (1, 2): 5.
        #expect(problem.cost[1, 2] == 4)
        #expect(problem.cost[0, 1] == 5)
    }

    @Test func missingArraysAreNamed() {
        expectInputError(["only_xs.npz: has no array named 'xt'", "it holds xs"]) {
            try NPZProblem.load(path: fixturePath("only_xs.npz"))
        }
        expectInputError(["x.npz: holds neither a cost matrix 'M' nor point clouds", "it holds b"]) {
            try NPZProblem.problem(from: ["b": NPYArray(shape: [1], values: [1])], source: "x.npz")
        }
        expectInputError(["x.npz: has no array named 'q'; it holds no arrays"]) {
            try NPZReader.array("q", in: [:], source: "x.npz")
        }
    }

    @Test func weightShapesAreChecked() {
        let arrays = ["M": Self.expectedM, "a": NPYArray(shape: [3], values: [1, 1, 1])]
        expectInputError(["x.npz[a]: has shape (3,); expected (2,), one weight per rows"]) {
            try NPZProblem.problem(from: arrays, source: "x.npz")
        }
    }

    @Test func memberErrorsNameTheMember() {
        expectInputError(["cube_member.npz[M]: holds a 3-D array of shape (2, 2, 2)"]) {
            try NPZReader.read(at: fixturePath("cube_member.npz"))
        }
        let arrays = ["xs": NPYArray(shape: [1, 2], values: [0, 0]), "xt": NPYArray(shape: [1, 3], values: [0, 0, 0])]
        expectInputError(["x.npz[xt]: points have dimension 3, but x.npz[xs] has dimension 2"]) {
            try NPZProblem.problem(from: arrays, source: "x.npz")
        }
        expectInputError(["x.npz[M]: element [0, 1]: NaN"]) {
            try NPZProblem.problem(from: ["M": NPYArray(shape: [1, 2], values: [0, .nan])], source: "x.npz")
        }
    }

    @Test func refusesNonZip() {
        expectInputError(["not_zip.npz: not a ZIP archive"]) { try NPZReader.read(at: fixturePath("not_zip.npz")) }
        expectInputError(["e.npz: not a ZIP archive"]) { try NPZReader.decode(Data(), source: "e.npz") }
    }

    @Test func refusesTruncatedArchive() {
        expectInputError(["truncated.npz: truncated ZIP archive"]) { try NPZReader.read(at: fixturePath("truncated.npz")) }
        // Cut inside the member data, keeping a well-formed end record: the sizes give it away.
        let whole = [UInt8]((try? Data(contentsOf: URL(fileURLWithPath: fixturePath("problem_M.npz")))) ?? Data())
        for cut in [1, whole.count / 2, whole.count - 23] {
            #expect(inputErrorText { try NPZReader.decode(Data(whole.prefix(cut)), source: "cut.npz") } != nil, "cut at \(cut)")
        }
    }

    @Test func refusesUnsupportedCompression() {
        expectInputError(["bzip2.npz: member M.npy: uses unsupported ZIP compression method 12", "0 (stored) or 8 (deflate)"]) {
            try NPZReader.read(at: fixturePath("bzip2.npz"))
        }
    }

    @Test func refusesBadCRC() {
        expectInputError(["bad_crc.npz: member M.npy: bad CRC-32", "the file is corrupt"]) {
            try NPZReader.read(at: fixturePath("bad_crc.npz"))
        }
    }

    @Test func corruptDeflateSizeIsRefusedBeforeAllocating() throws {
        // Patch the central directory's uncompressed size of the first member to 2^31 - 1.
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixturePath("problem_M_compressed.npz"))))
        let entries = try NPZReader.centralDirectory(bytes, source: "z")
        var p = bytes.count - 22
        let directoryOffset = Int(bytes[p + 16]) | Int(bytes[p + 17]) << 8 | Int(bytes[p + 18]) << 16 | Int(bytes[p + 19]) << 24
        p = directoryOffset
        for k in 24..<28 { bytes[p + k] = k == 27 ? 0x7F : 0xFF }
        expectInputError(["member \(entries[0].name)", "cannot inflate to the claimed 2147483647 bytes"]) {
            try NPZReader.decode(Data(bytes), source: "big.npz")
        }
    }
}
