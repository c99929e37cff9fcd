/// Forms a Gibbs kernel `exp(scale * C)` (scale `-1/reg`) entry by entry: the one-time cost every
/// scaling solver pays before its first iteration.
///
/// Four entries at a time with `VectorExp` (fused multiply-adds, no call into libm), the rows split
/// over the cores (`Parallel`). `VectorExp` flushes arguments below -708.39 to zero where libm
/// returns subnormals down to -745.13; a block of four with such an argument is computed with
/// libm instead, so the kernel's zeros are exactly libm's (the solvers' underflow diagnoses read
/// them), and every other entry is within about 1 ulp of libm's.
///
/// Measured with `otlab bench --formation` (release build; figures and the command in
/// docs/performance.md, "Fixed costs").
public enum KernelFormation {
    /// Entries per parallel chunk below which one thread does the whole matrix (waking a worker
    /// costs a few microseconds; an entry costs about 2.5 ns).
    static let minimumChunk = 16_384

    /// `output[k] = exp(scale * input[k])` for `k < count`, over the cores.
    public static func exponentiate(_ input: UnsafePointer<Double>, scale: Double, into output: UnsafeMutablePointer<Double>, count: Int) {
        let blocks = (count + 1023) / 1024
        Parallel.forEachChunk(count: blocks, minimumChunk: max(1, minimumChunk / 1024)) { range in
            let lower = range.lowerBound * 1024, upper = min(count, range.upperBound * 1024)
            exponentiateSerial(input + lower, scale: scale, into: output + lower, count: upper - lower)
        }
    }

    /// `output[k] = Float(exp(scale * input[k]))`, over the cores (the f32 kernel).
    public static func exponentiate(_ input: UnsafePointer<Double>, scale: Double, into output: UnsafeMutablePointer<Float>, count: Int) {
        let blocks = (count + 1023) / 1024
        Parallel.forEachChunk(count: blocks, minimumChunk: max(1, minimumChunk / 1024)) { range in
            let lower = range.lowerBound * 1024, upper = min(count, range.upperBound * 1024)
            withUnsafeTemporaryAllocation(of: Double.self, capacity: 1024) { scratch in
                var start = lower
                while start < upper {
                    let length = min(1024, upper - start)
                    exponentiateSerial(input + start, scale: scale, into: scratch.baseAddress!, count: length)
                    for k in 0..<length { output[start + k] = Float(scratch[k]) }
                    start += length
                }
            }
        }
    }

    /// The same on the calling thread only (the one-core figure of the bench, and each chunk's work).
    public static func exponentiateSerial(_ input: UnsafePointer<Double>, scale: Double, into output: UnsafeMutablePointer<Double>, count: Int) {
        let factor = SIMD4<Double>(repeating: scale)
        let lowest = VectorExp.lowest
        var k = 0
        while k + 4 <= count {
            let x = UnsafeRawPointer(input + k).loadUnaligned(as: SIMD4<Double>.self) * factor
            if x.min() >= lowest {
                UnsafeMutableRawPointer(output + k).storeBytes(of: VectorExp.exp(x), as: SIMD4<Double>.self)
            } else {
                // Below -708.39 (or NaN): libm, for its subnormals.
                for lane in 0..<4 { output[k + lane] = libmExp(x[lane]) }
            }
            k += 4
        }
        while k < count {
            output[k] = libmExp(input[k] * scale)
            k += 1
        }
    }
}
