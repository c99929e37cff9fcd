import OTCore
import OTData
import Terminal

/// The transport plan as a picture: the block-aggregated plan coloured through a Terminal
/// `Colormap`, one square of `cellSize` pixels per block, source points down and target points
/// across (as in the plan pane). On the log scale the top six decades below the largest block are
/// shown, as the pane shows them; zero blocks take the colormap's lowest colour.
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

    /// The picture of `plan`, aggregated to at most `maximumBlocks` per side.
    public func render(_ plan: TransportPlan) -> RGBImage {
        render(aggregated: BlockAggregation.aggregate(plan, maxRows: Self.maximumBlocks, maxColumns: Self.maximumBlocks))
    }

    /// The picture of an already aggregated plan.
    public func render(aggregated blocks: DenseMatrix) -> RGBImage {
        guard blocks.rows > 0, blocks.columns > 0 else { return RGBImage(width: 0, height: 0, channels: []) }
        let cell = Self.cellSize(rows: blocks.rows, columns: blocks.columns)
        let peak = blocks.maximum
        let scale: AxisScale = logScale ? .log10 : .linear
        let range: ClosedRange<Double> = peak > 0 ? (logScale ? (peak * 1e-6)...peak : 0...peak) : 0...1
        let heatmap = Heatmap(values: blocks.storage, rows: blocks.rows, columns: blocks.columns,
                              colormap: colormap, scale: scale, valueRange: range)
        let width = blocks.columns * cell, height = blocks.rows * cell
        var channels = [Double](repeating: 0, count: 3 * width * height)
        for row in 0..<blocks.rows {
            for column in 0..<blocks.columns {
                let color = colormap.color(at: heatmap.level(of: blocks[row, column], in: range) ?? 0)
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
