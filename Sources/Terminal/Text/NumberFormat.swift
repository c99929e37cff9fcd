import Foundation

/// Short, readable number labels for axes, colour bars and tables.
///
/// Numbers between 0.001 and 99999 print plainly with up to `significantDigits` significant digits
/// ("0.25", "1500"); others print in compact scientific form ("1e-6", "2.5e+08" becomes "2.5e8"), so
/// a log axis reads "1e-2 … 1e-6".
public enum NumberFormat {
    public static func compact(_ value: Double, significantDigits: Int = 3) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e-3 && magnitude < 1e5 {
            let decimals = max(0, significantDigits - 1 - Int(floor(log10(magnitude))))
            return trimZeros(String(format: "%.\(decimals)f", value))
        }
        return scientific(value, significantDigits: max(1, significantDigits - 1))
    }

    /// Scientific notation without padding: `1e-6`, `2.5e8`, `-3e-12`.
    public static func scientific(_ value: Double, significantDigits: Int = 2) -> String {
        if value == 0 || !value.isFinite { return compact(value) }
        var exponent = Int(floor(log10(abs(value))))
        var mantissa = value / pow(10, Double(exponent))
        let decimals = max(0, significantDigits - 1)
        var mantissaText = String(format: "%.\(decimals)f", mantissa)
        if abs(Double(mantissaText) ?? mantissa) >= 10 {  // rounding carried into the next decade
            exponent += 1
            mantissa = value / pow(10, Double(exponent))
            mantissaText = String(format: "%.\(decimals)f", mantissa)
        }
        return trimZeros(mantissaText) + "e" + String(exponent)
    }

    private static func trimZeros(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var trimmed = text
        while trimmed.hasSuffix("0") { trimmed.removeLast() }
        if trimmed.hasSuffix(".") { trimmed.removeLast() }
        return trimmed == "-0" ? "0" : trimmed
    }
}
