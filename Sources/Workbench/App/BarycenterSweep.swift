/// The `a` key on a barycenter problem: λ travels around the simplex of the K inputs (for three,
/// the edges of the triangle; for two, from one input to the other and back), one step each time
/// the barycenter of the current λ has been computed, so the plan pane morphs between the inputs.
public struct BarycenterSweep: Sendable, Equatable {
    /// Steps per lap around the simplex.
    public static let stepsPerLap = 36
    /// Seconds the finished barycenter of one λ stays on screen before the next starts.
    public static let hold = 0.15

    public private(set) var isPlaying = false
    /// Position on the lap, in [0, 1).
    public private(set) var phase = 0.0
    /// When the current λ's run was seen to finish (nil while it runs).
    var finishedAt: Double?

    public init() {}

    public mutating func toggle() {
        isPlaying.toggle()
        finishedAt = nil
    }

    public mutating func stop() {
        isPlaying = false
        finishedAt = nil
    }

    /// Advances one step; returns the new λ.
    public mutating func advance(count: Int) -> [Double] {
        phase = (phase + 1 / Double(Self.stepsPerLap)).truncatingRemainder(dividingBy: 1)
        finishedAt = nil
        return Self.weights(phase: phase, count: count)
    }

    /// λ at `phase` for K inputs: K = 2 goes from (1, 0) to (0, 1) and back; K >= 3 walks the
    /// polygon of corners e_1 -> e_2 -> ... -> e_K -> e_1, linearly along each edge.
    public static func weights(phase: Double, count: Int) -> [Double] {
        guard count >= 2 else { return [1] }
        var weights = [Double](repeating: 0, count: count)
        if count == 2 {
            let t = phase < 0.5 ? 2 * phase : 2 - 2 * phase
            weights[0] = 1 - t
            weights[1] = t
            return weights
        }
        let position = phase * Double(count)
        let edge = min(count - 1, Int(position))
        let t = position - Double(edge)
        weights[edge] = 1 - t
        weights[(edge + 1) % count] += t
        return weights
    }
}
