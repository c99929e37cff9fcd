/// Splits a rectangle into rows or columns by fixed sizes, percentages and fills.
///
/// Sizes are given out in order: fixed and percentage parts first (each capped by the space that
/// is left), then the rest is shared by the fills in proportion to their weights. The parts always
/// cover the whole length: rounding leftovers go to the last fill, or to the last part when there
/// is no fill.
public struct Layout: Hashable, Sendable {
    public enum Direction: Hashable, Sendable {
        /// Parts stacked top to bottom.
        case vertical
        /// Parts side by side, left to right.
        case horizontal
    }

    public enum Constraint: Hashable, Sendable {
        /// Exactly this many cells (if there is room).
        case fixed(Int)
        /// This percentage of the whole length (after spacing), rounded down.
        case percent(Int)
        /// A share of what is left, by weight.
        case fill(Int)

        /// A fill of weight 1.
        public static let fill = Constraint.fill(1)
    }

    public var direction: Direction
    public var constraints: [Constraint]
    /// Cells left empty between neighbouring parts.
    public var spacing: Int

    public init(_ direction: Direction, _ constraints: [Constraint], spacing: Int = 0) {
        self.direction = direction
        self.constraints = constraints
        self.spacing = max(0, spacing)
    }

    /// Parts stacked vertically.
    public static func rows(_ constraints: [Constraint], spacing: Int = 0) -> Layout {
        Layout(.vertical, constraints, spacing: spacing)
    }

    /// Parts side by side.
    public static func columns(_ constraints: [Constraint], spacing: Int = 0) -> Layout {
        Layout(.horizontal, constraints, spacing: spacing)
    }

    /// The lengths of the parts along the split direction for a total `length`.
    public func lengths(for length: Int) -> [Int] {
        guard !constraints.isEmpty else { return [] }
        let available = max(0, length - spacing * (constraints.count - 1))
        var sizes = Array(repeating: 0, count: constraints.count)
        var remaining = available
        for (index, constraint) in constraints.enumerated() {
            switch constraint {
            case .fixed(let size):
                sizes[index] = min(max(0, size), remaining)
            case .percent(let percent):
                sizes[index] = min(available * min(100, max(0, percent)) / 100, remaining)
            case .fill:
                continue
            }
            remaining -= sizes[index]
        }
        let fills = constraints.enumerated().compactMap { entry -> (Int, Int)? in
            if case .fill(let weight) = entry.element { return (entry.offset, max(0, weight)) }
            return nil
        }
        let totalWeight = fills.reduce(0) { $0 + $1.1 }
        var given = 0
        for (index, weight) in fills where totalWeight > 0 {
            sizes[index] = remaining * weight / totalWeight
            given += sizes[index]
        }
        let leftover = remaining - given
        if let lastFill = fills.last?.0 {
            sizes[lastFill] += leftover
        } else {
            sizes[sizes.count - 1] += leftover
        }
        return sizes
    }

    /// The parts of `area`, in order.
    public func split(_ area: Rect) -> [Rect] {
        let length = direction == .vertical ? area.height : area.width
        var offset = 0
        return lengths(for: length).map { size in
            defer { offset += size + spacing }
            switch direction {
            case .vertical: return Rect(x: area.x, y: area.y + offset, width: area.width, height: size)
            case .horizontal: return Rect(x: area.x + offset, y: area.y, width: size, height: area.height)
            }
        }
    }
}
