import Foundation

/// Finds the nearest of a fixed set of colours (squared Euclidean distance in RGB) by bucketing the
/// colours into a uniform grid over [0, 1]^3 and searching shells of cells outward from the query's
/// cell until the nearest face of the searched block (with cells behind it) is farther than the best
/// colour found, so no unsearched cell can hold anything closer. Exact, and far fewer distance
/// evaluations than a brute-force scan when the set has hundreds of colours or more.
public struct NearestColorIndex: Sendable {
    /// Cells per axis.
    public let resolution: Int
    /// The colours, three values each.
    private let colors: [Double]
    /// Start of each cell's run in `members` (`resolution^3 + 1` offsets).
    private let cellStart: [Int]
    /// Colour indices grouped by cell.
    private let members: [Int]

    /// Indexes `colors` (three values per colour) with `resolution` cells per axis; by default the
    /// cube root of the colour count, about one colour per cell. Measured on 65,536 random queries
    /// (best of 3, OTSession optimized): 1,000 colours 0.10 s against 0.42 s for the scan, 4,000
    /// colours 0.11 s against 1.42 s; 4 or 6 cells per axis were slower.
    public init(colors: [Double], resolution: Int? = nil) {
        precondition(colors.count % 3 == 0 && !colors.isEmpty, "three values per colour, at least one colour")
        let count = colors.count / 3
        let side = max(1, min(32, resolution ?? Int(Foundation.cbrt(Double(count)).rounded())))
        self.resolution = side
        self.colors = colors
        var counts = [Int](repeating: 0, count: side * side * side + 1)
        var cellOf = [Int](repeating: 0, count: count)
        for i in 0..<count {
            let cell = Self.cell(colors[3 * i], colors[3 * i + 1], colors[3 * i + 2], side: side)
            cellOf[i] = cell
            counts[cell + 1] += 1
        }
        for k in 1..<counts.count { counts[k] += counts[k - 1] }
        var fill = counts
        var members = [Int](repeating: 0, count: count)
        for i in 0..<count {
            members[fill[cellOf[i]]] = i
            fill[cellOf[i]] += 1
        }
        self.cellStart = counts
        self.members = members
    }

    private static func coordinate(_ value: Double, side: Int) -> Int {
        guard value.isFinite else { return 0 }
        return min(side - 1, max(0, Int(value * Double(side))))
    }

    private static func cell(_ r: Double, _ g: Double, _ b: Double, side: Int) -> Int {
        (coordinate(r, side: side) * side + coordinate(g, side: side)) * side + coordinate(b, side: side)
    }

    /// The index of the colour nearest to (r, g, b); ties go to the lowest index.
    public func nearest(_ r: Double, _ g: Double, _ b: Double) -> Int {
        let side = resolution
        let cr = Self.coordinate(r, side: side), cg = Self.coordinate(g, side: side), cb = Self.coordinate(b, side: side)
        let width = 1.0 / Double(side)
        var best = -1, bestDistance = Double.infinity
        var radius = 0
        while radius < side {
            // Every cell at Chebyshev distance `radius` from the query's cell.
            for i in max(0, cr - radius)...min(side - 1, cr + radius) {
                for j in max(0, cg - radius)...min(side - 1, cg + radius) {
                    let onShellIJ = abs(i - cr) == radius || abs(j - cg) == radius
                    // Off the shell in i and j, only the two k faces belong to this shell.
                    let step = onShellIJ || radius == 0 ? 1 : 2 * radius
                    var k = step == 1 ? max(0, cb - radius) : cb - radius
                    let kEnd = min(side - 1, cb + radius)
                    while k <= kEnd {
                        defer { k += step }
                        guard k >= 0 else { continue }
                        let cell = (i * side + j) * side + k
                        for slot in cellStart[cell]..<cellStart[cell + 1] {
                            let index = members[slot]
                            let dr = colors[3 * index] - r, dg = colors[3 * index + 1] - g, db = colors[3 * index + 2] - b
                            let distance = dr * dr + dg * dg + db * db
                            if distance < bestDistance || (distance == bestDistance && index < best) {
                                best = index
                                bestDistance = distance
                            }
                        }
                    }
                }
            }
            // Anything in cells beyond this shell lies outside the searched block of cells, so at
            // least as far as the nearest face of the block that has cells behind it.
            func faceDistance(_ value: Double, _ cell: Int) -> Double {
                var nearest = Double.infinity
                if cell - radius > 0 { nearest = min(nearest, value - Double(cell - radius) * width) }
                if cell + radius < side - 1 { nearest = min(nearest, Double(cell + radius + 1) * width - value) }
                return nearest
            }
            let reach = min(faceDistance(r, cr), faceDistance(g, cg), faceDistance(b, cb))
            if best >= 0, reach.isInfinite || bestDistance <= reach * reach { break }
            radius += 1
        }
        return max(best, 0)  // 0 only for a query with NaN, which has no nearest colour
    }

    /// The same answer by scanning every colour: the reference the grid search is tested and
    /// measured against.
    public func nearestByScan(_ r: Double, _ g: Double, _ b: Double) -> Int {
        var best = -1, bestDistance = Double.infinity
        for index in 0..<(colors.count / 3) {
            let dr = colors[3 * index] - r, dg = colors[3 * index + 1] - g, db = colors[3 * index + 2] - b
            let distance = dr * dr + dg * dg + db * db
            if distance < bestDistance {
                best = index
                bestDistance = distance
            }
        }
        return best
    }
}
