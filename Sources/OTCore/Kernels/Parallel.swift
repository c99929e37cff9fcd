/// Splits index ranges over the machine's cores.
///
/// Small workloads stay on the calling thread: waking a worker costs a few microseconds, which is
/// more than a 100 x 100 matrix-vector product. Large ones run on `WorkerPool`'s threads (one per
/// core besides the caller): one small allocation per call, where `concurrentPerform` made six.
public enum Parallel {
    /// Number of worker chunks used for large workloads (the machine's active cores).
    public static let workerCount: Int = max(1, System.activeProcessorCount)

    /// The threads that run chunks 1... (the caller runs chunk 0).
    static let pool = WorkerPool(workers: workerCount - 1)

    /// Calls `body` on disjoint contiguous sub-ranges of `0..<count`, concurrently when there are at
    /// least two chunks of `minimumChunk` indices.
    public static func forEachChunk(count: Int, minimumChunk: Int, _ body: (Range<Int>) -> Void) {
        let chunks = min(workerCount, count / max(1, minimumChunk))
        if chunks <= 1 {
            if count > 0 { body(0..<count) }
            return
        }
        pool.run(chunks: chunks) { chunk in body(chunkRange(chunk, of: chunks, count: count)) }
    }

    /// Number of chunks `forEachChunk` would use, so callers can size per-chunk scratch space.
    public static func chunkCount(count: Int, minimumChunk: Int) -> Int {
        max(1, min(workerCount, count / max(1, minimumChunk)))
    }

    /// Like `forEachChunk`, but also passes the chunk index (for per-chunk accumulators).
    public static func forEachChunkIndexed(count: Int, minimumChunk: Int, _ body: (Int, Range<Int>) -> Void) {
        let chunks = chunkCount(count: count, minimumChunk: minimumChunk)
        if chunks <= 1 {
            if count > 0 { body(0, 0..<count) }
            return
        }
        pool.run(chunks: chunks) { chunk in body(chunk, chunkRange(chunk, of: chunks, count: count)) }
    }

    @inline(__always)
    static func chunkRange(_ chunk: Int, of chunks: Int, count: Int) -> Range<Int> {
        let lower = count * chunk / chunks
        let upper = count * (chunk + 1) / chunks
        return lower..<upper
    }
}

/// Facts about the machine, read once.
public enum System {
    public static let activeProcessorCount: Int = {
        #if canImport(Glibc)
        return Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #else
        return 1
        #endif
    }()
}

#if canImport(Glibc)
import Glibc
#endif
