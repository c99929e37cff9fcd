/// Floating-point width in which a solver stores its large matrix (the Gibbs kernel).
///
/// `f32` halves the memory and the memory traffic of an iteration; sums stay in `Double`. It is
/// only safe while `exp(-C/reg)` stays a normal `Float`, that is while `C/reg` stays below
/// `Precision.float32ExponentLimit` (about 87).
public enum Precision: String, Sendable, CaseIterable {
    case f64
    case f32

    /// Largest `C/reg` for which `exp(-C/reg)` is a normal `Float`: `-log(Float.leastNormalMagnitude)`.
    public static let float32ExponentLimit = 87.33654475055310898657
}
