#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Testing
@testable import OTCore

/// The pool runs every chunk exactly once, also when loops nest or two threads submit at once.
@Suite struct WorkerPoolTests {
    @Test func everyChunkRunsOnce() {
        let pool = WorkerPool(workers: 3)
        for chunks in [1, 2, 4, 7] {
            let counts = Mutex([Int](repeating: 0, count: chunks))
            for _ in 0..<50 {
                pool.run(chunks: chunks) { chunk in counts.withLock { $0[chunk] += 1 } }
            }
            #expect(counts.withLock { $0 } == [Int](repeating: 50, count: chunks), "chunks \(chunks)")
        }
    }

    /// Loops posted back to back reach workers that are still spinning; loops posted after a pause
    /// longer than the spin (100 µs) reach workers blocked on the condition. Both must run every
    /// chunk once, and a chunk must see the writes made before its loop was posted.
    @Test(arguments: [0, 300])
    func loopsReachSpinningAndSleepingWorkers(pauseMicroseconds: Int) {
        let pool = WorkerPool(workers: 1)
        let values = Mutex([Int](repeating: 0, count: 2))
        let posted = Atomic<Int>(0)
        for round in 1...40 {
            posted.store(round, ordering: .relaxed)
            pool.run(chunks: 2) { chunk in
                let seen = posted.load(ordering: .relaxed)
                values.withLock { $0[chunk] += seen == round ? 1 : 1000 }
            }
            if pauseMicroseconds > 0 { usleep(UInt32(pauseMicroseconds)) }
        }
        #expect(values.withLock { $0 } == [40, 40])
    }

    @Test func nestedLoopsRunTheInnerOneSerially() {
        let pool = WorkerPool(workers: 1)
        let total = Atomic<Int>(0)
        pool.run(chunks: 2) { outer in
            pool.run(chunks: 3) { inner in total.add((outer + 1) * 10 + inner, ordering: .relaxed) }
        }
        // (10 + 11 + 12) + (20 + 21 + 22)
        #expect(total.load(ordering: .relaxed) == 96)
    }

    @Test func twoThreadsSubmittingAtOnceBothFinish() async {
        let pool = WorkerPool(workers: 1)
        let sums = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    let sum = Atomic<Int>(0)
                    for _ in 0..<200 { pool.run(chunks: 2) { chunk in sum.add(chunk + 1, ordering: .relaxed) } }
                    return sum.load(ordering: .relaxed)
                }
            }
            var all: [Int] = []
            for await s in group { all.append(s) }
            return all
        }
        #expect(sums == [600, 600])
    }

    @Test func parallelChunksCoverTheRangeOnce() {
        let seen = Mutex([Int](repeating: 0, count: 10_001))
        Parallel.forEachChunkIndexed(count: 10_001, minimumChunk: 10) { _, range in
            seen.withLock { for i in range { $0[i] += 1 } }
        }
        #expect(seen.withLock { $0.allSatisfy { $0 == 1 } })
    }
}
