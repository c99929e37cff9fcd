import Foundation

/// How the lesson statistics write numbers in their statistics-pane rows.
enum StatisticsFormat {
    /// Whole numbers as integers, others with four significant digits.
    static func compact(_ x: Double) -> String {
        guard x.isFinite else { return "—" }
        if x == x.rounded() && abs(x) < 1e9 { return String(Int(x)) }
        return String(format: "%.4g", x)
    }

    /// A ratio such as a load imbalance, two decimals.
    static func ratio(_ x: Double) -> String { x.isFinite ? String(format: "%.2f", x) : "—" }

    /// A fraction as a percentage, one decimal.
    static func percent(_ x: Double) -> String { x.isFinite ? String(format: "%.1f%%", 100 * x) : "—" }
}
