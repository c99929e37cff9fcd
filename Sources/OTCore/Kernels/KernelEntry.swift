/// A matrix entry type the dense kernels can stream: `Double`, or `Float` widened to `Double` on load,
/// so a `Float` matrix halves the memory traffic while every product and sum stays in `Double`.
public protocol KernelEntry: BinaryFloatingPoint, Sendable {
    /// Four consecutive entries starting at `base + offset`, widened to `Double`.
    static func wideLoad4(_ base: UnsafePointer<Self>, _ offset: Int) -> SIMD4<Double>
    /// Eight consecutive entries starting at `base + offset`, widened to `Double`.
    static func wideLoad8(_ base: UnsafePointer<Self>, _ offset: Int) -> SIMD8<Double>
    /// One entry widened to `Double`.
    static func wide(_ value: Self) -> Double
}

extension Double: KernelEntry {
    @inlinable @inline(__always)
    public static func wideLoad4(_ base: UnsafePointer<Double>, _ offset: Int) -> SIMD4<Double> {
        UnsafeRawPointer(base).loadUnaligned(fromByteOffset: offset &* 8, as: SIMD4<Double>.self)
    }

    @inlinable @inline(__always)
    public static func wideLoad8(_ base: UnsafePointer<Double>, _ offset: Int) -> SIMD8<Double> {
        UnsafeRawPointer(base).loadUnaligned(fromByteOffset: offset &* 8, as: SIMD8<Double>.self)
    }

    @inlinable @inline(__always)
    public static func wide(_ value: Double) -> Double { value }
}

extension Float: KernelEntry {
    @inlinable @inline(__always)
    public static func wideLoad4(_ base: UnsafePointer<Float>, _ offset: Int) -> SIMD4<Double> {
        SIMD4<Double>(UnsafeRawPointer(base).loadUnaligned(fromByteOffset: offset &* 4, as: SIMD4<Float>.self))
    }

    @inlinable @inline(__always)
    public static func wideLoad8(_ base: UnsafePointer<Float>, _ offset: Int) -> SIMD8<Double> {
        SIMD8<Double>(UnsafeRawPointer(base).loadUnaligned(fromByteOffset: offset &* 4, as: SIMD8<Float>.self))
    }

    @inlinable @inline(__always)
    public static func wide(_ value: Float) -> Double { Double(value) }
}
