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
