/// A vectorized `exp` for `SIMD4<Double>`, accurate to about 1 ulp on [-708, 709].
///
/// libm's scalar `exp` is the bottleneck of every log-domain solver (one call per matrix entry per
/// half-iteration); this form runs four lanes at once with a degree-13 polynomial on the reduced
/// argument |r| <= ln2/2 (truncation error below 1e-17). Arguments below -708.39 flush to zero
/// (the result would be subnormal), above 709.78 give infinity, NaN stays NaN.
public enum VectorExp {
    @usableFromInline static let log2e = 1.4426950408889634
    @usableFromInline static let ln2High = 0.693147180369123816490
    @usableFromInline static let ln2Low = 1.90821492927058770002e-10

    @inlinable
    public static func exp(_ x: SIMD4<Double>) -> SIMD4<Double> {
        let clamped = x.clamped(lowerBound: SIMD4(repeating: -708.39), upperBound: SIMD4(repeating: 709.78))
        let k = (clamped * log2e).rounded(.toNearestOrEven)
        let r = (clamped - k * ln2High) - k * ln2Low
        // Taylor coefficients 1/n! for n = 13 down to 0, evaluated by Horner's rule.
        var p = SIMD4<Double>(repeating: 1.0 / 6227020800.0)
        p = p * r + 1.0 / 479001600.0
        p = p * r + 1.0 / 39916800.0
        p = p * r + 1.0 / 3628800.0
        p = p * r + 1.0 / 362880.0
        p = p * r + 1.0 / 40320.0
        p = p * r + 1.0 / 5040.0
        p = p * r + 1.0 / 720.0
        p = p * r + 1.0 / 120.0
        p = p * r + 1.0 / 24.0
        p = p * r + 1.0 / 6.0
        p = p * r + 0.5
        p = p * r + 1.0
        p = p * r + 1.0
        // 2^k through the exponent bits; k + 1023 is in [1, 2047] after the clamp, except at the top
        // end where two factors of 2^(k/2) avoid overflow of the biased exponent.
        let kInt = SIMD4<Int64>(k)
        let half = kInt &>> 1
        let scaleA = unsafeBitCast((half &+ 1023) &<< 52, to: SIMD4<Double>.self)
        let scaleB = unsafeBitCast((kInt &- half &+ 1023) &<< 52, to: SIMD4<Double>.self)
        var result = p * scaleA * scaleB
        result.replace(with: 0, where: x .< -708.39)
        result.replace(with: Double.infinity, where: x .> 709.78)
        result.replace(with: x, where: x .!= x)  // NaN in, NaN out
        return result
    }

    /// Scalar form using the same polynomial (for loop tails), so every element of a row is computed
    /// the same way.
    @inlinable
    public static func exp(_ x: Double) -> Double {
        exp(SIMD4<Double>(repeating: x))[0]
    }
}
