import OTCore
import OTData
import Terminal

/// The transport plan as a picture, drawn as the plan pane draws it: each block's density
/// `P/(ab)` (its plan mass per unit of the source and target mass it covers, `PlanDensity`)
/// coloured through a Terminal `Colormap`, one square of `cellSize` pixels per block, source points
/// down and target points across.
///
/// Plain block sums would show how many points each block holds (300 points in 256 blocks: blocks
/// of 1 and 2 points, stripes in a uniform plan); the density does not, so the independent plan
/// `a ⊗ b` is one flat colour at any size. On the log scale the top six decades below the largest
/// density are shown, as the pane shows them; zero blocks (and blocks with no source or target
/// mass) take the colormap's lowest colour.
public struct PlanHeatmapImage: Sendable {
    /// The most blocks per side; larger plans are summed into this many (mass-preserving).
    public static let maximumBlocks = 512
    /// Plans smaller than this many pixels on their longer side are drawn with larger squares.
    public static let minimumSide = 256

    public var logScale: Bool
    public var colormap: Colormap

    public init(logScale: Bool = true, colormap: Colormap = .viridis) {
        self.logScale = logScale
        self.colormap = colormap
    }

    /// The picture of `plan` between weights `a` (one per row) and `b` (one per column), summed
    /// into at most `maximumBlocks` blocks per side and divided by the blocks' masses. Weights that
    /// do not match the plan's size are taken as uniform (the density by point counts).
    public func render(_ plan: TransportPlan, a: [Double], b: [Double]) -> RGBImage {
        let rows = BlockAxis(count: plan.rows, limit: Self.maximumBlocks)
        let columns = BlockAxis(count: plan.columns, limit: Self.maximumBlocks)
        let sums = BlockAggregation.aggregate(plan, rows: rows, columns: columns)
        let density = PlanDensity(sums: sums, rows: rows, columns: columns,
                                  a: a.count == plan.rows ? a : Array(repeating: 1, count: plan.rows),
                                  b: b.count == plan.columns ? b : Array(repeating: 1, count: plan.columns))
        return render(density: density)
    }

    /// The picture of a plan's block densities.
    public func render(density: PlanDensity) -> RGBImage {
        render(grid: DenseMatrix(rows: density.sums.rows, columns: density.sums.columns, storage: density.densities))
    }

    /// The picture of a grid of values as it is (no division): one square per entry; NaN takes the
    /// lowest colour.
    public func render(grid: DenseMatrix) -> RGBImage {
        guard grid.rows > 0, grid.columns > 0 else { return RGBImage(width: 0, height: 0, channels: []) }
        let cell = Self.cellSize(rows: grid.rows, columns: grid.columns)
        let scale: AxisScale = logScale ? .log10 : .linear
        let range = PlanView.range(of: grid.storage, logScale: logScale) ?? 0...1
        let heatmap = Heatmap(values: grid.storage, rows: grid.rows, columns: grid.columns,
                              colormap: colormap, scale: scale, valueRange: range)
        let width = grid.columns * cell, height = grid.rows * cell
        var channels = [Double](repeating: 0, count: 3 * width * height)
        for row in 0..<grid.rows {
            for column in 0..<grid.columns {
                let color = colormap.color(at: heatmap.level(of: grid[row, column], in: range) ?? 0)
                let rgb = [Double(color.red), Double(color.green), Double(color.blue)].map { $0 * (1.0 / 255) }
                for y in (row * cell)..<((row + 1) * cell) {
                    for x in (column * cell)..<((column + 1) * cell) {
                        let p = y * width + x
                        channels[3 * p] = rgb[0]
                        channels[3 * p + 1] = rgb[1]
                        channels[3 * p + 2] = rgb[2]
                    }
                }
            }
        }
        return RGBImage(width: width, height: height, channels: channels)
    }

    /// Pixels per block side: enough to make the longer side at least `minimumSide`, at most 64.
    public static func cellSize(rows: Int, columns: Int) -> Int {
        max(1, min(64, minimumSide / max(1, max(rows, columns))))
    }
}
