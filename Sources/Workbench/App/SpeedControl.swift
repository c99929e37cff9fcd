import Terminal

/// The solver speed steps of `<` and `>`: iterations per second from 1 up to unthrottled.
public enum SpeedControl {
    /// The throttled steps; one step above the last is unthrottled (nil).
    public static let steps: [Double] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000]

    /// The next faster setting (nil = unthrottled stays unthrottled).
    public static func faster(than speed: Double?) -> Double? {
        guard let speed else { return nil }
        return steps.first { $0 > speed }
    }

    /// The next slower setting; unthrottled steps down to the fastest throttled value.
    public static func slower(than speed: Double?) -> Double? {
        guard let speed else { return steps.last }
        return steps.last { $0 < speed } ?? steps.first
    }

    /// "max", "50 it/s", "2k it/s"; any other value (a preset may say `speed: 1e22`) prints as a
    /// number, never traps.
    public static func label(_ speed: Double?) -> String {
        guard let speed else { return "max" }
        guard speed.isFinite, speed >= 0, speed < 1e9 else { return NumberFormat.compact(speed) + " it/s" }
        return speed >= 1000 ? "\(Int(speed / 1000))k it/s" : "\(Int(speed)) it/s"
    }
}
