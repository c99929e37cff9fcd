import OTCore
import Terminal

/// Paint-your-own-distribution: the source and target of a 1-D or 2-D point-cloud problem as
/// coarse editable grids (bins on a line, cells in the plane) over the problem's bounding box.
///
/// Masses are kept in paint units: each measure starts binned so that its fullest cell holds
/// `initialPeak` units, and every add or remove moves one unit at the cursor. A side that was
/// edited becomes a measure at the centres of its non-empty cells, scaled to the side's original
/// total mass; a side never edited keeps its original points. A side can never be emptied.
public struct PaintCanvas: Sendable, Equatable {
    public enum Side: Sendable, Hashable {
        case source, target

        public var name: String { self == .source ? "source" : "target" }
    }

    /// Bins of a 1-D canvas.
    public static let bins1D = 24
    /// Columns and rows of a 2-D canvas.
    public static let columns2D = 24
    public static let rows2D = 12
    /// Units in the fullest cell of a freshly binned measure.
    public static let initialPeak = 4.0

    /// 1 or 2.
    public let dimension: Int
    public let columns: Int
    /// 1 for a 1-D canvas; row 0 is the top (largest y).
    public let rows: Int
    public let xRange: ClosedRange<Double>
    public let yRange: ClosedRange<Double>
    public private(set) var source: [Double]
    public private(set) var target: [Double]
    public private(set) var side: Side = .source
    public private(set) var cursorColumn: Int
    public private(set) var cursorRow: Int
    /// Sides changed since the canvas was made.
    public private(set) var edited: Set<Side> = []
    private let sourceMass: Double
    private let targetMass: Double

    /// A canvas for `problem`, or nil (with the reason) when the problem is not two 1-D or 2-D point
    /// clouds under a ground cost.
    public static func make(for problem: TransportProblem) -> Result<PaintCanvas, PaintUnavailable> {
        guard problem.groundCost != nil, let xs = problem.source.points, let ys = problem.target.points else {
            return .failure(PaintUnavailable(reason: "painting needs two point clouds under a ground cost (this problem has a given cost matrix)"))
        }
        guard xs.columns == ys.columns, (1...2).contains(xs.columns) else {
            return .failure(PaintUnavailable(reason: "painting works on 1-D and 2-D point clouds; these have \(xs.columns) coordinates"))
        }
        return .success(PaintCanvas(problem: problem, xs: xs, ys: ys))
    }

    /// Why a problem cannot be painted, in one sentence.
    public struct PaintUnavailable: Error, Sendable, Equatable {
        public var reason: String
    }

    private init(problem: TransportProblem, xs: DenseMatrix, ys: DenseMatrix) {
        dimension = xs.columns
        columns = dimension == 1 ? Self.bins1D : Self.columns2D
        rows = dimension == 1 ? 1 : Self.rows2D
        xRange = Self.padded((0..<xs.rows).map { xs[$0, 0] } + (0..<ys.rows).map { ys[$0, 0] })
        yRange = dimension == 2 ? Self.padded((0..<xs.rows).map { xs[$0, 1] } + (0..<ys.rows).map { ys[$0, 1] }) : 0...1
        sourceMass = problem.source.totalMass
        targetMass = problem.target.totalMass
        source = []
        target = []
        cursorColumn = columns / 2
        cursorRow = rows / 2
        source = binned(problem.source)
        target = binned(problem.target)
    }

    // MARK: Editing

    public func grid(_ side: Side) -> [Double] { side == .source ? source : target }

    public func mass(column: Int, row: Int, side: Side) -> Double { grid(side)[row * columns + column] }

    public mutating func switchSide() { side = side == .source ? .target : .source }

    public mutating func moveCursor(columns dx: Int, rows dy: Int) {
        cursorColumn = min(columns - 1, max(0, cursorColumn + dx))
        cursorRow = min(rows - 1, max(0, cursorRow + dy))
    }

    public mutating func setCursor(column: Int, row: Int) {
        cursorColumn = min(columns - 1, max(0, column))
        cursorRow = min(rows - 1, max(0, row))
    }

    /// Adds one unit at the cursor on the current side.
    public mutating func add() { change(by: 1) }

    /// Removes up to one unit at the cursor; returns false (and changes nothing) when the cell is
    /// empty or emptying it would leave the side with no mass.
    @discardableResult
    public mutating func remove() -> Bool {
        let index = cursorRow * columns + cursorColumn
        let cells = grid(side)
        guard cells[index] > 0 else { return false }
        let total = cells.reduce(0, +)
        guard total - min(1, cells[index]) > 0 else { return false }
        change(by: -1)
        return true
    }

    private mutating func change(by units: Double) {
        let index = cursorRow * columns + cursorColumn
        switch side {
        case .source: source[index] = max(0, source[index] + units)
        case .target: target[index] = max(0, target[index] + units)
        }
        edited.insert(side)
    }

    // MARK: Measures

    /// The centre of a cell in problem coordinates (one coordinate for a 1-D canvas).
    public func centre(column: Int, row: Int) -> [Double] {
        let x = xRange.lowerBound + (Double(column) + 0.5) * (xRange.upperBound - xRange.lowerBound) / Double(columns)
        guard dimension == 2 else { return [x] }
        let y = yRange.upperBound - (Double(row) + 0.5) * (yRange.upperBound - yRange.lowerBound) / Double(rows)
        return [x, y]
    }

    /// The painted side as a measure at cell centres with the side's original total mass.
    public func measure(_ side: Side) -> Measure {
        let cells = grid(side)
        let total = cells.reduce(0, +)
        let mass = side == .source ? sourceMass : targetMass
        var points: [Double] = []
        var weights: [Double] = []
        for row in 0..<rows {
            for column in 0..<columns where cells[row * columns + column] > 0 {
                points += centre(column: column, row: row)
                weights.append(cells[row * columns + column] / total * mass)
            }
        }
        return Measure(weights: weights, points: DenseMatrix(rows: weights.count, columns: dimension, storage: points))
    }

    /// `original` with every edited side replaced by its painted measure (costs recomputed).
    public func problem(from original: TransportProblem) -> TransportProblem {
        guard let groundCost = original.groundCost else { return original }
        let newSource = edited.contains(.source) ? measure(.source) : original.source
        let newTarget = edited.contains(.target) ? measure(.target) : original.target
        return TransportProblem(source: newSource, target: newTarget, groundCost: groundCost)
    }

    // MARK: Binning

    private func cell(of point: [Double]) -> Int {
        func index(_ value: Double, _ range: ClosedRange<Double>, _ count: Int) -> Int {
            PlotPosition.bin(PlotPosition.fraction(of: value, from: range.lowerBound, to: range.upperBound), count: count)
        }
        let column = index(point[0], xRange, columns)
        let row = dimension == 2 ? rows - 1 - index(point[1], yRange, rows) : 0
        return row * columns + column
    }

    private func binned(_ measure: Measure) -> [Double] {
        var cells = [Double](repeating: 0, count: rows * columns)
        guard let points = measure.points else { return cells }
        for i in 0..<points.rows where measure.weights[i] > 0 {
            cells[cell(of: (0..<dimension).map { points[i, $0] })] += measure.weights[i]
        }
        let peak = cells.max() ?? 0
        guard peak > 0 else { return cells }
        // Whole units, so that one add or remove is a visible step; every occupied cell keeps at least one.
        return cells.map { $0 > 0 ? max(1, ($0 / peak * Self.initialPeak).rounded()) : 0 }
    }

    /// min…max widened by 5% on each side (and to a unit span when all values are equal).
    private static func padded(_ values: [Double]) -> ClosedRange<Double> {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return 0...1 }
        if low == high { return (low - 0.5)...(high + 0.5) }
        let margin = (high / 2 - low / 2) * 0.1
        return max(-Double.greatestFiniteMagnitude, low - margin)...min(Double.greatestFiniteMagnitude, high + margin)
    }
}
