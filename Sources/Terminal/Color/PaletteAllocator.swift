/// Hands out palette slots for exact colours on terminals that can redefine their palette
/// (terminfo `ccc` and `initc`, e.g. xterm-256color), the fallback for 24-bit colour where the
/// terminfo entry lacks `RGB`.
///
/// Each distinct RGB value gets the next free slot, which the backend defines once with
/// `init_extended_color` and never changes (so cells already on screen keep their colour). When the
/// slots run out, a colour reuses the perceptually nearest (OKLab) colour defined so far. Slots 0-15
/// are never touched: they are the user's themed ANSI colours.
public struct PaletteAllocator: Sendable {
    public let slots: Range<Int32>
    private var assigned: [UInt32: Int32] = [:]
    private var defined: [(lab: OKLab, slot: Int32)] = []
    private var next: Int32

    public init(slots: Range<Int32> = 16..<256) {
        self.slots = slots
        self.next = slots.lowerBound
    }

    /// Slots defined so far.
    public var definedCount: Int { defined.count }

    /// The slot showing `color`; `isNew` is true when the caller must define it now.
    public mutating func slot(for color: RGB) -> (number: Int32, isNew: Bool) {
        if let slot = assigned[color.packed] { return (slot, false) }
        let lab = OKLab(color)
        if next < slots.upperBound {
            let slot = next
            next += 1
            assigned[color.packed] = slot
            defined.append((lab, slot))
            return (slot, true)
        }
        var best = defined.first?.slot ?? slots.lowerBound
        var bestDistance = Double.infinity
        for entry in defined {
            let distance = entry.lab.distanceSquared(to: lab)
            if distance < bestDistance {
                bestDistance = distance
                best = entry.slot
            }
        }
        assigned[color.packed] = best
        return (best, false)
    }
}
