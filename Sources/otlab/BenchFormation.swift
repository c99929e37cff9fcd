import Foundation
import OTCore
import OTData

/// `otlab bench --formation`: the fixed costs a solve pays before its first iteration, each against
/// a baseline measured in the same run (issue 20, "lower fixed costs"):
/// - forming the Gibbs kernel `exp(-C/reg)` of the n = 1000 clouds (reg 0.01): into memory already
///   used, libm one entry at a time on one core, `VectorExp` on one core and `KernelFormation` over
///   all cores (the arithmetic alone); and as a solver does it, into fresh memory: `C.map(libm exp)`
///   (`GibbsKernel` until issue 20) against `GibbsKernel` now (huge pages, SIMD exp, both cores);
/// - the first column pass of `sinkhorn-log`: until issue 20 a transposed copy of C made at build
///   time and the row log-sum-exp over it, now `ColumnSoftmin` over C itself;
/// - reading the cost matrix M.npy (8 MB): the buffered read and decode (how files were read until
///   issue 20) against `NPYReader.read` now, and the file's bytes alone (`Data(contentsOf:)`).
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
        var reads: [Double] = [], raw: [Double] = [], buffered: [Double] = [], oldKernel: [Double] = []
        var checksum = 0.0
        // Arrays made in the rounds stay alive until the end, so that every allocation is fresh
        // memory (as in a new process) and its page faults are counted, not memory freed by the
        // previous round.
        var kept: [[Double]] = []
        var transposing: [Double] = [], columnPass: [Double] = []
        let f = (0..<n).map { Double($0 % 7) * 1e-3 }
        var lse = [Double](repeating: 0, count: n)
        var columnWorkspace = ColumnSoftmin.Workspace(rows: n, columns: n)
        var keptKernels: [GibbsKernel] = []
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
            let previous = cost.storage.map { libmExp($0 * scale) }  // GibbsKernel until issue 20
            oldKernel.append(BenchSolvers.now() - start)
            kept.append(previous)
            keptKernels.append(k)
            start = BenchSolvers.now()
            let transposed = cost.transposed  // sinkhorn-log's copy of C until issue 20
            LogSumExp.softminRows(cost: transposed, potential: f, inverseRegularization: -scale, into: &lse)
            transposing.append(BenchSolvers.now() - start)
            kept.append(transposed.storage)
            checksum += lse[1]
            start = BenchSolvers.now()
            ColumnSoftmin.softminColumns(cost: cost, potential: f, inverseRegularization: -scale, into: &lse, workspace: &columnWorkspace)
            columnPass.append(BenchSolvers.now() - start)
            checksum += lse[1]
            start = BenchSolvers.now()
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            raw.append(BenchSolvers.now() - start)
            checksum += Double(bytes.count)
            start = BenchSolvers.now()
            let array = try NPYReader.read(at: path)
            reads.append(BenchSolvers.now() - start)
            checksum += array.values[0]
            start = BenchSolvers.now()
            let old = try NPYReader.readBuffered(at: path, limits: .current)
            buffered.append(BenchSolvers.now() - start)
            kept.append(array.values)
            kept.append(old.values)
        }
        checksum += Double(kept.count + keptKernels.count)
        _ = checksum
        let m = BenchSolvers.median
        return [
            Figure(name: "kernel, libm, 1 core, into used memory", milliseconds: m(libm) * 1000),
            Figure(name: "kernel, VectorExp, 1 core, used memory", milliseconds: m(serial) * 1000, baseline: "libm", ratio: m(serial) / m(libm)),
            Figure(name: "kernel, VectorExp, all cores, used mem.", milliseconds: m(parallel) * 1000, baseline: "libm", ratio: m(parallel) / m(libm)),
            Figure(name: "kernel before: C.map(libm exp), fresh", milliseconds: m(oldKernel) * 1000),
            Figure(name: "kernel now: GibbsKernel, fresh memory", milliseconds: m(kernel) * 1000, baseline: "before", ratio: m(kernel) / m(oldKernel)),
            Figure(name: "column LSE before: C^T copy + row LSE", milliseconds: m(transposing) * 1000),
            Figure(name: "column LSE now: ColumnSoftmin on C", milliseconds: m(columnPass) * 1000, baseline: "before", ratio: m(columnPass) / m(transposing)),
            Figure(name: "M.npy, file bytes alone (Data)", milliseconds: m(raw) * 1000),
            Figure(name: "M.npy before: buffered read + decode", milliseconds: m(buffered) * 1000, baseline: "bytes alone", ratio: m(buffered) / m(raw)),
            Figure(name: "M.npy now: NPYReader.read (one pass)", milliseconds: m(reads) * 1000, baseline: "before", ratio: m(reads) / m(buffered)),
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
