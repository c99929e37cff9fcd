/// A small procedural stroke font for the capital letters A–Z, so presets can draw letters
/// without font files.
///
/// Each letter is a few polylines on a grid 4 units wide and 6 high (x to the right, y downward,
/// like pixel rows). Drawn with a round pen of some thickness, the strokes give a plain sans-serif
/// letter at any size; curves (C, O, S...) are octagonal, which is plenty at picture sizes.
public enum StrokeFont {
    /// The width and height of the design grid.
    public static let gridWidth = 4.0
    public static let gridHeight = 6.0

    /// One straight piece of a stroke, in grid units.
    public struct Segment: Sendable, Equatable {
        public var x0, y0, x1, y1: Double

        /// The squared distance from the point `(x, y)` to the segment.
        public func squaredDistance(x: Double, y: Double) -> Double {
            let dx = x1 - x0, dy = y1 - y0
            let length2 = dx * dx + dy * dy
            var t = length2 > 0 ? ((x - x0) * dx + (y - y0) * dy) / length2 : 0
            t = min(1, max(0, t))
            let ex = x - (x0 + t * dx), ey = y - (y0 + t * dy)
            return ex * ex + ey * ey
        }
    }

    /// The letters the font draws.
    public static let letters: [String] = (UnicodeScalar("A").value...UnicodeScalar("Z").value).map { String(UnicodeScalar($0)!) }

    /// The segments of `letter` (one of `letters`), or nil for any other text.
    public static func segments(of letter: String) -> [Segment]? {
        guard let polylines = strokes[letter.uppercased()] else { return nil }
        var segments: [Segment] = []
        for line in polylines {
            for k in 1..<line.count {
                segments.append(Segment(x0: line[k - 1].0, y0: line[k - 1].1, x1: line[k].0, y1: line[k].1))
            }
        }
        return segments
    }

    /// The outline of O, shared by O and Q.
    private static let ring: [(Double, Double)] = [(1, 0), (3, 0), (4, 1), (4, 5), (3, 6), (1, 6), (0, 5), (0, 1), (1, 0)]
    /// The bowl of P, shared by P and R.
    private static let bowl: [(Double, Double)] = [(0, 6), (0, 0), (3, 0), (4, 1), (4, 2), (3, 3), (0, 3)]

    /// Polylines per letter, in grid units.
    private static let strokes: [String: [[(Double, Double)]]] = [
        "A": [[(0, 6), (2, 0), (4, 6)], [(0.8, 3.6), (3.2, 3.6)]],
        "B": [[(0, 3), (3, 3), (4, 4), (4, 5), (3, 6), (0, 6), (0, 0), (3, 0), (4, 1), (4, 2), (3, 3)]],
        "C": [[(4, 1), (3, 0), (1, 0), (0, 1), (0, 5), (1, 6), (3, 6), (4, 5)]],
        "D": [[(0, 0), (0, 6), (2.5, 6), (4, 4.5), (4, 1.5), (2.5, 0), (0, 0)]],
        "E": [[(4, 0), (0, 0), (0, 6), (4, 6)], [(0, 3), (3, 3)]],
        "F": [[(4, 0), (0, 0), (0, 6)], [(0, 3), (3, 3)]],
        "G": [[(4, 1), (3, 0), (1, 0), (0, 1), (0, 5), (1, 6), (3, 6), (4, 5), (4, 3.5), (2.5, 3.5)]],
        "H": [[(0, 0), (0, 6)], [(4, 0), (4, 6)], [(0, 3), (4, 3)]],
        "I": [[(1, 0), (3, 0)], [(2, 0), (2, 6)], [(1, 6), (3, 6)]],
        "J": [[(1, 0), (4, 0)], [(3, 0), (3, 5), (2, 6), (1, 6), (0, 5)]],
        "K": [[(0, 0), (0, 6)], [(4, 0), (0, 4)], [(1.5, 2.5), (4, 6)]],
        "L": [[(0, 0), (0, 6), (4, 6)]],
        "M": [[(0, 6), (0, 0), (2, 3), (4, 0), (4, 6)]],
        "N": [[(0, 6), (0, 0), (4, 6), (4, 0)]],
        "O": [ring],
        "P": [bowl],
        "Q": [ring, [(2.5, 4.5), (4, 6)]],
        "R": [bowl, [(2, 3), (4, 6)]],
        "S": [[(4, 1), (3, 0), (1, 0), (0, 1), (0, 2), (1, 3), (3, 3), (4, 4), (4, 5), (3, 6), (1, 6), (0, 5)]],
        "T": [[(0, 0), (4, 0)], [(2, 0), (2, 6)]],
        "U": [[(0, 0), (0, 5), (1, 6), (3, 6), (4, 5), (4, 0)]],
        "V": [[(0, 0), (2, 6), (4, 0)]],
        "W": [[(0, 0), (1, 6), (2, 3), (3, 6), (4, 0)]],
        "X": [[(0, 0), (4, 6)], [(4, 0), (0, 6)]],
        "Y": [[(0, 0), (2, 3), (4, 0)], [(2, 3), (2, 6)]],
        "Z": [[(0, 0), (4, 0), (0, 6), (4, 6)]],
    ]
}
