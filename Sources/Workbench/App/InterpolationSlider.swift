import Foundation

/// The time slider of the displacement interpolation shown in the problem pane: `[` and `]` move
/// t by 0.1 within 0…1, `a` plays an animation that sweeps t 0 → 1 → 0 and back, and any step
/// stops it. Inactive until first used, so the pane shows the plain problem until then.
public struct InterpolationSlider: Sendable, Equatable {
    /// How far `[` and `]` move t.
    public static let step = 0.1
    /// Seconds one sweep from 0 to 1 takes while playing.
    public static let sweepSeconds = 2.5

    /// True once the slider was used: the problem pane then draws μ_t.
    public var isActive = false
    public private(set) var t = 0.0
    public private(set) var isPlaying = false
    private var direction = 1.0
    private var lastTick: Double?

    public init() {}

    /// Moves t by `delta`, snapped to the 0.1 grid and clamped to 0…1; stops the animation.
    public mutating func move(by delta: Double) {
        isActive = true
        isPlaying = false
        t = min(1, max(0, ((t + delta) / Self.step).rounded() * Self.step))
    }

    /// Starts or stops the sweep.
    public mutating func togglePlaying(now: Double) {
        isActive = true
        isPlaying.toggle()
        lastTick = now
    }

    /// Hides μ_t again and stops the animation.
    public mutating func deactivate() {
        isActive = false
        isPlaying = false
    }

    /// Advances a playing sweep to `now`, bouncing at 0 and 1; returns true when t changed.
    public mutating func advance(now: Double) -> Bool {
        guard isPlaying else { return false }
        let elapsed = max(0, now - (lastTick ?? now))
        lastTick = now
        guard elapsed > 0 else { return false }
        var next = t + direction * elapsed / Self.sweepSeconds
        while next > 1 || next < 0 {
            if next > 1 { next = 2 - next; direction = -1 }
            if next < 0 { next = -next; direction = 1 }
        }
        t = next
        return true
    }

    /// "t = 0.40", as the problem pane's title shows it.
    public var label: String { String(format: "t = %.2f", t) }
}
