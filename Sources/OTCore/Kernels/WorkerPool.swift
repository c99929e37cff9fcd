#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fixed set of worker threads that run the chunks of one parallel loop at a time, without
/// allocating: `DispatchQueue.concurrentPerform` heap-allocates a block and its continuations on
/// every call (about six allocations per Sinkhorn iteration, measured by scripts/alloc-check.sh).
///
/// The calling thread runs chunk 0 and then takes any chunk no worker has started, so a loop
/// finishes even when the workers are descheduled on a busy machine. One loop runs at a time: a
/// call made while another is in flight (a nested loop, or a second solver thread) runs its chunks
/// serially on its own thread. All shared state is guarded by one pthread mutex, with one condition
/// for "work posted" and one for "work done".
final class WorkerPool: @unchecked Sendable {
    let workerCount: Int
    private let lock: UnsafeMutablePointer<pthread_mutex_t>
    private let posted: UnsafeMutablePointer<pthread_cond_t>
    private let done: UnsafeMutablePointer<pthread_cond_t>
    /// The loop body, wrapped so that `Optional` holds the function as is (an `Optional` of a bare
    /// function type holds it reabstracted).
    private struct Job {
        let body: (Int) -> Void
    }

    // Guarded by `lock`.
    private var job: Job?
    private var chunkCount = 0
    private var nextChunk = 0
    private var unfinished = 0
    private var busy = false

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

    /// Calls `body(chunk)` for every chunk in `0..<chunks`, concurrently, and returns when all are done.
    ///
    /// Never inlined: inlined into a caller, the caller's closure would be formed as an escaping one
    /// with a heap-allocated context. (The optimizer still specializes this function for the
    /// caller's closure and allocates its 32-byte context once per call: scripts/alloc-check.sh
    /// counts one allocation per parallel loop, against six with `concurrentPerform`.)
    @inline(never)
    func run(chunks: Int, _ body: (Int) -> Void) {
        guard chunks > 1, workerCount > 0 else {
            for chunk in 0..<max(0, chunks) { body(chunk) }
            return
        }
        withoutActuallyEscaping(body) { body in
            pthread_mutex_lock(lock)
            if busy {
                pthread_mutex_unlock(lock)
                for chunk in 0..<chunks { body(chunk) }
                return
            }
            busy = true
            job = Job(body: body)
            chunkCount = chunks
            nextChunk = 1
            unfinished = chunks - 1
            pthread_cond_broadcast(posted)
            pthread_mutex_unlock(lock)
            body(0)
            pthread_mutex_lock(lock)
            while nextChunk < chunkCount {
                let chunk = nextChunk
                nextChunk += 1
                pthread_mutex_unlock(lock)
                body(chunk)
                pthread_mutex_lock(lock)
                unfinished -= 1
            }
            while unfinished > 0 { pthread_cond_wait(done, lock) }
            job = nil
            chunkCount = 0
            nextChunk = 0
            busy = false
            pthread_mutex_unlock(lock)
        }
    }

    private func workLoop() {
        pthread_mutex_lock(lock)
        while true {
            while nextChunk >= chunkCount { pthread_cond_wait(posted, lock) }
            let chunk = nextChunk
            nextChunk += 1
            do {
                // The reference to the caller's closure ends with this scope, before the caller
                // can see the chunk as finished and leave `withoutActuallyEscaping`.
                let work = job!.body
                pthread_mutex_unlock(lock)
                work(chunk)
            }
            pthread_mutex_lock(lock)
            unfinished -= 1
            if unfinished == 0 { pthread_cond_signal(done) }
        }
    }
}
