import Testing
@testable import OTCore

/// `Parallel.forEachChunk` with a `ChunkedLoop` value computes what the serial loop computes: every
/// index once, each chunk its own part, for odd sizes, one or many chunks, and empty ranges.
@Suite struct ChunkedLoopTests {
    /// `out[i] = sqrt(i) + 1` over the chunk, the chunk's sum into `partial[chunk]`, and one tick per
    /// index into `visits` (to catch an index run twice).
    struct SquareRoots: ChunkedLoop {
        let out: UnsafeMutablePointer<Double>
        let partial: UnsafeMutablePointer<Double>
        let visits: UnsafeMutablePointer<Int>

        func run(chunk: Int, range: Range<Int>) {
            var sum = 0.0
            for i in range {
                out[i] = Double(i).squareRoot() + 1
                visits[i] += 1
                sum += out[i]
            }
            partial[chunk] += sum
        }
    }

    /// Runs `SquareRoots` over `0..<count` and returns (out, per-chunk sums, visits), each with one
    /// extra element past the range (which must stay untouched).
    func compute(count: Int, minimumChunk: Int) -> ([Double], [Double], [Int]) {
        var out = [Double](repeating: 0, count: count + 1)
        var partial = [Double](repeating: 0, count: Parallel.workerCount + 1)
        var visits = [Int](repeating: 0, count: count + 1)
        out.withUnsafeMutableBufferPointer { o in
            partial.withUnsafeMutableBufferPointer { p in
                visits.withUnsafeMutableBufferPointer { v in
                    Parallel.forEachChunk(count: count, minimumChunk: minimumChunk, SquareRoots(
                        out: o.baseAddress!, partial: p.baseAddress!, visits: v.baseAddress!))
                }
            }
        }
        return (out, partial, visits)
    }

    @Test(arguments: [(1, 1), (7, 1), (1_001, 3), (10_007, 1), (10_007, 64), (99_999, 1_000), (5, 100)])
    func matchesTheSerialLoop(count: Int, minimumChunk: Int) {
        let (out, partial, visits) = compute(count: count, minimumChunk: minimumChunk)
        let serial = (0..<count).map { Double($0).squareRoot() + 1 }
        #expect(out == serial + [0])
        #expect(visits == [Int](repeating: 1, count: count) + [0])
        let chunks = Parallel.chunkCount(count: count, minimumChunk: minimumChunk)
        // Each chunk summed exactly its own part of the range, in order.
        for chunk in 0..<chunks {
            let range = Parallel.chunkRange(chunk, of: chunks, count: count)
            #expect(partial[chunk] == serial[range].reduce(0, +), "chunk \(chunk) of \(chunks)")
        }
        for chunk in chunks..<partial.count { #expect(partial[chunk] == 0) }
    }

    @Test func emptyRangeRunsNothing() {
        struct Count: ChunkedLoop {
            let calls: UnsafeMutablePointer<Int>
            func run(chunk: Int, range: Range<Int>) { calls.pointee += 1 }
        }
        var calls = 0
        withUnsafeMutablePointer(to: &calls) { Parallel.forEachChunk(count: 0, minimumChunk: 1, Count(calls: $0)) }
        #expect(calls == 0)
        let (out, _, visits) = compute(count: 0, minimumChunk: 1)
        #expect(out == [0] && visits == [0])
    }

    /// On a pool with more workers than this machine may have: every chunk once, with its range.
    @Test func poolRunsEveryChunkWithItsRange() {
        struct Record: ChunkedLoop {
            let ranges: UnsafeMutablePointer<Range<Int>>
            let counts: UnsafeMutablePointer<Int>
            func run(chunk: Int, range: Range<Int>) {
                ranges[chunk] = range
                counts[chunk] += 1
            }
        }
        let pool = WorkerPool(workers: 3)
        for (chunks, count) in [(1, 5), (2, 3), (3, 10), (7, 10), (7, 7), (5, 1_001)] {
            var ranges = [Range<Int>](repeating: 0..<0, count: chunks)
            var counts = [Int](repeating: 0, count: chunks)
            ranges.withUnsafeMutableBufferPointer { r in
                counts.withUnsafeMutableBufferPointer { c in
                    withUnsafePointer(to: Record(ranges: r.baseAddress!, counts: c.baseAddress!)) {
                        pool.run(chunks: chunks, count: count, $0)
                    }
                }
            }
            #expect(counts == [Int](repeating: 1, count: chunks), "chunks \(chunks), count \(count)")
            #expect(ranges == (0..<chunks).map { Parallel.chunkRange($0, of: chunks, count: count) })
            #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == count)
        }
    }

    @Test func tilesRunOnceEach() {
        struct Tiles: ChunkedLoop {
            let counts: UnsafeMutablePointer<Int>
            func run(chunk: Int, range: Range<Int>) {
                #expect(range == chunk..<(chunk + 1))
                counts[chunk] += 1
            }
        }
        for (count, work) in [(0, 1 << 20), (1, 1 << 20), (13, 1 << 20), (13, 10)] {
            var counts = [Int](repeating: 0, count: count + 1)
            counts.withUnsafeMutableBufferPointer { c in
                TiledSoftmin.forEachTile(count: count, work: work, Tiles(counts: c.baseAddress!))
            }
            #expect(counts == [Int](repeating: 1, count: count) + [0], "tiles \(count), work \(work)")
        }
    }
}
