import Foundation
import OTCore
import OTData

/// `otlab bench --formation`: the fixed costs a solve pays before its first iteration, each against
/// a baseline measured in the same run (issue 20, "lower fixed costs"):
/// - forming the Gibbs kernel `exp(-C/reg)` of the n = 1000 clouds (reg 0.01): libm one entry at a
///   time on one core (the way it was formed until issue 20), `VectorExp` on one core, and
///   `KernelFormation` over all cores (what `GibbsKernel` uses now);
/// - reading the cost matrix M.npy (8 MB): `NPYReader.read` against reading the file's bytes alone.
/// Medians of `repeats` rounds, the variants interleaved in each round.
enum BenchFormation {
    struct Figure {
        var name: String
        var milliseconds: Double
        var baseline: String?
        var ratio: Double?
    }

    static func run(n: Int, repeats: Int) throws -> [Figure] {
        let tts = try TimeToSolutionSuite.clouds(n: n, regularization: 0.01)
        let cost = tts.problem.cost
        let count = cost.storage.count
        let scale = -1 / tts.regularization
        var output = [Double](repeating: 0, count: count)
        var libm: [Double] = [], serial: [Double] = [], parallel: [Double] = [], kernel: [Double] = []
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("otlab-formation-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = (folder as NSString).appendingPathComponent("M.npy")
        try NPYWriter.write(matrix: cost, to: path)
        var reads: [Double] = [], raw: [Double] = []
        var checksum = 0.0
        for _ in 0..<max(1, repeats) {
            var start = BenchSolvers.now()
            cost.storage.withUnsafeBufferPointer { c in
                output.withUnsafeMutableBufferPointer { o in
                    for k in 0..<count { o[k] = libmExp(c[k] * scale) }
                }
            }
            libm.append(BenchSolvers.now() - start)
            checksum += output[count / 2]
            start = BenchSolvers.now()
            cost.storage.withUnsafeBufferPointer { c in
                output.withUnsafeMutableBufferPointer { o in
                    KernelFormation.exponentiateSerial(c.baseAddress!, scale: scale, into: o.baseAddress!, count: count)
                }
            }
            serial.append(BenchSolvers.now() - start)
            start = BenchSolvers.now()
            cost.storage.withUnsafeBufferPointer { c in
                output.withUnsafeMutableBufferPointer { o in
                    KernelFormation.exponentiate(c.baseAddress!, scale: scale, into: o.baseAddress!, count: count)
                }
            }
            parallel.append(BenchSolvers.now() - start)
            start = BenchSolvers.now()
            let k = GibbsKernel(cost: cost, regularization: tts.regularization)
            kernel.append(BenchSolvers.now() - start)
            checksum += k[0, 0]
            start = BenchSolvers.now()
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            raw.append(BenchSolvers.now() - start)
            checksum += Double(bytes.count)
            start = BenchSolvers.now()
            let array = try NPYReader.read(at: path)
            reads.append(BenchSolvers.now() - start)
            checksum += array.values[0]
        }
        _ = checksum
        let m = BenchSolvers.median
        return [
            Figure(name: "kernel exp(-C/reg), libm, 1 core", milliseconds: m(libm) * 1000),
            Figure(name: "kernel, VectorExp, 1 core", milliseconds: m(serial) * 1000, baseline: "libm", ratio: m(serial) / m(libm)),
            Figure(name: "kernel, VectorExp, all cores", milliseconds: m(parallel) * 1000, baseline: "libm", ratio: m(parallel) / m(libm)),
            Figure(name: "GibbsKernel(cost:regularization:)", milliseconds: m(kernel) * 1000, baseline: "libm", ratio: m(kernel) / m(libm)),
            Figure(name: "M.npy, file bytes alone (Data)", milliseconds: m(raw) * 1000),
            Figure(name: "M.npy, NPYReader.read", milliseconds: m(reads) * 1000, baseline: "bytes alone", ratio: m(reads) / m(raw)),
        ]
    }

    static func report(_ figures: [Figure], n: Int, repeats: Int) -> String {
        var lines = ["fixed costs at n = \(n) (\(n * n) entries, clouds reg 0.01), medians of \(repeats) interleaved rounds, \(System.activeProcessorCount) cores"]
        for f in figures {
            var line = f.name.padding(toLength: 40, withPad: " ", startingAt: 0) + String(format: "%9.3f ms", f.milliseconds)
            if let baseline = f.baseline, let ratio = f.ratio { line += String(format: "   %.2fx of %@", ratio, baseline) }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
