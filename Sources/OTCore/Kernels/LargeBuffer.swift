#if canImport(Glibc)
import Glibc
#endif

/// Arrays of millions of elements filled once right after they are allocated (a Gibbs kernel, a
/// cost matrix, an `.npy` file's values), on transparent huge pages where Linux offers them.
///
/// A fresh 8 MB array costs 2048 page faults when it is first written, which on this project's VM
/// took longer than computing its contents: filling a fresh n = 1000 matrix took 5.5 ms with 4 KiB
/// pages and 2.1 ms after `madvise(MADV_HUGEPAGE)` on its 2 MiB-aligned part (medians of 21, load
/// average about 5; the kernel's setting here is `madvise`, so nothing is on huge pages unless asked).
/// Only arrays of at least `threshold` bytes are advised; elsewhere this is a plain allocation.
public enum LargeBuffer {
    /// Smallest allocation that is advised (two huge pages: below that, little of it is aligned).
    public static let threshold = 4 << 20

    /// An array of `count` doubles, every one of them written by `fill` (which must initialize all).
    public static func doubles(count: Int, _ fill: (UnsafeMutableBufferPointer<Double>) -> Void) -> [Double] {
        [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            adviseHugePages(UnsafeMutableRawBufferPointer(buffer))
            fill(buffer)
            initialized = count
        }
    }

    /// An array of `count` floats, every one of them written by `fill`.
    public static func floats(count: Int, _ fill: (UnsafeMutableBufferPointer<Float>) -> Void) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            adviseHugePages(UnsafeMutableRawBufferPointer(buffer))
            fill(buffer)
            initialized = count
        }
    }

    /// Asks Linux to back the 2 MiB-aligned part of `buffer` with huge pages (before it is touched).
    public static func adviseHugePages(_ buffer: UnsafeMutableRawBufferPointer) {
        #if os(Linux)
        guard buffer.count >= threshold, let base = buffer.baseAddress else { return }
        let huge = 1 << 21
        let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
        let end = (Int(bitPattern: base) + buffer.count) & ~(huge - 1)
        if end > start { _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, 14) }  // MADV_HUGEPAGE
        #endif
    }
}
