import OTCore

/// The pixel grid a picture density lives on (see `ImageDensity`): the picture's size and the side of
/// the block of pixels each point stands for. Carried from the loader to the workbench so a picture
/// is drawn back as a picture instead of a cloud of pixel centres.
public struct PixelGrid: Sendable, Equatable {
    /// Width of the picture in pixels.
    public var width: Int
    /// Height of the picture in pixels.
    public var height: Int
    /// Side of the square block of pixels behind each point (the `downsample` factor; 1 for every pixel).
    public var blockSize: Int

    public init(width: Int, height: Int, blockSize: Int = 1) {
        precondition(width > 0 && height > 0 && blockSize > 0, "a pixel grid needs a positive size")
        self.width = width
        self.height = height
        self.blockSize = blockSize
    }

    /// Blocks across the picture (the last one narrower when the width is not a multiple).
    public var columns: Int { ImageDensity.blocks(width, blockSize) }
    /// Blocks down the picture.
    public var rows: Int { ImageDensity.blocks(height, blockSize) }

    /// The mass of each block, row-major (`rows x columns`), of a measure whose points are block
    /// centres in pixel units, as `ImageDensity` places them. Nil when the measure has no 2-D points
    /// or a point is not the centre of a block of this grid, so a measure that was edited since it
    /// was loaded is never drawn on the wrong grid.
    public func masses(of measure: Measure) -> [Double]? {
        guard let points = measure.points, points.columns == 2 else { return nil }
        var masses = [Double](repeating: 0, count: rows * columns)
        for i in 0..<points.rows {
            let x = points[i, 0], y = points[i, 1]
            guard x.isFinite, y.isFinite, x > 0, y > 0, x < Double(width), y < Double(height) else { return nil }
            let column = Int(x) / blockSize, row = Int(y) / blockSize
            guard x == centre(of: column, extent: width), y == centre(of: row, extent: height) else { return nil }
            masses[row * columns + column] += measure.weights[i]
        }
        return masses
    }

    /// The centre, in pixels, of block `index` along an axis `extent` pixels long.
    private func centre(of index: Int, extent: Int) -> Double {
        let low = index * blockSize, high = low + min(blockSize, extent - low)
        return Double(low + high) / 2
    }
}
