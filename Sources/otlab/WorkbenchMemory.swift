#if canImport(Glibc)
import Glibc
#endif

/// Keeps the workbench's memory from creeping up over a long session of restarts and presets.
///
/// glibc raises its mmap threshold each time a large block is freed, so after the first few
/// problems the solver threads' big blocks (plans, kernels, potentials: hundreds of kB and more)
/// come from malloc's per-thread arenas, which keep them after `free`. In a 10-minute soak
/// (`scripts/soak.sh`) RSS climbed from 30 to about 105 MB that way. A fixed threshold (setting
/// it turns glibc's adjustment off) sends blocks of 128 kB and more to `mmap`, and back to the
/// system when freed: the same soak stays at 30 to 40 MB. Only the workbench sets it; headless
/// commands and benchmarks keep glibc's defaults.
enum WorkbenchMemory {
    /// Blocks at least this large are mapped on their own (glibc's initial default).
    static let mmapThreshold: Int32 = 128 * 1024
    /// `M_MMAP_THRESHOLD` of `<malloc.h>`, which the Glibc module does not import.
    static let mmapThresholdOption: Int32 = -3

    static func returnLargeBlocksToTheSystem() {
        #if canImport(Glibc)
        // `mallopt` is looked up rather than declared: `<malloc.h>` is not part of the Glibc module.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return }  // nil is RTLD_DEFAULT
        _ = unsafeBitCast(symbol, to: Mallopt.self)(mmapThresholdOption, mmapThreshold)
        #endif
    }
}
