import OTCore

/// NumPy's legacy `RandomState` normal stream (Mersenne Twister MT19937 seeded with one 32-bit
/// integer, polar Box-Muller normals), so that `--seed S` draws the same projection directions
/// as POT's `ot.sliced.get_random_projections(d, n, seed=S)`.
///
/// Matsumoto & Nishimura 1998 (MT19937, `init_genrand` seeding); Marsaglia's polar method with
/// NumPy's 53-bit doubles built from two 32-bit outputs, the second normal of each pair kept for
/// the next draw. The uniform stream is bit-exact; normals go through `log` and `sqrt` of the
/// platform's libm, which NumPy also calls.
public struct LegacyNumPyRandom: Sendable {
    private var state = [UInt32](repeating: 0, count: 624)
    private var position = 624
    private var spareNormal: Double?

    /// `numpy.random.RandomState(seed)` for a seed in 0 ..< 2^32.
    public init(seed: UInt32) {
        var s = seed
        for index in 0..<624 {
            state[index] = s
            s = 1_812_433_253 &* (s ^ (s >> 30)) &+ UInt32(index + 1)
        }
    }

    /// The next 32 random bits (MT19937 with its standard tempering).
    public mutating func nextUInt32() -> UInt32 {
        if position >= 624 { regenerate() }
        var y = state[position]
        position += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    /// A double in [0, 1) with 53 random bits (NumPy's `random_sample`).
    public mutating func nextUniform() -> Double {
        let high = Double(nextUInt32() >> 5), low = Double(nextUInt32() >> 6)
        return (high * 67_108_864 + low) / 9_007_199_254_740_992
    }

    /// A standard normal (NumPy's legacy `randn`).
    public mutating func nextNormal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        var x1 = 0.0, x2 = 0.0, r2 = 0.0
        repeat {
            x1 = 2 * nextUniform() - 1
            x2 = 2 * nextUniform() - 1
            r2 = x1 * x1 + x2 * x2
        } while r2 >= 1 || r2 == 0
        let f = (-2 * libmLog(r2) / r2).squareRoot()
        spareNormal = f * x1
        return f * x2
    }

    private mutating func regenerate() {
        let upper: UInt32 = 0x8000_0000, lower: UInt32 = 0x7FFF_FFFF
        for k in 0..<624 {
            let y = (state[k] & upper) | (state[(k + 1) % 624] & lower)
            var next = state[(k + 397) % 624] ^ (y >> 1)
            if y & 1 != 0 { next ^= 0x9908_B0DF }
            state[k] = next
        }
        position = 0
    }
}
