#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A fixed set of worker threads that run the chunks of one parallel loop at a time, without
/// allocating: `DispatchQueue.concurrentPerform` heap-allocates a block and its continuations on
/// every call (about six allocations per Sinkhorn iteration, measured by scripts/alloc-check.sh).
///
/// A loop is posted as a pointer to the caller's `ChunkedLoop` value plus a function that runs one
/// chunk of it. That function is formed in `run<Loop>`, inlined into the caller and specialized for
/// its loop type: it captures nothing, so it is a bare function pointer with no context and calls
/// the loop's specialized `run` directly. 0 heap allocations per loop (valgrind,
/// scripts/alloc-check.sh), where the closure-taking form made 1 (the context of the thunk
/// `withoutActuallyEscaping` builds, 32 bytes, on every call) and `concurrentPerform` 6.
///
/// The calling thread runs chunk 0 and then takes any chunk no worker has started, so a loop
/// finishes even when the workers are descheduled on a busy machine. One loop runs at a time: a
/// call made while another is in flight (a nested loop, or a second solver thread) runs its chunks
/// serially on its own thread. All shared state is guarded by one pthread mutex, with one condition
/// for "work posted" and one for "work done".
///
/// Waking a thread blocked on a condition costs tens of microseconds on this machine, as much as a
/// whole 1000 x 1000 matrix-vector product. So a worker that runs out of chunks, and the caller
/// waiting for the last chunk, first spin for a bounded time (polling an atomic for up to
/// 100 µs) before they block: a solver posts its next loop within microseconds, and it is
/// picked up at once. Measured on this machine: `otlab bench --kernels` K v at n = 1024 went from
/// 0.107 to 0.069-0.075 ns/element, and 20,000 Sinkhorn iterations at n = 1000 from 3.0 s to 2.3-2.7 s.
@usableFromInline
final class WorkerPool: @unchecked Sendable {
    /// Runs chunk `chunk` (covering `range`) of the loop value at the pointer.
    @usableFromInline
    typealias RunChunk = (UnsafeRawPointer, Int, Range<Int>) -> Void

    let workerCount: Int
    private let lock: UnsafeMutablePointer<pthread_mutex_t>
    private let posted: UnsafeMutablePointer<pthread_cond_t>
    private let done: UnsafeMutablePointer<pthread_cond_t>
    /// The posted loop: the caller's value (valid until `run` returns) and its chunk function. A
    /// struct, so that `Optional` holds the function as is (an `Optional` of a bare function type
    /// holds it reabstracted, behind an allocated thunk).
    private struct Job {
        let context: UnsafeRawPointer
        let runChunk: RunChunk
        let chunks: Int
        let count: Int
    }

    // Guarded by `lock`.
    private var job: Job?
    private var chunkCount = 0
    private var nextChunk = 0
    private var busy = false
    /// Chunks posted but not finished. Written under `lock`; read without it only as a hint, by
    /// the spinning caller, which then re-checks under the lock.
    private let unfinished = Atomic<Int>(0)
    /// Incremented under `lock` each time a loop is posted; spinning workers poll it.
    private let postings = Atomic<Int>(0)
    /// How long a waiting thread polls before it blocks, in nanoseconds.
    private static let spinNanoseconds = 100_000

    /// Polls `stillWaiting` for at most `spinNanoseconds`; returns early once it is false.
    @inline(__always)
    private static func spin(while stillWaiting: () -> Bool) {
        let deadline = monotonicNanoseconds() &+ spinNanoseconds
        while stillWaiting() {
            for _ in 0..<64 where !stillWaiting() { return }
            if monotonicNanoseconds() >= deadline { return }
        }
    }

    private static func monotonicNanoseconds() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return now.tv_sec &* 1_000_000_000 &+ now.tv_nsec
    }

    /// Starts `workers` threads that live as long as the process.
    init(workers: Int) {
        workerCount = max(0, workers)
        lock = .allocate(capacity: 1)
        posted = .allocate(capacity: 1)
        done = .allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
        pthread_cond_init(posted, nil)
        pthread_cond_init(done, nil)
        for _ in 0..<workerCount {
            var thread = pthread_t()
            let context = Unmanaged.passRetained(self).toOpaque()
            let started = pthread_create(&thread, nil, { context in
                Unmanaged<WorkerPool>.fromOpaque(context!).takeUnretainedValue().workLoop()
                return nil
            }, context)
            if started == 0 { pthread_detach(thread) } else { Unmanaged<WorkerPool>.fromOpaque(context).release() }
        }
    }

    /// Calls `loop.run(chunk: c, range: Parallel.chunkRange(c, of: chunks, count: count))` for every
    /// chunk `c` in `0..<chunks`, concurrently, where `loop` is the `Loop` value at `context`, and
    /// returns when all are done. Inlinable so that callers in other modules specialize it (an
    /// unspecialized one captures `Loop`'s metadata in the chunk function and allocates).
    @inlinable
    func run<Loop: ChunkedLoop>(chunks: Int, count: Int, _ loop: UnsafePointer<Loop>) {
        run(chunks: chunks, count: count, context: UnsafeRawPointer(loop)) { context, chunk, range in
            context.assumingMemoryBound(to: Loop.self).pointee.run(chunk: chunk, range: range)
        }
    }

    /// Calls `body(chunk)` for every chunk in `0..<chunks`, concurrently. One allocation per call
    /// (the context `withoutActuallyEscaping` builds); loops run every iteration use `ChunkedLoop`.
    func run(chunks: Int, _ body: (Int) -> Void) {
        withoutActuallyEscaping(body) { body in
            withUnsafePointer(to: ChunkClosureLoop(body: body)) { run(chunks: chunks, count: chunks, $0) }
        }
    }

    @usableFromInline
    @inline(never)
    func run(chunks: Int, count: Int, context: UnsafeRawPointer, _ runChunk: @escaping RunChunk) {
        guard chunks > 1, workerCount > 0 else {
            for chunk in 0..<max(0, chunks) { runChunk(context, chunk, Parallel.chunkRange(chunk, of: chunks, count: count)) }
            return
        }
        pthread_mutex_lock(lock)
        if busy {
            pthread_mutex_unlock(lock)
            for chunk in 0..<chunks { runChunk(context, chunk, Parallel.chunkRange(chunk, of: chunks, count: count)) }
            return
        }
        busy = true
        job = Job(context: context, runChunk: runChunk, chunks: chunks, count: count)
        chunkCount = chunks
        nextChunk = 1
        unfinished.store(chunks - 1, ordering: .relaxed)
        postings.add(1, ordering: .releasing)
        pthread_cond_broadcast(posted)
        pthread_mutex_unlock(lock)
        runChunk(context, 0, Parallel.chunkRange(0, of: chunks, count: count))
        pthread_mutex_lock(lock)
        while nextChunk < chunkCount {
            let chunk = nextChunk
            nextChunk += 1
            pthread_mutex_unlock(lock)
            runChunk(context, chunk, Parallel.chunkRange(chunk, of: chunks, count: count))
            pthread_mutex_lock(lock)
            unfinished.subtract(1, ordering: .relaxed)
        }
        if unfinished.load(ordering: .relaxed) > 0 {
            pthread_mutex_unlock(lock)
            Self.spin { unfinished.load(ordering: .acquiring) > 0 }
            pthread_mutex_lock(lock)
        }
        while unfinished.load(ordering: .relaxed) > 0 { pthread_cond_wait(done, lock) }
        job = nil
        chunkCount = 0
        nextChunk = 0
        busy = false
        pthread_mutex_unlock(lock)
    }

    private func workLoop() {
        pthread_mutex_lock(lock)
        while true {
            if nextChunk >= chunkCount {
                let seen = postings.load(ordering: .relaxed)
                pthread_mutex_unlock(lock)
                Self.spin { postings.load(ordering: .acquiring) == seen }
                pthread_mutex_lock(lock)
            }
            while nextChunk >= chunkCount { pthread_cond_wait(posted, lock) }
            let chunk = nextChunk
            nextChunk += 1
            // Read under the lock; the caller's value stays valid until this chunk is counted done.
            let job = self.job!
            pthread_mutex_unlock(lock)
            job.runChunk(job.context, chunk, Parallel.chunkRange(chunk, of: job.chunks, count: job.count))
            pthread_mutex_lock(lock)
            if unfinished.subtract(1, ordering: .releasing).newValue == 0 { pthread_cond_signal(done) }
        }
    }
}
