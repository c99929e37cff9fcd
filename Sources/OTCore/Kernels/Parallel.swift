/// Splits index ranges over the machine's cores.
///
/// Small workloads stay on the calling thread: waking a worker costs a few microseconds, which is
/// more than a 100 x 100 matrix-vector product. Large ones run on `WorkerPool`'s threads (one per
/// core besides the caller). The `ChunkedLoop` form allocates nothing (use it in solver iterations);
/// the closure forms allocate once per call (32 bytes, from `withoutActuallyEscaping`), where
/// `concurrentPerform` made six.
public enum Parallel {
    /// Number of worker chunks used for large workloads (the machine's active cores).
    public static let workerCount: Int = max(1, System.activeProcessorCount)

    /// The threads that run chunks 1... (the caller runs chunk 0).
    @usableFromInline
    static let pool = WorkerPool(workers: workerCount - 1)

    /// Calls `loop.run(chunk:range:)` on disjoint contiguous sub-ranges of `0..<count`, concurrently
    /// when there are at least two chunks of `minimumChunk` indices (`chunkCount(count:minimumChunk:)`
    /// of them, chunk `c` covering the `c`-th of those equal parts). Allocates nothing. Inlinable so
    /// that it is specialized for `Loop` in the caller's module (see `WorkerPool`).
    @inlinable
    public static func forEachChunk<Loop: ChunkedLoop>(count: Int, minimumChunk: Int, _ loop: Loop) {
        let chunks = chunkCount(count: count, minimumChunk: minimumChunk)
        if chunks <= 1 {
            if count > 0 { loop.run(chunk: 0, range: 0..<count) }
            return
        }
        withUnsafePointer(to: loop) { pool.run(chunks: chunks, count: count, $0) }
    }

    /// Calls `body` on disjoint contiguous sub-ranges of `0..<count`, concurrently when there are at
    /// least two chunks of `minimumChunk` indices. One allocation per concurrent call: for setup
    /// code; loops run every solver iteration use the `ChunkedLoop` form.
    public static func forEachChunk(count: Int, minimumChunk: Int, _ body: (Range<Int>) -> Void) {
        forEachChunkIndexed(count: count, minimumChunk: minimumChunk) { _, range in body(range) }
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
        withoutActuallyEscaping(body) { body in
            withUnsafePointer(to: ClosureLoop(body: body)) { pool.run(chunks: chunks, count: count, $0) }
        }
    }

    @usableFromInline @inline(__always)
    static func chunkRange(_ chunk: Int, of chunks: Int, count: Int) -> Range<Int> {
        let lower = count * chunk / chunks
        let upper = count * (chunk + 1) / chunks
        return lower..<upper
    }
}

/// The body of a parallel loop over chunks of an index range (`Parallel.forEachChunk`): a value
/// holding what the body reads and writes (raw pointers, scalars), so that posting it to the worker
/// threads needs no closure and no allocation. Each chunk must write only its own part of the output.
///
/// Measured with valgrind (scripts/alloc-check.sh, n = 400, two cores): 0 heap allocations per
/// parallel loop, against 1 for a closure (the 32-byte context of the thunk
/// `withoutActuallyEscaping` builds on every call) and 6 for `DispatchQueue.concurrentPerform`.
public protocol ChunkedLoop {
    /// Runs the loop body over `range`, the `chunk`-th part of the index range.
    func run(chunk: Int, range: Range<Int>)
}

/// A closure as a `ChunkedLoop`, for the closure forms of `Parallel.forEachChunk`.
struct ClosureLoop: ChunkedLoop {
    let body: (Int, Range<Int>) -> Void
    func run(chunk: Int, range: Range<Int>) { body(chunk, range) }
}

/// A closure of the chunk index as a `ChunkedLoop` (`WorkerPool.run(chunks:_:)`).
struct ChunkClosureLoop: ChunkedLoop {
    let body: (Int) -> Void
    func run(chunk: Int, range: Range<Int>) { body(chunk) }
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
