import Foundation
import Testing
import OTCore
@testable import OTData

@Suite struct NPYWriterTests {
    @Test func headerHasMagicVersionAlignmentAndDictText() {
        let bytes = [UInt8](NPYWriter.encode(matrix: DenseMatrix([[1, 2, 3], [4, 5, 6]])))
        #expect(Array(bytes[0..<6]) == NPYHeader.magic)
        #expect(bytes[6] == 1 && bytes[7] == 0)
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        let dataStart = 10 + headerLength
        #expect(dataStart % 64 == 0)
        #expect(bytes.count == dataStart + 6 * 8)
        #expect(bytes[dataStart - 1] == 0x0A)
        let header = String(decoding: bytes[10..<dataStart], as: UTF8.self)
        #expect(header.hasPrefix("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }"))
        #expect(header.dropLast().hasSuffix(" "))
    }

    @Test func vectorShapeIsAOneTuple() {
        let bytes = [UInt8](NPYWriter.encode(vector: [1, 2]))
        #expect(String(decoding: bytes[10..<64], as: UTF8.self).contains("'shape': (2,)"))
    }

    @Test func roundTripsThroughTheReaderBitForBit() throws {
        let values: [Double] = [0, -0.0, .pi, -Double.leastNonzeroMagnitude, 1e308, .nan, .infinity, 1.0 / 3.0]
        let matrix = DenseMatrix(rows: 2, columns: 4, storage: values)
        let directory = temporaryDirectory()
        let path = directory.appendingPathComponent("m.npy").path
        try NPYWriter.write(matrix: matrix, to: path)
        let array = try NPYReader.read(at: path)
        #expect(array.shape == [2, 4])
        #expect(array.values.map(\.bitPattern) == values.map(\.bitPattern))

        let vectorPath = directory.appendingPathComponent("v.npy").path
        try NPYWriter.write(vector: [1, 2, 3], to: vectorPath)
        #expect(try NPYReader.read(at: vectorPath) == NPYArray(shape: [3], values: [1, 2, 3]))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["m.npy", "v.npy"])
    }

    @Test func emptyArraysAreWritable() throws {
        let array = try NPYReader.decode(NPYWriter.encode(matrix: DenseMatrix(rows: 0, columns: 3)), source: "e.npy")
        #expect(array.shape == [0, 3])
        #expect(array.values.isEmpty)
    }

    /// Checks interoperability with NumPy itself when python3 with numpy is on this machine
    /// (the committed fixtures cover the reading direction everywhere).
    @Test func numpyLoadsWhatWeWrite() throws {
        guard let python = Self.pythonWithNumPy() else { return }
        let path = temporaryDirectory().appendingPathComponent("interop.npy").path
        try NPYWriter.write(matrix: DenseMatrix([[1.5, -2], [3, 1e-300], [0.1, 7]]), to: path)
        let script = "import numpy as np; a = np.load('\(path)'); assert a.dtype == np.float64 and a.shape == (3, 2) and a.flags.c_contiguous; print(repr(a.tolist()))"
        let output = Self.run("/usr/bin/env", [python, "-c", script])
        #expect(output == "[[1.5, -2.0], [3.0, 1e-300], [0.1, 7.0]]")
    }

    /// True when `python3` on the PATH can import numpy.
    static func pythonWithNumPy() -> String? {
        run("/usr/bin/env", ["python3", "-c", "import numpy; print('ok')"]) == "ok" ? "python3" : nil
    }

    static func run(_ executable: String, _ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = Pipe()
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
