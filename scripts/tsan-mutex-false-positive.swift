// Shows that ThreadSanitizer on Linux reports "data race" for state accessed only inside
// Synchronization.Mutex.withLock when the lock is contended: four threads update a struct under the
// lock and the final count is exact (800000), yet TSan reports races. The contended path of the lock
// lives in the prebuilt, uninstrumented Synchronization library, so TSan misses its acquire edge.
// otlab's runner reports under TSan are of exactly this kind (reads and writes inside withLock).
//
//   swiftc -sanitize=thread -O scripts/tsan-mutex-false-positive.swift -o /tmp/m && /tmp/m
import Foundation
import Synchronization
struct State { var a = 0; var b = false; var c = [Int]() }
final class Box: Sendable { let m = Mutex<State>(State()) }
let box = Box()
let done = DispatchSemaphore(value: 0)
for t in 0..<4 { Thread { for i in 0..<200000 { box.m.withLock { $0.a += 1; $0.b = (i % 2 == t % 2); if $0.c.count < 10 { $0.c.append(i) } } }; done.signal() }.start() }
for _ in 0..<4 { done.wait() }
print("total", box.m.withLock { $0.a })
