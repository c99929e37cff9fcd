/// A fast `exp` accurate to about 1 ulp on [-708.39, 709.78], in scalar and `SIMD4<Double>` forms.
///
/// libm's `exp` is the bottleneck of every log-domain solver (one call per matrix entry per
/// half-iteration). Both forms use the same branch-free algorithm: round `x log2(e)` to an integer
/// k with the 1.5 x 2^52 "magic number" addition, reduce to |r| <= ln2/2, evaluate a degree-13
/// Taylor polynomial (truncation error below 1e-17), and scale by 2^k built directly in the
/// exponent bits (two factors, so k up to 1024 works). Only concrete SIMD operations are used:
/// Swift's generic SIMD helpers (`rounded`, `clamped`, `replace(with:where:)`) are not lowered to
/// vector instructions and made an earlier version 6x slower than libm (92 ns vs 15 ns per element,
/// `otlab bench --kernels`). Arguments below -708.39 give 0, above 709.78 give infinity, NaN stays NaN.
public enum VectorExp {
    @usableFromInline static let log2e = 1.4426950408889634
    @usableFromInline static let ln2High = 0.693147180369123816490
    @usableFromInline static let ln2Low = 1.90821492927058770002e-10
    /// 1.5 x 2^52: adding it rounds a double of magnitude < 2^51 to an integer, which then sits in
    /// the low mantissa bits.
    @usableFromInline static let roundingMagic = 6755399441055744.0
    @usableFromInline static let roundingMagicBits: Int64 = 0x4338_0000_0000_0000
    @usableFromInline static let lowest = -708.39
    @usableFromInline static let highest = 709.78

    /// The two forms the algorithm runs on, one double and four lanes: what the polynomial needs of
    /// them, so that it is written once and both forms evaluate exactly the same Horner steps.
    /// (Only ever used specialized: the callers are concrete and everything here is inlined.)
    @usableFromInline protocol Lane {
        /// Every lane equal to `c`.
        static func splat(_ c: Double) -> Self
        /// `p * r + c`, one fused multiply-add where the CPU has FMA (`Kernels.multiplyAdd`).
        static func multiplyAdd(_ p: Self, _ r: Self, _ c: Double) -> Self
    }

    /// `exp(r)` for |r| <= ln2/2: the degree-13 Taylor polynomial by Horner's rule.
    @inlinable @inline(__always)
    static func polynomial<V: Lane>(_ r: V) -> V {
        var p = V.splat(1.0 / 6227020800.0)
        p = V.multiplyAdd(p, r, 1.0 / 479001600.0)
        p = V.multiplyAdd(p, r, 1.0 / 39916800.0)
        p = V.multiplyAdd(p, r, 1.0 / 3628800.0)
        p = V.multiplyAdd(p, r, 1.0 / 362880.0)
        p = V.multiplyAdd(p, r, 1.0 / 40320.0)
        p = V.multiplyAdd(p, r, 1.0 / 5040.0)
        p = V.multiplyAdd(p, r, 1.0 / 720.0)
        p = V.multiplyAdd(p, r, 1.0 / 120.0)
        p = V.multiplyAdd(p, r, 1.0 / 24.0)
        p = V.multiplyAdd(p, r, 1.0 / 6.0)
        p = V.multiplyAdd(p, r, 0.5)
        p = V.multiplyAdd(p, r, 1.0)
        return V.multiplyAdd(p, r, 1.0)
    }

    @inlinable @inline(__always)
    public static func exp(_ x: SIMD4<Double>) -> SIMD4<Double> {
        // Clamp with comparisons and bit selects (concrete operations only).
        let low = SIMD4<Double>(repeating: lowest), high = SIMD4<Double>(repeating: highest)
        let tooLow = x .< low, tooHigh = x .> high, notANumber = x .!= x
        var clamped = x
        clamped = select(tooLow, low, clamped)
        clamped = select(tooHigh, high, clamped)
        clamped = select(notANumber, SIMD4(repeating: 0), clamped)
        let magic = SIMD4<Double>(repeating: roundingMagic)
        let shifted = clamped * SIMD4(repeating: log2e) + magic
        let k = shifted - magic
        let r = (clamped - k * SIMD4(repeating: ln2High)) - k * SIMD4(repeating: ln2Low)
        let p = polynomial(r)
        let kBits = unsafeBitCast(shifted, to: SIMD4<Int64>.self) &- SIMD4(repeating: roundingMagicBits)
        // Split k into two halves in floating point (k/2 rounded by the same magic addition): SSE2
        // has no 64-bit arithmetic shift, and `kBits &>> 1` was done lane by lane in scalar code.
        let halfShifted = k * SIMD4(repeating: 0.5) + magic
        let half = unsafeBitCast(halfShifted, to: SIMD4<Int64>.self) &- SIMD4(repeating: roundingMagicBits)
        let bias = SIMD4<Int64>(repeating: 1023)
        let scaleA = unsafeBitCast((half &+ bias) &<< 52, to: SIMD4<Double>.self)
        let scaleB = unsafeBitCast((kBits &- half &+ bias) &<< 52, to: SIMD4<Double>.self)
        var result = p * scaleA * scaleB
        result = select(tooLow, SIMD4(repeating: 0), result)
        result = select(tooHigh, SIMD4(repeating: .infinity), result)
        result = select(notANumber, x, result)
        return result
    }

    /// Lane-wise `mask ? a : b` through the bit patterns (a concrete `&`/`|`).
    @inlinable @inline(__always)
    static func select(_ mask: SIMDMask<SIMD4<Int64>>, _ a: SIMD4<Double>, _ b: SIMD4<Double>) -> SIMD4<Double> {
        let m = unsafeBitCast(mask, to: SIMD4<Int64>.self)
        let ab = unsafeBitCast(a, to: SIMD4<Int64>.self), bb = unsafeBitCast(b, to: SIMD4<Int64>.self)
        return unsafeBitCast((ab & m) | (bb & ~m), to: SIMD4<Double>.self)
    }

    /// Scalar form with the same algorithm, so every element of a row is computed the same way.
    @inlinable
    public static func exp(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x < lowest { return 0 }
        if x > highest { return .infinity }
        let shifted = x * log2e + roundingMagic
        let k = shifted - roundingMagic
        let r = (x - k * ln2High) - k * ln2Low
        let p = polynomial(r)
        let kBits = Int64(bitPattern: shifted.bitPattern) &- roundingMagicBits
        let half = kBits >> 1
        let scaleA = Double(bitPattern: UInt64(bitPattern: (half &+ 1023) << 52))
        let scaleB = Double(bitPattern: UInt64(bitPattern: (kBits &- half &+ 1023) << 52))
        return p * scaleA * scaleB
    }
}

extension Double: VectorExp.Lane {
    @inlinable @inline(__always)
    static func splat(_ c: Double) -> Double { c }

    @inlinable @inline(__always)
    static func multiplyAdd(_ p: Double, _ r: Double, _ c: Double) -> Double { Kernels.multiplyAdd(c, p, r) }
}

extension SIMD4: VectorExp.Lane where Scalar == Double {
    @inlinable @inline(__always)
    static func splat(_ c: Double) -> SIMD4<Double> { SIMD4(repeating: c) }

    @inlinable @inline(__always)
    static func multiplyAdd(_ p: SIMD4<Double>, _ r: SIMD4<Double>, _ c: Double) -> SIMD4<Double> {
        Kernels.multiplyAdd(SIMD4(repeating: c), p, r)
    }
}
