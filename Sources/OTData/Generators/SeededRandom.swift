import Foundation
import OTCore

/// A small, seeded pseudo-random generator whose streams are the same on every platform and
/// Swift version: xoshiro256** (Blackman and Vigna) with its state filled by SplitMix64.
///
/// Swift's `SystemRandomNumberGenerator` cannot be seeded and the standard library's
/// `random(in:using:)` algorithms are not promised to stay fixed, so generators draw only
/// through `nextUInt64()`, `nextUniform()` and `nextNormal()` below. The uniform stream is
/// bit-for-bit reproducible; normals go through `log`, `cos` and `sin`, which platform math
/// libraries may round differently in the last bit.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var s0, s1, s2, s3: UInt64
    /// The second normal of the last Box–Muller pair, handed out by the next `nextNormal()`.
    private var spareNormal: Double?

    public init(seed: UInt64) {
        var splitMix = SplitMix64(seed: seed)
        s0 = splitMix.next()
        s1 = splitMix.next()
        s2 = splitMix.next()
        s3 = splitMix.next()
    }

    /// A seed given as a (non-negative) `Int`, as parameters carry it.
    public init(seed: Int) {
        self.init(seed: UInt64(bitPattern: Int64(seed)))
    }

    /// The next 64 random bits (xoshiro256**).
    public mutating func nextUInt64() -> UInt64 {
        let result = rotateLeft(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, 45)
        return result
    }

    public mutating func next() -> UInt64 { nextUInt64() }

    /// A uniform double in [0, 1) with 53 random bits.
    public mutating func nextUniform() -> Double {
        Double(nextUInt64() >> 11) * 0x1.0p-53
    }

    /// A uniform double in [low, high).
    public mutating func nextUniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * nextUniform()
    }

    /// A standard normal deviate (Box–Muller; pairs are used in turn).
    public mutating func nextNormal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        let u1 = Double((nextUInt64() >> 11) + 1) * 0x1.0p-53   // (0, 1]: log stays finite
        let u2 = nextUniform()
        let radius = (-2 * log(u1)).squareRoot()
        let angle = 2 * Double.pi * u2
        spareNormal = radius * sin(angle)
        return radius * cos(angle)
    }

    /// The running sums of `weights`: what `nextIndex(weightedBy:)` takes, computed once per
    /// sample rather than once per draw.
    public static func cumulativeSums(_ weights: [Double]) -> [Double] {
        var running = 0.0
        return weights.map { running += $0; return running }
    }

    /// An index drawn with probability proportional to the weights whose running sums are
    /// `cumulative` (see `cumulativeSums`; non-negative weights, positive sum).
    public mutating func nextIndex(weightedBy cumulative: [Double]) -> Int {
        guard let total = cumulative.last, total > 0 else { return 0 }
        let target = nextUniform() * total
        var low = 0, high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] > target { high = middle } else { low = middle + 1 }
        }
        return low
    }

    private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }
}
